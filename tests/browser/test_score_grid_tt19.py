"""A TT 19/2019 year end to end: the principal approves a plan of two GVPT modules (40 tiết) in the browser, the group
head marks one input per assessed piece (0–10) with no ĐTB and the server's result while typing, the school confirms,
the teacher reads "Hoàn thành kế hoạch BDTX" on the result page and on the certificate."""

import pytest
from playwright.sync_api import expect

from assessment.models import Score, YearResult
from modules.models import Module
from plans.models import Plan, PlanItem, PlanStatus
from tests.browser.conftest import open_nav
from years.models import TrainingYear

pytestmark = pytest.mark.browser


@pytest.fixture
def tt19_plan(cast):
    year = TrainingYear.objects.create(
        department=cast.so,
        start_year=2026,
        is_current=True,
        ruleset="TT19_2019",
        quota_content1=40,
        quota_content2=40,
        quota_content3=40,
    )
    plan = Plan.objects.create(
        year=year, staff=cast.teacher_a1.staff, school=cast.school_a1, status=PlanStatus.SUBMITTED
    )
    PlanItem.objects.create(plan=plan, content=1, hours=40)
    PlanItem.objects.create(plan=plan, content=2, hours=40)
    for order, n in enumerate((4, 5)):
        module = Module.objects.update_or_create(
            code=f"GVPT{n:02d}", defaults={"level": "GVPT", "title": f"Mô đun GVPT {n}", "hours": 20}
        )[0]
        PlanItem.objects.create(plan=plan, content=3, module=module, hours=20, order=order)
    return plan


def _cell(page, what, piece):
    return page.get_by_label(f"Nguyễn Văn An — {what} — {piece}", exact=True)


def test_tt19_grid_marks_pieces_and_completes_the_plan(cast, new_page, log_in, tt19_plan):
    principal = new_page()
    log_in(principal, cast.principal_a1.username)
    open_nav(principal, "plan_list")
    table = principal.get_by_test_id("plan-table")
    table.get_by_role("checkbox", name="Nguyễn Văn An").check()
    principal.get_by_role("button", name="Phê duyệt các kế hoạch đã chọn").click()
    expect(table.locator("tr", has_text="Nguyễn Văn An").locator("[data-status]")).to_have_text("Đã phê duyệt")
    tt19_plan.refresh_from_db()
    assert tt19_plan.status == PlanStatus.APPROVED

    page = new_page()
    log_in(page, cast.group_head_a1.username)
    open_nav(page, "score_grid")
    row = page.get_by_test_id("grid-row").nth(0)
    expect(page.get_by_test_id("part-header").nth(0)).to_have_text("CT 01 · BTH")
    expect(row.get_by_test_id("average")).to_have_count(0)

    _cell(page, "Chương trình bồi dưỡng 01", "Bài thu hoạch").fill("7")
    _cell(page, "Chương trình bồi dưỡng 02", "Bài thu hoạch").fill("8,5")
    for code in ("GVPT04", "GVPT05"):
        _cell(page, f"mô đun {code}", "Bài kiểm tra lý thuyết").fill("6")
        _cell(page, f"mô đun {code}", "Bài kiểm tra thực hành").fill("4,75")
    expect(row.get_by_test_id("class")).to_have_text("Không hoàn thành kế hoạch BDTX")
    expect(row.locator("[data-reasons]")).to_contain_text("bài kiểm tra thực hành: 4,75, dưới 5,0")
    for code in ("GVPT04", "GVPT05"):
        _cell(page, f"mô đun {code}", "Bài kiểm tra thực hành").fill("5")
    expect(row.get_by_test_id("class")).to_have_text("Hoàn thành kế hoạch BDTX")

    page.get_by_test_id("save-grid").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu")).to_contain_text("Đã lưu 6 ô điểm của 1 người.")
    assert Score.objects.filter(plan=tt19_plan).exclude(piece="").count() == 6
    result = YearResult.objects.get(plan=tt19_plan)
    assert (result.classification, result.average, result.completed_hours) == ("HOAN_THANH", None, 120)

    manager = new_page()
    log_in(manager, cast.principal_a1.username)
    open_nav(manager, "results_confirm")
    manager.get_by_test_id("confirm-results").click()
    expect(manager.get_by_test_id("confirmation-status")).to_contain_text("Đã xác nhận")

    teacher = new_page()
    log_in(teacher, cast.teacher_a1.username)
    open_nav(teacher, "my_result")
    expect(teacher.get_by_test_id("result-class")).to_have_text("Hoàn thành kế hoạch BDTX")
    expect(teacher.get_by_test_id("result-average")).to_have_count(0)

    # The Phòng issues the certificates; the teacher confirmed the printed data first.
    import datetime

    from certificates import services as certificates

    staff = cast.teacher_a1.staff
    staff.birth_date, staff.birth_place = datetime.date(1985, 3, 5), "Sơn La"
    staff.save()
    certificates.personal_data_confirm(staff=staff, year=tt19_plan.year, user=cast.teacher_a1)
    summary = certificates.certificates_issue(school=cast.school_a1, year=tt19_plan.year, user=cast.phong_a_officer)
    assert len(summary.issued) == 1
    teacher.goto("/chung-nhan/cua-toi/")
    body = teacher.locator("main")
    expect(body).to_contain_text("Hoàn thành kế hoạch BDTX")
    expect(body).not_to_contain_text("ĐTB")

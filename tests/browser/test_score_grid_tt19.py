"""A TT 19/2019 year end to end: the teacher builds a plan of two GVPT modules (40 tiết) in the browser, the principal
approves it, the group
head marks one input per assessed piece (0–10) with no ĐTB and the server's result while typing, the school confirms,
the teacher reads "Hoàn thành kế hoạch BDTX" on the result page and on the certificate."""

import re

import pytest
from playwright.sync_api import expect

from assessment.models import Score, YearResult
from modules.models import Module, Topic
from plans.models import Plan, PlanStatus
from tests.browser.conftest import open_nav
from tests.factories import make_tt19_year

pytestmark = pytest.mark.browser


@pytest.fixture
def tt19_year(cast):
    """2026–2027 under TT 19/2019: programmes 01 and 02 published as one 40-tiết topic each, modules GVPT04–05.

    The catalog rows come from a data migration that a transactional test may have flushed: make them here."""
    year = make_tt19_year(cast.so, is_current=True)
    for content, title in ((1, "Chương trình 01 của Bộ"), (2, "Chương trình 02 của Sở")):
        Topic.objects.create(year=year, publisher=cast.so, content=content, level="TH", title=title, hours=40)
    for n in (4, 5):
        Module.objects.update_or_create(
            code=f"GVPT{n:02d}",
            defaults={"level": "GVPT", "title": f"Mô đun GVPT {n}", "hours": 20, "is_retired": False, "owner": None},
        )
    return year


def _cell(page, what, piece):
    return page.get_by_label(f"Nguyễn Văn An — {what} — {piece}", exact=True)


def test_tt19_grid_marks_pieces_and_completes_the_plan(cast, new_page, log_in, tt19_year):
    # The teacher builds the plan: programmes 01 and 02 come with the year, two GVPT modules make 03's 40 tiết.
    teacher = new_page()
    log_in(teacher, cast.teacher_a1.username)
    open_nav(teacher, "my_plan")
    teacher.get_by_role("button", name="Bắt đầu lập kế hoạch").click()
    expect(teacher).to_have_url(re.compile(r"/ke-hoach/cua-toi/sua/$"))
    expect(teacher.locator("main")).to_contain_text("Chương trình bồi dưỡng 01")
    expect(teacher.locator("main")).not_to_contain_text("Nội dung 3")
    for title in ("Chương trình 01 của Bộ", "Chương trình 02 của Sở"):
        teacher.locator("tr", has_text=title).get_by_label("Thời gian thực hiện").fill("Cả năm")
    rows = teacher.locator("[data-c3-row]")
    badge = teacher.locator("[data-total3]")
    expect(badge).to_have_text("0/40 tiết")
    for index, code in enumerate(("GVPT04", "GVPT05")):
        if index:
            teacher.get_by_role("button", name="+ Thêm mô đun").click()
        rows.nth(index).get_by_role("combobox", name="Mô đun", exact=True).select_option(code)
        rows.nth(index).locator("[name=c3_period]").fill("Học kỳ I")
    expect(badge).to_have_text("40/40 tiết")
    teacher.get_by_role("button", name="Lưu và nộp").click()
    expect(teacher.get_by_role("alert").filter(has_text="Đã nộp")).to_contain_text("Đã nộp kế hoạch.")
    tt19_plan = Plan.objects.get(staff=cast.teacher_a1.staff, year=tt19_year)
    assert tt19_plan.status == PlanStatus.SUBMITTED
    assert sorted(item.module.code for item in tt19_plan.items.filter(content=3)) == ["GVPT04", "GVPT05"]

    # The principal approves it.
    principal = new_page()
    log_in(principal, cast.principal_a1.username)
    open_nav(principal, "plan_list")
    table = principal.get_by_test_id("plan-table")
    table.get_by_role("checkbox", name="Nguyễn Văn An").check()
    principal.get_by_role("button", name="Phê duyệt các kế hoạch đã chọn").click()
    principal.get_by_test_id("confirm-batch-approve").click()  # the list of what will be approved, then go
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
    # The year lets the scores stand alone; no tiết were logged, so none are printed as done.
    assert (result.classification, result.average, result.completed_hours) == ("HOAN_THANH", None, 0)

    manager = new_page()
    log_in(manager, cast.principal_a1.username)
    open_nav(manager, "results_confirm")
    # People still incomplete are listed; confirming anyway takes a reason.
    expect(manager.get_by_test_id("confirmation-gaps")).to_be_visible()
    manager.get_by_label("Lý do vẫn xác nhận (bắt buộc, được ghi lại)").fill("Hết hạn đánh giá")
    manager.get_by_test_id("confirm-results").click()
    expect(manager.get_by_test_id("confirmation-status")).to_contain_text("Đã xác nhận")

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

"""Hours that count, in the browser: a teacher logs 30 tiết of 120 on her phone, the group head confirms 25 and
returns 5 with a reason; she is not "Hoàn thành" while the planned tiết are not confirmed, whatever her marks. When
the Sở lets the scores stand alone that year, she completes, and her certificate (read back from the PDF) and the
public verify page print the 25 tiết confirmed, not the 120 planned."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessment import services as assessment
from assessment.models import YearResult
from certificates import services as certificates
from certificates.models import Certificate
from modules.models import Module
from plans.models import Plan, PlanItem, PlanStatus
from study.models import LogStatus, StudyLog
from tests.browser.conftest import open_nav
from tests.certificates.conftest import pdf_text
from tests.factories import make_tt19_year

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def plan(cast):
    """2026–2027 under TT 19/2019, opened in the app (confirmed tiết required): Nguyễn Văn An's approved plan,
    programmes 01 and 02 of 40 tiết and two 20-tiết GVPT modules."""
    year = make_tt19_year(cast.so, is_current=True)
    year.hours_required = True
    year.save()
    plan = Plan.objects.create(
        year=year, staff=cast.teacher_a1.staff, school=cast.school_a1, status=PlanStatus.APPROVED
    )
    PlanItem.objects.create(plan=plan, content=1, hours=40, order=0)
    PlanItem.objects.create(plan=plan, content=2, hours=40, order=0)
    for order, n in enumerate((4, 5)):
        module = Module.objects.update_or_create(
            code=f"GVPT{n:02d}", defaults={"level": "GVPT", "title": f"Mô đun GVPT {n}", "hours": 20, "owner": None}
        )[0]
        PlanItem.objects.create(plan=plan, content=3, module=module, hours=20, order=order)
    return plan


def _marks(plan):
    """Every piece passed (the group head's grid, saved the tidy way: the hours are what this test is about)."""
    values = {"nd1": ("7",), "nd2": ("8",)}
    for item in plan.items.filter(content=3):
        values[f"m{item.pk}"] = ("6", "7")
    return {"plan_id": plan.pk, "version": 0, "values": values}


def test_only_confirmed_tiet_count_on_the_result_the_certificate_and_the_verify_page(cast, new_page, log_in, plan):
    day = datetime.date(2026, 11, 2).strftime("%d/%m/%Y")
    programme_01 = plan.items.get(content=1)

    # The teacher logs 10 + 10 + 5 + 5 tiết of programme 01 on her phone.
    teacher = new_page(viewport=PHONE)
    log_in(teacher, cast.teacher_a1.username)
    for hours in ("10", "10", "5", "5"):
        teacher.goto(reverse("study:study_log_add", args=[programme_01.pk]))
        teacher.get_by_label("Ngày học").fill(day)
        teacher.get_by_label("Số tiết").fill(hours)
        teacher.get_by_label("Nội dung đã học").fill("Tự học tài liệu chương trình 01")
        teacher.get_by_role("button", name="Lưu").click()
        expect(teacher.get_by_test_id("log-table")).to_be_visible()
    expect(teacher.get_by_test_id("total-logged")).to_have_text("30/120")
    expect(teacher.get_by_test_id("total-confirmed")).to_have_text("0")

    # The group head confirms the first three (25 tiết) and returns the last with a reason.
    head = new_page()
    log_in(head, cast.group_head_a1.username)
    head.goto(reverse("study:study_confirm"))
    boxes = head.get_by_test_id("confirm-table").locator("input[name=log]")
    expect(boxes).to_have_count(4)
    logs = list(StudyLog.objects.filter(item=programme_01).order_by("date", "id"))
    for log in logs[:3]:
        head.locator(f"input[name=log][value='{log.pk}']").check()
    head.get_by_test_id("batch-confirm").click()
    expect(head.get_by_role("alert").filter(has_text="Đã xác nhận")).to_contain_text("Đã xác nhận 3 nhật ký.")
    head.locator(f"input[name=log][value='{logs[3].pk}']").check()
    head.get_by_label("Hoặc trả lại các nhật ký đã chọn, với lý do người học sẽ đọc:").fill("Thiếu minh chứng")
    head.get_by_test_id("batch-return").click()
    expect(head.get_by_role("alert").filter(has_text="Đã trả lại")).to_be_visible()
    assert StudyLog.objects.get(pk=logs[3].pk).status == LogStatus.RETURNED

    teacher.goto(reverse("study:study_log"))
    expect(teacher.get_by_test_id("total-confirmed")).to_have_text("25")
    expect(teacher.get_by_test_id("log-table")).to_contain_text("Thiếu minh chứng")

    # Every mark passes, yet the plan is not completed: 25 of 120 tiết are confirmed.
    assessment.scores_save_grid(user=cast.group_head_a1, year=plan.year, rows=[_marks(plan)])
    principal = new_page()
    log_in(principal, cast.principal_a1.username)
    open_nav(principal, "results_confirm")
    expect(principal.get_by_test_id("confirmation-gaps")).to_contain_text("Nguyễn Văn An")
    principal.get_by_label("Lý do vẫn xác nhận (bắt buộc, được ghi lại)").fill("Hết hạn đánh giá")
    principal.get_by_test_id("confirm-results").click()
    expect(principal.get_by_test_id("confirmation-status")).to_contain_text("Đã xác nhận")

    open_nav(teacher, "my_result")
    expect(teacher.get_by_test_id("result-class")).to_have_text("Không hoàn thành kế hoạch BDTX")
    expect(teacher.get_by_test_id("result-hours")).to_contain_text("25/120 tiết đã được xác nhận")
    expect(teacher.get_by_test_id("result-reasons")).to_contain_text("Chưa đủ số tiết")

    # The Sở lets the scores stand alone this year; the Phòng reopens, the school confirms again.
    so = new_page()
    log_in(so, cast.so_officer.username)
    so.goto(reverse("years:year_edit", args=[plan.year_id]))
    so.get_by_label("Chỉ công nhận hoàn thành khi đủ số tiết đã được xác nhận").uncheck()
    so.get_by_role("button", name="Lưu").click()
    expect(so.get_by_role("alert").filter(has_text="Đã lưu")).to_be_visible()
    assessment.results_reopen(
        school=cast.school_a1, year=plan.year, user=cast.phong_a_officer, reason="Quyết định của Sở"
    )
    assessment.results_confirm(school=cast.school_a1, year=plan.year, user=cast.principal_a1, reason="Hết hạn")
    result = YearResult.objects.get(plan=plan)
    assert (result.classification, result.completed_hours, result.planned_hours) == ("HOAN_THANH", 25, 120)

    # The certificate and the verify page print the 25 tiết confirmed.
    staff = cast.teacher_a1.staff
    staff.birth_date, staff.birth_place = datetime.date(1985, 3, 5), "Sơn La"
    staff.save()
    certificates.personal_data_confirm(staff=staff, year=plan.year, user=cast.teacher_a1)
    certificates.certificates_issue(school=cast.school_a1, year=plan.year, user=cast.phong_a_officer)
    certificate = Certificate.objects.get(staff=staff, year=plan.year)
    pdf = teacher.request.get(reverse("certificates:certificate_pdf", args=[certificate.pk]))
    assert pdf.ok
    assert "(25 tiết)" in pdf_text(pdf.body())
    visitor = new_page(viewport=PHONE)
    visitor.goto(reverse("certificates:verify", args=[certificate.token]))
    expect(visitor.locator("main")).to_contain_text("25")
    expect(visitor.locator("main")).not_to_contain_text("120")

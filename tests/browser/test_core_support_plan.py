"""Core teachers in a real browser (issue 6 item 3): the core teacher fills and submits a support plan, the
principal opens it from the core teacher list and approves it, the teacher sees "Đã phê duyệt"."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coreteachers import services
from coreteachers.models import Status, Subject, SupportPlan, Transition
from tests.browser.conftest import open_nav
from years.models import TrainingYear

pytestmark = pytest.mark.browser


@pytest.fixture
def core_teacher(cast):
    """teacher_a1 designated by the principal as core teacher of Toán for the current year of Sở A."""
    today = timezone.localdate()
    year = TrainingYear.objects.create(
        department=cast.so, start_year=today.year if today.month >= 8 else today.year - 1, is_current=True
    )
    return services.designation_create(
        staff=cast.teacher_a1.staff, year=year, subject=Subject.TOAN, by=cast.principal_a1, decision="15/QĐ-TH"
    )


def _status(page):
    return page.locator("h1 [data-status]")


def test_core_teacher_submits_a_support_plan_and_the_principal_approves_it(cast, new_page, log_in, core_teacher):
    # --- The core teacher writes the plan ----------------------------------------------------------------------
    teacher = new_page()
    log_in(teacher, cast.teacher_a1.username)
    open_nav(teacher, "core_mine")
    expect(teacher).to_have_url(re.compile(r"/cot-can/cua-toi/$"))
    card = teacher.get_by_test_id("designation-card")
    expect(card).to_contain_text("Cốt cán môn Toán · Tiểu học")
    expect(card.locator("[data-status]").first).to_have_text("Chưa lập")
    card.get_by_role("link", name="Lập kế hoạch").click()
    teacher.get_by_role("link", name="Bắt đầu soạn").click()
    expect(teacher).to_have_url(re.compile(rf"/cot-can/{core_teacher.pk}/ke-hoach/soan/$"))

    teacher.get_by_label("Mục tiêu hỗ trợ").fill("Giúp đồng nghiệp tổ 4-5 dạy học phát triển năng lực môn Toán.")
    teacher.get_by_label("Các hoạt động hỗ trợ (mỗi hoạt động một dòng)").fill(
        "Dự giờ, góp ý tiết dạy\nSinh hoạt chuyên môn theo nghiên cứu bài học"
    )
    teacher.get_by_label("Thời gian thực hiện").fill("Tháng 10/2025 – tháng 4/2026")
    teacher.get_by_label("Trần Thị Bình").check()
    teacher.get_by_role("button", name="Lưu và nộp").click()

    expect(teacher).to_have_url(re.compile(rf"/cot-can/{core_teacher.pk}/ke-hoach/$"))
    expect(teacher.get_by_role("alert").filter(has_text="nộp")).to_contain_text("Đã lưu và nộp kế hoạch hỗ trợ.")
    expect(_status(teacher)).to_have_text("Đã nộp")
    expect(teacher.get_by_test_id("colleagues")).to_have_text("Trần Thị Bình")
    expect(teacher.get_by_test_id("decide")).to_have_count(0)  # the core teacher cannot approve their own plan

    # --- The principal finds it waiting and approves it --------------------------------------------------------
    principal = new_page()
    log_in(principal, cast.principal_a1.username)
    open_nav(principal, "core_teachers")
    expect(principal).to_have_url(re.compile(r"/cot-can/$"))
    principal.get_by_label("Tình trạng").select_option("plan_waiting")
    principal.get_by_role("button", name="Lọc").click()
    row = principal.get_by_test_id("designation-table").locator("tbody tr", has_text="Nguyễn Văn An")
    expect(row.locator("[data-col=plan] [data-status]")).to_have_text("Đã nộp")
    row.locator("[data-col=plan]").get_by_role("link").click()
    expect(principal).to_have_url(re.compile(rf"/cot-can/{core_teacher.pk}/ke-hoach/$"))
    expect(principal.get_by_test_id("plan")).to_contain_text("Sinh hoạt chuyên môn theo nghiên cứu bài học")
    principal.get_by_label("Ý kiến (không bắt buộc)").fill("Đồng ý, triển khai từ tháng 10.")
    principal.get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(principal.get_by_role("alert").filter(has_text="phê duyệt")).to_contain_text("Đã phê duyệt kế hoạch hỗ trợ.")
    expect(_status(principal)).to_have_text("Đã phê duyệt")
    expect(principal.get_by_test_id("transitions")).to_contain_text("Đồng ý, triển khai từ tháng 10.")

    # --- The teacher sees it approved --------------------------------------------------------------------------
    open_nav(teacher, "core_mine")
    expect(teacher.get_by_test_id("designation-card").locator("[data-status]").first).to_have_text("Đã phê duyệt")
    teacher.get_by_role("link", name="Xem").first.click()
    expect(_status(teacher)).to_have_text("Đã phê duyệt")

    plan = SupportPlan.objects.get(designation=core_teacher)
    assert (plan.status, plan.decided_by) == (Status.APPROVED, cast.principal_a1)
    assert list(plan.colleagues.values_list("full_name", flat=True)) == ["Trần Thị Bình"]
    assert list(
        Transition.objects.filter(designation=core_teacher).order_by("at", "id").values_list("action", "by__username")
    ) == [("created", "gv_a1"), ("submitted", "gv_a1"), ("approved", "ht_a1")]

"""A principal reviews the module-1 list of school A1 and flags a person with a reason before the closing date;
once the date has passed, the same pages are read-only and a save is refused with the lock message."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from gdpt import services
from gdpt.models import Campaign, LmsStatus, ModuleStatus, ReviewEntry
from modules.models import Module
from tests.browser.conftest import open_nav

pytestmark = pytest.mark.browser


@pytest.fixture
def campaign(cast):
    module, _ = Module.objects.update_or_create(code="MĐ1", defaults={"level": "GDPT2018_MD"})
    ModuleStatus.objects.create(staff=cast.teacher_a1.staff, module=module, status=LmsStatus.ENROLLED)
    ModuleStatus.objects.create(staff=cast.principal_a1.staff, module=module, status=LmsStatus.PASSED)
    return Campaign.objects.create(
        department=cast.so,
        module=module,
        title="Rà soát kết quả bồi dưỡng mô đun 1",
        closing_date=services.today() + datetime.timedelta(days=7),
        created_by=cast.so_officer,
    )


def _row(page, name):
    return page.get_by_test_id("review-row").filter(has_text=name)


def test_principal_flags_a_person_then_the_campaign_locks(cast, new_page, log_in, campaign):
    page = new_page()
    log_in(page, cast.principal_a1.username)
    open_nav(page, "gdpt_reviews")
    row = page.get_by_test_id("campaign-row").filter(has_text="Rà soát kết quả bồi dưỡng mô đun 1")
    row.get_by_test_id("open-review").click()
    expect(page).to_have_url(re.compile(rf"/mo-dun-gdpt/dot/{campaign.pk}/truong/{cast.school_a1.pk}/$"))

    # The school's own people only, with their LMS status.
    expect(page.get_by_test_id("review-row")).to_have_count(4)
    expect(page.get_by_test_id("review-table")).not_to_contain_text("Hoàng Văn Cường")
    teacher = _row(page, "Nguyễn Văn An")
    expect(teacher.get_by_test_id("lms-status")).to_have_text("Đã ghi danh")
    expect(teacher.get_by_test_id("reason")).to_have_text("Chưa ghi lý do")
    expect(_row(page, "Lê Thị Hoa").get_by_test_id("lms-status")).to_have_text("Đạt")

    # Flag the teacher with a reason and save.
    teacher.get_by_test_id("edit-entry").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Nguyễn Văn An")
    page.get_by_label("Lý do chưa hoàn thành").select_option(label="Nghỉ thai sản")
    page.get_by_test_id("save-entry").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu")).to_contain_text("Đã lưu thông tin của Nguyễn Văn An.")
    expect(_row(page, "Nguyễn Văn An").get_by_test_id("reason")).to_have_text("Nghỉ thai sản")
    assert ReviewEntry.objects.get(staff=cast.teacher_a1.staff).reason == "MATERNITY"

    # The principal starts changing the reason while the Sở moves the closing date into the past.
    _row(page, "Nguyễn Văn An").get_by_test_id("edit-entry").click()
    expect(page.get_by_label("Lý do chưa hoàn thành")).to_have_value("MATERNITY")
    page.get_by_label("Lý do chưa hoàn thành").select_option(label="Nghỉ ốm dài ngày")
    closing = services.today() - datetime.timedelta(days=1)
    Campaign.objects.filter(pk=campaign.pk).update(closing_date=closing)
    message = (
        f"Đợt rà soát đã khoá từ ngày {services.today():%d/%m/%Y} (hạn chót {closing:%d/%m/%Y}) nên không sửa được nữa."
    )

    # The save is refused with the message; the form comes back read-only, showing what was typed.
    page.get_by_test_id("save-entry").click()
    expect(page.get_by_role("alert").filter(has_text="Đợt rà soát đã khoá")).to_contain_text(message)
    expect(page.get_by_label("Lý do chưa hoàn thành")).to_be_disabled()
    expect(page.get_by_label("Lý do chưa hoàn thành")).to_have_value("SICK_LEAVE")
    expect(page.get_by_test_id("save-entry")).to_have_count(0)
    assert ReviewEntry.objects.get(staff=cast.teacher_a1.staff).reason == "MATERNITY"

    # Reloaded, the list and the form are read-only.
    page.goto(reverse("gdpt:review_detail", args=[campaign.pk, cast.school_a1.pk]))
    expect(page.get_by_test_id("locked-banner")).to_have_text(message)
    expect(page.get_by_test_id("submit-review")).to_have_count(0)
    expect(_row(page, "Nguyễn Văn An").get_by_test_id("reason")).to_have_text("Nghỉ thai sản")
    _row(page, "Nguyễn Văn An").get_by_test_id("edit-entry").click()
    expect(page.get_by_label("Lý do chưa hoàn thành")).to_be_disabled()
    expect(page.get_by_label("Lý do chưa hoàn thành")).to_have_value("MATERNITY")
    expect(page.get_by_label("Ngày sinh đúng (dd/mm/yyyy)")).to_be_disabled()
    expect(page.get_by_test_id("save-entry")).to_have_count(0)

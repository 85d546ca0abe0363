"""A principal returns a plan in the browser; the teacher, on a phone, sees the bell with one unread notice and its
reason, and the e-mail with the reason reaches a real SMTP server (issue 18's browser check)."""

import re

import pytest
from playwright.sync_api import expect

from reports.models import EmailStatus, Notification
from tests.browser.conftest import PHONE, open_nav
from tests.browser.test_plan_loop import plan_world, private_media, second_submitted_plan  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

REASON = "Bổ sung thời gian học mô đun TH5 vào học kỳ II"


def test_a_returned_plan_rings_the_bell_and_mails_the_reason(
    cast,
    second_submitted_plan,  # noqa: F811
    mail_server,
    settings,
    new_page,
    log_in,  # noqa: F811
):
    settings.BDTX_SITE_URL = "https://bdtx.sonla.edu.vn"
    teacher = second_submitted_plan.staff.user
    teacher.email = "yen.ly@a1.edu.vn"
    teacher.save()

    principal = new_page()
    log_in(principal, cast.principal_a1.username)
    open_nav(principal, "plan_list")
    principal.get_by_test_id("plan-table").locator("tr", has_text="Lý Thị Yến").get_by_role("link", name="Xem").click()
    principal.get_by_label("Lý do trả lại").fill(REASON)
    principal.get_by_role("button", name="Trả lại").click()
    expect(principal.get_by_role("alert").filter(has_text="trả lại")).to_be_visible()

    phone = new_page(viewport=PHONE)
    log_in(phone, teacher.username)
    expect(phone.get_by_test_id("unread-count")).to_have_text("1")
    # On a phone the menu is folded: the unread count stays in sight beside it.
    expect(phone.get_by_test_id("unread-phone")).to_be_visible()
    expect(phone.get_by_test_id("unread-phone")).to_contain_text("1")
    open_nav(phone, "notifications")
    notice = phone.get_by_test_id("notification-list").locator("form").first
    expect(notice).to_contain_text("Kế hoạch BDTX của bạn bị trả lại")
    expect(notice).to_contain_text(REASON)
    notice.get_by_role("button").click()
    expect(phone).to_have_url(re.compile(rf"/ke-hoach/cua-toi/\?year={second_submitted_plan.year_id}$"))
    expect(phone.get_by_role("link", name="Sửa kế hoạch")).to_be_visible()
    expect(phone.get_by_test_id("unread-count")).to_have_count(0)
    expect(phone.get_by_test_id("unread-phone")).to_have_count(0)

    (message,) = mail_server.inbox.to(teacher.email)
    assert mail_server.inbox.subject(message) == "Kế hoạch BDTX của bạn bị trả lại"
    text = mail_server.inbox.text(message)
    assert REASON in text and "https://bdtx.sonla.edu.vn/ke-hoach/cua-toi/?year=" in text
    assert Notification.objects.get(user=teacher).email_status == EmailStatus.SENT

"""Notifications (in the application and by e-mail) and reminders to units late with their report."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Position, Role
from audit.models import AuditEntry
from audit.registry import describe
from reports import chain, notifications
from reports.context_processors import notifications as notifications_context
from reports.models import NoticeKind, Notification, Reminder
from tests.factories import StaffFactory, UserFactory
from years.models import Deadline, DeadlineKind

from .test_chain import PAST, TODAY, confirm, give_result, set_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(cast):
    from years.models import TrainingYear

    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def a2_managers(cast):
    """The principal and a deputy of school A2 (A2's teacher must not be reminded)."""
    principal = StaffFactory(unit=cast.school_a2, full_name="Ngô Văn Hải", position=Position.PRINCIPAL)
    deputy = StaffFactory(unit=cast.school_a2, full_name="Lý Thị Mai", position=Position.DEPUTY_PRINCIPAL)
    return [
        UserFactory(username="ht_a2", role=Role.SCHOOL_MANAGER, unit=cast.school_a2, staff=principal),
        UserFactory(username="pht_a2", role=Role.SCHOOL_MANAGER, unit=cast.school_a2, staff=deputy),
    ]


@pytest.fixture
def late_a2(cast, year, a2_managers):
    """Phòng A's school deadline has passed; A1 has submitted, A2 has not."""
    set_deadline(year, DeadlineKind.SCHOOL_REPORT, cast.phong_a, PAST)
    give_result(cast.teacher_a1.staff, year, "KHA", "8.0")
    confirm(cast.school_a1, year)
    chain.report_submit(unit=cast.school_a1, year=year, user=cast.principal_a1)
    Notification.objects.all().delete()  # the submission's own notice to the Phòng
    return a2_managers


def remind(cast, year, units, user=None, on=TODAY):
    return notifications.reminder_send(
        from_unit=cast.phong_a, to_units=units, year=year, user=user or cast.phong_a_officer, on=on
    )


# ----------------------------------------------------------------------------------------------- reminders


def test_reminder_reaches_the_managers_of_late_schools_only(cast, year, late_a2):
    outcome = remind(cast, year, [cast.school_a1, cast.school_a2])

    recipients = set(Notification.objects.values_list("user__username", flat=True))
    assert recipients == {"ht_a2", "pht_a2"}  # not A1 (submitted), not A2's teacher
    assert [unit.code for unit, n in outcome.sent] == ["A2"] and outcome.recipients == 2
    assert [unit.code for unit in outcome.not_late] == ["A1"]
    notice = Notification.objects.filter(user__username="ht_a2").get()
    assert "20/05/2026" in notice.body and cast.phong_a.name in notice.body
    assert notice.url == reverse("reports:chain_unit", args=[cast.school_a2.pk])
    reminder = Reminder.objects.get()
    assert (reminder.to_unit, reminder.sent_on, reminder.recipients) == (cast.school_a2, TODAY, 2)
    # The reminder is in the audit log of the school it reached, with who sent it.
    logged = AuditEntry.objects.get(action="reports.reminder.sent")
    assert (logged.unit_id, logged.object_id, logged.after) == (cast.school_a2.pk, reminder.pk, 2)
    assert "2 người nhận" in describe(logged)


def test_nobody_is_late_before_the_deadline(cast, year, late_a2):
    with pytest.raises(chain.ReportError, match="chưa trễ hạn"):
        remind(cast, year, [cast.school_a2], on=PAST)
    assert not Notification.objects.exists()


def test_one_reminder_per_unit_per_day(cast, year, late_a2):
    remind(cast, year, [cast.school_a2])
    with pytest.raises(chain.ReportError, match="một lần mỗi ngày"):
        remind(cast, year, [cast.school_a2])
    assert Notification.objects.count() == 2

    remind(cast, year, [cast.school_a2], on=TODAY + datetime.timedelta(days=1))
    assert Notification.objects.count() == 4
    assert Reminder.objects.count() == 2


def test_the_so_reminds_a_late_phong_officer(cast, year):
    set_deadline(year, DeadlineKind.DISTRICT_REPORT, cast.so, PAST)
    outcome = notifications.reminder_send(
        from_unit=cast.so, to_units=[cast.phong_a], year=year, user=cast.so_officer, on=TODAY
    )
    assert outcome.recipients == 1
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["phong_a"]


def test_only_the_superiors_officers_remind(cast, year, late_a2):
    with pytest.raises(chain.ReportError, match="cấp trên"):
        remind(cast, year, [cast.school_a2], user=cast.phong_b_officer)
    with pytest.raises(chain.ReportError, match="cấp trên"):
        remind(cast, year, [cast.school_a2], user=cast.principal_a1)
    with pytest.raises(chain.ReportError, match="không trực thuộc"):
        remind(cast, year, [cast.school_b1])
    assert not Notification.objects.exists()


def _late_on_the_real_date(cast):
    """Pages judge lateness on the real date: move Phòng A's deadline to yesterday."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Deadline.objects.filter(unit=cast.phong_a).update(due_date=yesterday)


def test_remind_page_sends_to_every_late_unit_once(cast, year, late_a2, login):
    _late_on_the_real_date(cast)
    set_deadline(year, DeadlineKind.SCHOOL_REPORT, cast.phong_b, PAST)  # another Phòng's deadline: no effect
    client = login(cast.phong_a_officer)
    url = reverse("reports:chain_remind")
    response = client.post(url, {"year": year.pk, "all_late": "1"}, follow=True)
    assert "Đã nhắc 1 đơn vị (2 người nhận)" in response.content.decode()
    response = client.post(url, {"year": year.pk, "unit": [cast.school_a2.pk]}, follow=True)
    assert "một lần mỗi ngày" in response.content.decode()
    assert Notification.objects.count() == 2


def test_remind_page_ignores_units_outside_the_office(cast, year, late_a2, login):
    _late_on_the_real_date(cast)
    response = login(cast.phong_b_officer).post(
        reverse("reports:chain_remind"), {"year": year.pk, "unit": [cast.school_a2.pk]}, follow=True
    )
    assert response.status_code == 200
    assert not Notification.objects.exists()


# ----------------------------------------------------------------------------------------------- e-mail


def test_email_enabled_rules(settings):
    settings.BDTX_SEND_EMAIL = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert notifications.email_enabled() is False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.tinh-a.edu.vn"
    assert notifications.email_enabled() is True
    settings.EMAIL_HOST = ""
    assert notifications.email_enabled() is False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.BDTX_SEND_EMAIL = True
    assert notifications.email_enabled() is True


def test_a_mail_server_failure_does_not_break_the_action(cast, settings, django_capture_on_commit_callbacks):
    cast.principal_a1.email = "hieutruong@a1.edu.vn"
    cast.principal_a1.save()
    settings.BDTX_SEND_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 1
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(kind=NoticeKind.REPORT, users=[cast.principal_a1], title="Nhắc hạn")
    assert Notification.objects.count() == 1


# ----------------------------------------------------------------------------------------------- pages


def test_notification_pages(cast, login):
    mine = notifications.notify(
        kind=NoticeKind.REPORT, users=[cast.principal_a1], title="Báo cáo bị trả lại", url="/bao-cao/ket-qua/"
    )[0]
    other = notifications.notify(kind=NoticeKind.REPORT, users=[cast.teacher_a1], title="Riêng tư")[0]
    notifications.notify(kind=NoticeKind.REPORT, users=[cast.principal_a1], title="Ngoài", url="https://evil.example/")
    client = login(cast.principal_a1)

    page = client.get(reverse("reports:notification_list")).content.decode()
    assert "Báo cáo bị trả lại" in page and "Riêng tư" not in page

    response = client.post(reverse("reports:notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response.url == "/bao-cao/ket-qua/"
    mine.refresh_from_db()
    assert mine.is_read
    assert client.post(reverse("reports:notification_open", args=[other.pk])).status_code == 404
    outside = Notification.objects.get(title="Ngoài")
    response = client.post(reverse("reports:notification_open", args=[outside.pk]))
    assert response.url == reverse("reports:notification_list")  # never off-site

    assert notifications.unread_count(user=cast.principal_a1) == 0
    notifications.notify(kind=NoticeKind.REPORT, users=[cast.principal_a1], title="Mới")
    client.post(reverse("reports:notification_read_all"))
    assert notifications.unread_count(user=cast.principal_a1) == 0
    assert notifications.unread_count(user=cast.teacher_a1) == 1


def test_unread_count_in_the_context(cast, django_assert_num_queries):
    notifications.notify(kind=NoticeKind.REPORT, users=[cast.teacher_a1, cast.teacher_a1], title="Hai")
    request = RequestFactory().get("/")
    request.user = cast.teacher_a1
    context = notifications_context(request)
    with django_assert_num_queries(1):
        assert str(context["unread_notifications"]) == "2"
        assert context["unread_notifications"]
        assert int(context["unread_notifications"]) == 2
    request.user = cast.principal_a1
    assert not notifications_context(request)["unread_notifications"]


def test_navigation_items(cast):
    from bdtx.navigation import nav_for

    keys = {item["key"] for item in nav_for(cast.teacher_a1)}
    assert "notifications" in keys and "report_chain" not in keys
    keys = {item["key"] for item in nav_for(cast.principal_a1)}
    assert {"notifications", "report_chain"} <= keys
    assert "report_chain" in {item["key"] for item in nav_for(cast.phong_a_officer)}

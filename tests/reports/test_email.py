"""Notifications by e-mail (issue 18 item 4): sent by a Celery task after the commit through a real SMTP server
started for the test, as each person chose; failures retried, then kept for the administrator to send again."""

import datetime

import pytest
import time_machine
from django.core.checks import Error
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bdtx.checks import email_is_sent
from reports import notifications, tasks
from reports.models import EmailPreference, EmailStatus, NoticeKind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(cast):
    user = cast.teacher_a1
    user.email = "an.nguyen@truong-a1.edu.vn"
    user.save()
    return user


def _notify(user, kind=NoticeKind.PLAN_DECIDED, title="Kế hoạch BDTX của bạn bị trả lại", body="Thiếu mô đun 3"):
    return notifications.notify(users=[user], kind=kind, title=title, body=body, url=reverse("plans:my_plan"))


def test_a_notice_goes_out_after_the_commit_with_its_reason_and_link(
    teacher, mail_server, settings, django_capture_on_commit_callbacks
):
    settings.BDTX_SITE_URL = "https://bdtx.sonla.edu.vn"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (notice,) = _notify(teacher)
        assert mail_server.inbox.messages == []  # nothing before the commit
    for callback in callbacks:
        callback()

    (message,) = mail_server.inbox.to(teacher.email)
    assert mail_server.inbox.subject(message) == "Kế hoạch BDTX của bạn bị trả lại"
    text = mail_server.inbox.text(message)
    assert "Thiếu mô đun 3" in text
    assert "https://bdtx.sonla.edu.vn/ke-hoach/cua-toi/" in text
    assert "https://bdtx.sonla.edu.vn" + reverse("reports:email_settings") in text
    notice.refresh_from_db()
    assert (notice.email_status, notice.email_attempts, notice.email_to) == (EmailStatus.SENT, 1, teacher.email)


def test_a_rolled_back_action_sends_nothing(teacher, mail_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _notify(teacher)
        raise RuntimeError("the action failed")
    assert mail_server.inbox.messages == [] and not Notification.objects.exists()


def test_a_kind_turned_off_stays_in_the_app_only(teacher, mail_server, client, django_capture_on_commit_callbacks):
    client.force_login(teacher)
    page = client.get(reverse("reports:email_settings"))
    assert page.status_code == 200 and teacher.email in page.content.decode()
    # A teacher is offered what can reach a teacher: not plans to approve, reports, or a school's reopened deadline.
    offered = [choice[0] for choice in page.context["choices"]]
    assert offered == ["PLAN_DECIDED", "LOGS", "MARKS", "RESULTS", "CERTIFICATE", "DIGEST"]
    client.post(reverse("reports:email_settings"), {"kind": [kind for kind in offered if kind != NoticeKind.LOGS]})
    assert EmailPreference.objects.get(user=teacher).muted == [NoticeKind.LOGS.value]

    with django_capture_on_commit_callbacks(execute=True):
        (logs,) = _notify(teacher, kind=NoticeKind.LOGS, title="2 nhật ký bồi dưỡng của bạn đã được xác nhận")
        (plan,) = _notify(teacher)
    assert [mail_server.inbox.subject(message) for message in mail_server.inbox.messages] == [
        "Kế hoạch BDTX của bạn bị trả lại"
    ]
    logs.refresh_from_db()
    assert logs.email_status == EmailStatus.NONE and Notification.objects.filter(user=teacher).count() == 2


def test_nobody_without_an_address_or_without_a_mail_server_gets_a_mail(cast, teacher, settings, mail_server):
    (no_address,) = _notify(cast.teacher_a2)
    assert no_address.email_status == EmailStatus.NONE
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    (console,) = _notify(teacher)
    assert console.email_status == EmailStatus.NONE


@pytest.fixture
def retries_run_eagerly():
    """Eager tasks raise a retry instead of running it while they propagate errors; let them retry in place."""
    from bdtx.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def test_a_refusing_server_is_retried_then_the_failure_waits_for_the_administrator(
    cast, teacher, mail_server, client, django_capture_on_commit_callbacks, retries_run_eagerly
):
    mail_server.inbox.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = _notify(teacher)  # the action itself does not fail
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.FAILED
    assert notice.email_attempts == tasks.MAIL_RETRIES + 1
    assert "451" in notice.email_error

    client.force_login(cast.teacher_a1)
    assert client.get(reverse("reports:email_outbox")).status_code == 404
    client.force_login(cast.admin)
    page = client.get(reverse("reports:email_outbox")).content.decode()
    assert teacher.email in page and "451" in page

    mail_server.inbox.refuse = False
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:email_outbox"))
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.SENT and len(mail_server.inbox.to(teacher.email)) == 1
    assert "outbox-empty" in client.get(reverse("reports:email_outbox")).content.decode()


def test_a_mail_whose_task_was_lost_goes_with_the_periodic_run(teacher, mail_server):
    start = timezone.make_aware(datetime.datetime(2027, 5, 24, 8, 0))
    with time_machine.travel(start, tick=False):
        # The broker was down at the commit: the notice is kept, its e-mail pending.
        notice = Notification.objects.create(
            user=teacher,
            kind=NoticeKind.PLAN_DECIDED,
            title="Kế hoạch BDTX của bạn đã được phê duyệt",
            email_status=EmailStatus.PENDING,
            email_to=teacher.email,
        )
        assert tasks.send_pending_emails.delay().get() == 0  # too recent: its own task may still come
    with time_machine.travel(start + notifications.PENDING_GRACE + datetime.timedelta(minutes=1), tick=False):
        assert tasks.send_pending_emails.delay().get() == 1
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.SENT and len(mail_server.inbox.messages) == 1


def test_production_refuses_a_backend_that_does_not_deliver(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    (error,) = email_is_sent(None)
    assert isinstance(error, Error) and error.id == "bdtx.E001"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    assert [error.id for error in email_is_sent(None)] == ["bdtx.E002"]
    settings.EMAIL_HOST = "smtp.sonla.edu.vn"
    assert email_is_sent(None) == []

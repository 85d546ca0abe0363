"""Celery tasks of notifications: e-mails after the commit, the pending ones again, the daily reminder digests.
Tasks get ids only; the work is in notifications.py and reminders.py."""

from smtplib import SMTPException

from celery import shared_task

from . import notifications, reminders

MAIL_ERRORS = (SMTPException, OSError)
MAIL_RETRIES = 5


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=MAIL_ERRORS,
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=MAIL_RETRIES,
    time_limit=300,
)
def send_notification_emails(self, notification_ids):
    """Send the e-mails of these notifications; on a mail server error retry later, and mark them failed (for the
    administrator's list) after the last attempt."""
    return notifications.emails_send(notification_ids, final=self.request.retries >= MAIL_RETRIES)


@shared_task(acks_late=True, time_limit=600)
def send_pending_emails():
    """Periodic: e-mails whose task never ran (the broker was down at the commit) go again."""
    return notifications.emails_retry(failed=False)


@shared_task(acks_late=True, time_limit=1800)
def send_deadline_reminders():
    """Daily (Celery beat): one digest per person with work left for a deadline 7, 3 or 1 days away, or just past."""
    return reminders.digests_send()

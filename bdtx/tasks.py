"""Housekeeping tasks of the site as a whole (Celery beat runs them; the schedule is in settings)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task
def ping():
    """Round trip through the broker, used by the health check."""
    return "pong"


@shared_task(acks_late=True, time_limit=900, soft_time_limit=840)
def clean_sessions_and_login_records():
    """Daily: expired sessions go (``clearsessions``), and so do the login records of django-axes (attempts, the
    log of logins and of failures) older than ``LOGIN_RECORDS_KEEP_DAYS``: they hold user names and addresses."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    call_command("clearsessions")
    cutoff = timezone.now() - timedelta(days=settings.LOGIN_RECORDS_KEEP_DAYS)
    deleted = {
        model.__name__: model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    }
    logger.info("expired sessions cleared; login records older than %s deleted: %s", cutoff.date(), deleted)
    return deleted

"""Demo step for ``seed_demo``: what the app itself would have written beside the data the demo inserts in bulk.

The demo writes its rows in bulk, without the history rows a form or an import writes, and without the audit
entries its transitions would have written: a first edit of a demo record would then have nothing to compare with,
and every timeline would be empty. This step adds one creation history row per history-kept record ("Dữ liệu
mẫu") and fills the audit log from the event tables, as the migration that brought the log in did.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Min
from django.utils import timezone
from simple_history.models import registered_models

from audit.backfill import fill
from audit.models import AuditEntry
from plans.models import PlanTransition

REASON = "Dữ liệu mẫu"
BATCH = 2000


def step_history_and_audit(ctx):
    # The records existed before the year's work began: dated the day before its first plan step, so a timeline
    # reads the year's events first and the records' creation at its end.
    first_step = PlanTransition.objects.aggregate(first=Min("at"))["first"]
    created_at = first_step - timedelta(days=1) if first_step else timezone.now()
    for model in registered_models.values():
        records = model._default_manager.exclude(pk__in=model.history.values("id"))
        if records.exists():
            model.history.bulk_history_create(
                list(records), batch_size=BATCH, default_change_reason=REASON, default_date=created_at
            )
    fill(AuditEntry, ContentType, connection)

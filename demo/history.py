"""Demo step for ``seed_demo``: what the app itself would have written beside the data the demo inserts in bulk.

The demo writes its rows in bulk, without the history rows a form or an import writes, and without the audit
entries its transitions would have written: a first edit of a demo record would then have nothing to compare with,
and every timeline would be empty. This step adds one creation history row per history-kept record ("Dữ liệu
mẫu") and fills the audit log from the event tables, as the migration that brought the log in did.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from simple_history.models import registered_models

from audit.backfill import fill
from audit.models import AuditEntry

REASON = "Dữ liệu mẫu"
BATCH = 2000


def step_history_and_audit(ctx):
    for model in registered_models.values():
        manager = model._default_manager
        records = manager.exclude(pk__in=model.history.values("id"))
        if records.exists():
            model.history.bulk_history_create(list(records), batch_size=BATCH, default_change_reason=REASON)
    fill(AuditEntry, ContentType, connection)

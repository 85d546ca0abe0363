"""Backfill the audit log from the event tables written before it existed, so timelines show the past too.

The old tables stay (their pages read them); ``audit.backfill`` reads them with plain SQL by table name.
"""

from django.db import migrations


def backfill(apps, schema_editor):
    from audit.backfill import fill

    fill(apps.get_model("audit", "AuditEntry"), apps.get_model("contenttypes", "ContentType"), schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The source tables as they are today (read by table name, see above).
        ("accounts", "0001_initial"),
        ("plans", "0004_study_log_submit_token"),
        ("assessment", "0002_managers_confirmed_by_their_scoring_unit"),
        ("reports", "0003_job_details"),
        ("certificates", "0001_initial"),
        ("coreteachers", "0001_initial"),
        ("gdpt", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

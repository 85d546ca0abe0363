# Job moved to jobs/ (jobs 0001 takes over its state and content type); its table ``reports_job`` stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_job_details"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="Job",
                ),
            ],
            database_operations=[],
        ),
    ]

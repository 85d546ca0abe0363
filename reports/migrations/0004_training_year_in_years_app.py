"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_job_details'),
        ('years', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='reminder',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='years.trainingyear'),
                ),
                migrations.AlterField(
                    model_name='unitreport',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='years.trainingyear', verbose_name='năm học'),
                ),
            ],
        ),
    ]

"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0001_initial'),
        ('years', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='course',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='courses', to='years.trainingyear', verbose_name='năm học'),
                ),
                migrations.AlterField(
                    model_name='historicalcourse',
                    name='year',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='years.trainingyear', verbose_name='năm học'),
                ),
            ],
        ),
    ]

"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0001_initial'),
        ('years', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='certificate',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='years.trainingyear', verbose_name='năm học'),
                ),
                migrations.AlterField(
                    model_name='personaldatacheck',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='years.trainingyear', verbose_name='năm học'),
                ),
            ],
        ),
    ]

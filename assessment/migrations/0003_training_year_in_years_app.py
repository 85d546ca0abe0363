"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessment', '0002_managers_confirmed_by_their_scoring_unit'),
        ('years', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='schoolconfirmation',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='years.trainingyear'),
                ),
                migrations.AlterField(
                    model_name='yearresult',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='years.trainingyear'),
                ),
            ],
        ),
    ]

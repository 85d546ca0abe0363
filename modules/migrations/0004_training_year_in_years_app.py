"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('modules', '0003_catalog_titles'),
        ('years', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='topic',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='topics', to='years.trainingyear'),
                ),
            ],
        ),
    ]

"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessment', '0003_training_year_in_years_app'),
        ('certificates', '0002_training_year_in_years_app'),
        ('coreteachers', '0002_training_year_in_years_app'),
        ('courses', '0002_training_year_in_years_app'),
        ('modules', '0004_training_year_in_years_app'),
        ('plans', '0005_years_and_study_fields_move_out'),
        ('qualifications', '0002_training_year_in_years_app'),
        ('reports', '0004_training_year_in_years_app'),
        ('years', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='plan',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='years.trainingyear', verbose_name='năm học'),
                ),
                migrations.DeleteModel(
                    name='Deadline',
                ),
                migrations.DeleteModel(
                    name='DeadlineReopening',
                ),
                migrations.DeleteModel(
                    name='Evidence',
                ),
                migrations.DeleteModel(
                    name='StudyLog',
                ),
                migrations.DeleteModel(
                    name='TrainingSession',
                ),
                migrations.DeleteModel(
                    name='TrainingYear',
                ),
            ],
        ),
    ]

"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_study_log_submit_token'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='deadline',
                    name='unit',
                ),
                migrations.RemoveField(
                    model_name='deadline',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='deadlinereopening',
                    name='deadline',
                ),
                migrations.RemoveField(
                    model_name='deadlinereopening',
                    name='granted_by',
                ),
                migrations.RemoveField(
                    model_name='deadlinereopening',
                    name='school',
                ),
                migrations.RemoveField(
                    model_name='evidence',
                    name='log',
                ),
                migrations.RemoveField(
                    model_name='evidence',
                    name='uploaded_by',
                ),
                migrations.RemoveField(
                    model_name='studylog',
                    name='confirmed_by',
                ),
                migrations.RemoveField(
                    model_name='studylog',
                    name='item',
                ),
                migrations.RemoveField(
                    model_name='studylog',
                    name='session',
                ),
                migrations.RemoveField(
                    model_name='trainingsession',
                    name='attendees',
                ),
                migrations.RemoveField(
                    model_name='trainingsession',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='trainingsession',
                    name='module',
                ),
                migrations.RemoveField(
                    model_name='trainingsession',
                    name='school',
                ),
                migrations.RemoveField(
                    model_name='trainingsession',
                    name='topic',
                ),
                migrations.RemoveField(
                    model_name='trainingsession',
                    name='year',
                ),
                migrations.RemoveField(
                    model_name='trainingyear',
                    name='department',
                ),
            ],
        ),
    ]

"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

import django.db.models.deletion
from django.db import migrations, models


MODELS = ('trainingsession', 'studylog', 'evidence')


def content_types_to_study(apps, schema_editor):
    """Permissions, admin history and generic relations keep pointing at the moved models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="plans", model__in=MODELS).update(app_label="study")


def content_types_to_plans(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="study", model__in=MODELS).update(app_label="plans")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('study', '0001_initial'),
        ('years', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='trainingsession',
                    name='year',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='years.trainingyear', verbose_name='năm học'),
                ),
                migrations.AddField(
                    model_name='studylog',
                    name='session',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='logs', to='study.trainingsession'),
                ),
                migrations.AddConstraint(
                    model_name='studylog',
                    constraint=models.UniqueConstraint(condition=models.Q(('session__isnull', False)), fields=('item', 'session'), name='one_log_per_session'),
                ),
            ],
        ),
        migrations.RunPython(content_types_to_study, content_types_to_plans),
    ]

"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ('trainingyear', 'deadline', 'deadlinereopening')


def content_types_to_years(apps, schema_editor):
    """Permissions, admin history and generic relations keep pointing at the moved models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="plans", model__in=MODELS).update(app_label="years")


def content_types_to_plans(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="years", model__in=MODELS).update(app_label="plans")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('accounts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TrainingYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('start_year', models.PositiveSmallIntegerField(verbose_name='năm bắt đầu')),
                        ('ruleset', models.CharField(choices=[('TT26_2012', 'Thông tư 26/2012 (điểm 5+5, xếp 4 loại)'), ('TT19_2019', 'Thông tư 19/2019 (hoàn thành / không hoàn thành)')], default='TT26_2012', max_length=16, verbose_name='quy chế')),
                        ('quota_content1', models.PositiveSmallIntegerField(default=30, verbose_name='số tiết nội dung 1')),
                        ('quota_content2', models.PositiveSmallIntegerField(default=30, verbose_name='số tiết nội dung 2')),
                        ('quota_content3', models.PositiveSmallIntegerField(default=60, verbose_name='số tiết nội dung 3')),
                        ('is_current', models.BooleanField(default=False, verbose_name='năm học hiện tại')),
                        ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='training_years', to='accounts.orgunit', verbose_name='Sở GD&ĐT')),
                    ],
                    options={
                        'verbose_name': 'năm học',
                        'verbose_name_plural': 'năm học',
                        'db_table': 'plans_trainingyear',
                        'ordering': ['-start_year'],
                    },
                ),
                migrations.CreateModel(
                    name='Deadline',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('PLAN_SUBMIT', 'Nộp kế hoạch cá nhân'), ('PLAN_APPROVE', 'Phê duyệt kế hoạch'), ('EVALUATION_END', 'Kết thúc đánh giá'), ('SCHOOL_REPORT', 'Trường báo cáo cấp trên'), ('DISTRICT_REPORT', 'Phòng báo cáo Sở'), ('DEPARTMENT_REPORT', 'Sở báo cáo Bộ')], max_length=24, verbose_name='loại thời hạn')),
                        ('due_date', models.DateField(verbose_name='hạn cuối')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.orgunit', verbose_name='đơn vị đặt')),
                        ('year', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deadlines', to='years.trainingyear')),
                    ],
                    options={
                        'verbose_name': 'thời hạn',
                        'verbose_name_plural': 'thời hạn',
                        'db_table': 'plans_deadline',
                        'ordering': ['due_date'],
                    },
                ),
                migrations.CreateModel(
                    name='DeadlineReopening',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('until', models.DateField(verbose_name='mở đến ngày')),
                        ('reason', models.TextField(verbose_name='lý do')),
                        ('granted_at', models.DateTimeField(auto_now_add=True)),
                        ('deadline', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reopenings', to='years.deadline')),
                        ('granted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.orgunit')),
                    ],
                    options={
                        'db_table': 'plans_deadlinereopening',
                        'constraints': [models.UniqueConstraint(fields=('deadline', 'school'), name='one_reopening_per_school')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='trainingyear',
                    constraint=models.UniqueConstraint(fields=('department', 'start_year'), name='year_unique_per_department'),
                ),
                migrations.AddConstraint(
                    model_name='trainingyear',
                    constraint=models.UniqueConstraint(condition=models.Q(('is_current', True)), fields=('department',), name='one_current_year_per_department'),
                ),
                migrations.AddConstraint(
                    model_name='deadline',
                    constraint=models.UniqueConstraint(fields=('year', 'kind', 'unit'), name='deadline_unique_per_unit'),
                ),
            ],
        ),
        migrations.RunPython(content_types_to_years, content_types_to_plans),
    ]

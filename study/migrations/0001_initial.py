"""State only: the tables stay where they are (plans_*); the models now belong to years and study."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('modules', '0003_catalog_titles'),
        ('plans', '0005_years_and_study_fields_move_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='StudyLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='ngày học')),
                        ('hours', models.DecimalField(decimal_places=1, max_digits=4, verbose_name='số tiết')),
                        ('description', models.TextField(verbose_name='nội dung đã học')),
                        ('status', models.CharField(choices=[('PENDING', 'Chờ xác nhận'), ('CONFIRMED', 'Đã xác nhận')], default='PENDING', max_length=12, verbose_name='trạng thái')),
                        ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('submit_token', models.UUIDField(blank=True, editable=False, null=True, unique=True)),
                        ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='logs', to='plans.planitem', verbose_name='nội dung')),
                    ],
                    options={
                        'verbose_name': 'nhật ký bồi dưỡng',
                        'verbose_name_plural': 'nhật ký bồi dưỡng',
                        'db_table': 'plans_studylog',
                        'ordering': ['-date', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Evidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to='evidence/%Y/%m/')),
                        ('original_name', models.CharField(max_length=255)),
                        ('content_type', models.CharField(max_length=128)),
                        ('size', models.PositiveIntegerField()),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                        ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('log', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='study.studylog')),
                    ],
                    options={
                        'db_table': 'plans_evidence',
                    },
                ),
                migrations.CreateModel(
                    name='TrainingSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=500, verbose_name='nội dung buổi sinh hoạt')),
                        ('date', models.DateField(verbose_name='ngày')),
                        ('hours', models.DecimalField(decimal_places=1, max_digits=4, verbose_name='số tiết')),
                        ('content', models.PositiveSmallIntegerField(choices=[(1, '1'), (2, '2'), (3, '3')], verbose_name='nội dung')),
                        ('subject_group', models.CharField(blank=True, max_length=128, verbose_name='tổ chuyên môn')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('attendees', models.ManyToManyField(related_name='+', to='accounts.staff', verbose_name='người tham dự')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('module', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='modules.module')),
                        ('school', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.orgunit', verbose_name='trường')),
                        ('topic', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='modules.topic')),
                    ],
                    options={
                        'verbose_name': 'buổi sinh hoạt chuyên môn',
                        'verbose_name_plural': 'buổi sinh hoạt chuyên môn',
                        'db_table': 'plans_trainingsession',
                        'ordering': ['-date', '-id'],
                    },
                ),
            ],
        ),
    ]

# The Job model moved from reports/ to jobs/ without moving data: its table stays ``reports_job`` and this migration
# only tells Django's state about it; the content type (permissions, history) is relabelled in place.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _relabel(apps, schema_editor, old, new):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    # A row already under the new label (made by a migrate that stopped halfway) wins; the old one is then stale.
    if not content_types.filter(app_label=new, model="job").exists():
        content_types.filter(app_label=old, model="job").update(app_label=new)


def relabel_content_type(apps, schema_editor):
    _relabel(apps, schema_editor, "reports", "jobs")


def unrelabel_content_type(apps, schema_editor):
    _relabel(apps, schema_editor, "jobs", "reports")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reports", "0003_job_details"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Job",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(max_length=64, verbose_name="loại việc")),
                        ("title", models.CharField(blank=True, max_length=255, verbose_name="tiêu đề")),
                        ("params", models.JSONField(blank=True, default=dict, verbose_name="tham số")),
                        ("params_key", models.CharField(default="", editable=False, max_length=64)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Đang chờ"),
                                    ("running", "Đang chạy"),
                                    ("succeeded", "Hoàn thành"),
                                    ("failed", "Không thành công"),
                                    ("cancelled", "Đã huỷ"),
                                    ("expired", "Đã hết hạn"),
                                ],
                                default="pending",
                                max_length=16,
                                verbose_name="trạng thái",
                            ),
                        ),
                        ("done", models.PositiveIntegerField(default=0, verbose_name="đã xử lý")),
                        ("total", models.PositiveIntegerField(blank=True, null=True, verbose_name="tổng số")),
                        ("message", models.TextField(blank=True, verbose_name="thông báo")),
                        ("details", models.JSONField(blank=True, default=dict, verbose_name="chi tiết")),
                        ("file_path", models.CharField(blank=True, editable=False, max_length=255)),
                        ("file_name", models.CharField(blank=True, max_length=255, verbose_name="tên tệp")),
                        ("file_size", models.PositiveBigIntegerField(blank=True, editable=False, null=True)),
                        ("content_type", models.CharField(blank=True, editable=False, max_length=128)),
                        ("task_id", models.CharField(blank=True, editable=False, max_length=64)),
                        ("claim_token", models.CharField(blank=True, editable=False, max_length=32)),
                        ("attempts", models.PositiveSmallIntegerField(default=0, editable=False)),
                        (
                            "created_at",
                            models.DateTimeField(
                                db_index=True, default=django.utils.timezone.now, verbose_name="tạo lúc"
                            ),
                        ),
                        ("started_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        ("heartbeat_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="xong lúc")),
                        ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="hết hạn lúc")),
                        (
                            "requester",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="jobs",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="người yêu cầu",
                            ),
                        ),
                        (
                            "scope_unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="accounts.orgunit",
                                verbose_name="đơn vị",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "việc chạy nền",
                        "verbose_name_plural": "việc chạy nền",
                        "db_table": "reports_job",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(fields=["requester", "-created_at"], name="job_requester_recent"),
                            models.Index(fields=["status", "expires_at"], name="job_status_expiry"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, unrelabel_content_type),
    ]

"""Jobs: the unit of long work (exports, large imports, certificate batches).

A job row is created by a view (requester, scope, kind, parameters), claimed and filled by a Celery task
(status, progress, result file) and polled by the job page. The result file is stored as ``jobs/<id>/…`` in the
private storage (``jobs.jobs.job_storage()``: PRIVATE_MEDIA_ROOT or an S3 bucket) and is only served to the requester
until ``expires_at``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit


class Job(models.Model):
    """Việc chạy nền."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        SUCCEEDED = "succeeded", _("Hoàn thành")
        FAILED = "failed", _("Không thành công")
        CANCELLED = "cancelled", _("Đã huỷ")
        EXPIRED = "expired", _("Đã hết hạn")

    ACTIVE = (Status.PENDING, Status.RUNNING)

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE, related_name="jobs"
    )
    # The requester's unit when the job was created, for display and audit; tasks recompute scope from the user.
    scope_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("loại việc"), max_length=64)
    title = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    # sha256 of (kind, params) so a double-clicked request finds the job already under way.
    params_key = models.CharField(max_length=64, editable=False, default="")
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), null=True, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    # What the job page shows beside the message, e.g. the per-row errors of an import that wrote nothing.
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    # The stored name in the private storage (jobs/<id>/…); stored on success only, whole.
    file_path = models.CharField(max_length=255, blank=True, editable=False)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    content_type = models.CharField(max_length=128, blank=True, editable=False)
    # Who runs the job now: the Celery task id (a redelivered message keeps it) and a token per claim.
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)

    class Meta:
        db_table = "reports_job"  # the table it had before jobs/ left reports/
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requester", "-created_at"], name="job_requester_recent"),
            models.Index(fields=["status", "expires_at"], name="job_status_expiry"),
        ]

    def __str__(self):
        return self.title or self.kind

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def is_expired(self):
        """Expired even before the janitor has removed the file."""
        if self.status == self.Status.EXPIRED:
            return True
        return (
            self.status == self.Status.SUCCEEDED and self.expires_at is not None and self.expires_at <= timezone.now()
        )

    @property
    def import_errors(self):
        """The per-row errors of a refused import, as the import pages show them (row, column, letter, message)."""
        keys = ("row", "column", "letter", "message")
        return [dict(zip(keys, error, strict=True)) for error in self.details.get("errors", ())]

    @property
    def is_downloadable(self):
        return self.status == self.Status.SUCCEEDED and bool(self.file_path) and not self.is_expired

    @property
    def unit_word(self):
        """What ``done`` and ``total`` count: "giấy chứng nhận" for a certificate print, "dòng" for a table."""
        from .registry import kind_unit

        return kind_unit(self.kind)

    @property
    def display_status(self):
        return self.Status.EXPIRED.label if self.is_expired else self.get_status_display()

    @property
    def percent(self):
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return max(0, min(100, self.done * 100 // self.total))

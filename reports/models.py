"""Jobs: the unit of long work (exports, large imports, certificate batches).

A job row is created by a view (requester, scope, kind, parameters), claimed and filled by a Celery task
(status, progress, result file) and polled by the job page. The result file lives under
``PRIVATE_MEDIA_ROOT/jobs/<id>/`` and is only served to the requester until ``expires_at``.
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
    # Relative to PRIVATE_MEDIA_ROOT; written atomically on success only.
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


# ---------------------------------------------------------------------------------------------------------------
# The report chain: school → Phòng → Sở → Bộ (reports/chain.py writes these, reports/chain_selectors.py reads them)
# ---------------------------------------------------------------------------------------------------------------


class ReportStatus(models.TextChoices):
    """Trạng thái báo cáo. A unit with no report row has not submitted ("Chưa nộp")."""

    SUBMITTED = "SUBMITTED", _("Đã nộp")
    RETURNED = "RETURNED", _("Bị trả lại")
    ACCEPTED = "ACCEPTED", _("Đã tiếp nhận")


NOT_SUBMITTED = "NONE"


class UnitReport(models.Model):
    """Báo cáo kết quả BDTX năm học của một đơn vị gửi cấp trên.

    ``kind`` is the deadline it answers (years.models.DeadlineKind: SCHOOL_REPORT, DISTRICT_REPORT or
    DEPARTMENT_REPORT). ``snapshot`` is the JSON taken at the last submission: later score changes never alter
    it. Every change of ``status`` goes through reports.chain and leaves a ``ReportTransition``.
    """

    year = models.ForeignKey(
        "years.TrainingYear", verbose_name=_("năm học"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại báo cáo"), max_length=24)
    status = models.CharField(_("trạng thái"), max_length=12, choices=ReportStatus.choices)
    snapshot = models.JSONField(_("nội dung đã nộp"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("lần nộp"), default=0)
    due_date = models.DateField(_("hạn nộp"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("ý kiến của cấp trên"), blank=True)

    class Meta:
        verbose_name = _("báo cáo kết quả BDTX")
        verbose_name_plural = _("báo cáo kết quả BDTX")
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="one_report_per_unit_and_year")]
        indexes = [models.Index(fields=["year", "status"], name="unitreport_year_status")]

    def __str__(self):
        return f"{self.unit} — {self.year}"

    @property
    def submitted_late(self):
        """Submitted after the deadline in force at submission."""
        if self.submitted_at is None or self.due_date is None:
            return False
        return timezone.localtime(self.submitted_at).date() > self.due_date


class ReportTransition(models.Model):
    """Một lần chuyển trạng thái báo cáo: who, when, from, to, the comment and (for a submission) the snapshot."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=48)  # dotted code, e.g. bdtx.report.submitted
    from_status = models.CharField(max_length=12, blank=True)  # "" = chưa nộp
    to_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True)
    snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.report_id}: {self.from_status or '-'} → {self.to_status}"


class Reminder(models.Model):
    """Một lần nhắc nộp báo cáo: at most one per unit, kind and day (the unique constraint is the throttle)."""

    year = models.ForeignKey("years.TrainingYear", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24)
    from_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "to_unit", "sent_on"], name="one_reminder_per_unit_day")
        ]

    def __str__(self):
        return f"{self.to_unit} — {self.sent_on:%d/%m/%Y}"


class Notification(models.Model):
    """Thông báo trong ứng dụng gửi một người dùng (nhắc hạn, báo cáo bị trả lại …)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None

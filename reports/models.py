"""The report chain: school → Phòng → Sở → Bộ (reports/chain.py writes these, reports/chain_selectors.py reads them),
its reminders and the in-app notifications."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit


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


class NoticeKind(models.TextChoices):
    """Loại thông báo: each person chooses which of them also come by e-mail (``EmailPreference``)."""

    PLAN_WAITING = "PLAN_WAITING", _("Kế hoạch được nộp, chờ tôi phê duyệt")
    PLAN_DECIDED = "PLAN_DECIDED", _("Kế hoạch của tôi được duyệt, bị trả lại hoặc mở lại")
    LOGS = "LOGS", _("Nhật ký của tôi được xác nhận hoặc bị trả lại")
    MARKS = "MARKS", _("Điểm bồi dưỡng của tôi được nhập hoặc sửa")
    RESULTS = "RESULTS", _("Kết quả BDTX được xác nhận hoặc mở lại")
    CERTIFICATE = "CERTIFICATE", _("Giấy chứng nhận của tôi được cấp hoặc cấp lại")
    REPORT = "REPORT", _("Báo cáo được nộp, bị trả lại, được tiếp nhận hoặc nhắc nộp")
    DEADLINE = "DEADLINE", _("Thời hạn được mở lại cho đơn vị tôi")
    DIGEST = "DIGEST", _("Nhắc việc trước và sau thời hạn (nhiều nhất một thư mỗi ngày)")


class EmailStatus(models.TextChoices):
    """Trạng thái gửi thư of a notification: NONE when it is not sent by e-mail (no address, turned off …)."""

    NONE = "", _("Không gửi thư")
    PENDING = "PENDING", _("Chờ gửi")
    SENT = "SENT", _("Đã gửi")
    FAILED = "FAILED", _("Gửi không được")


class Notification(models.Model):
    """Thông báo trong ứng dụng gửi một người dùng (nhắc hạn, báo cáo bị trả lại …), and its e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=16, choices=NoticeKind.choices, default=NoticeKind.REPORT)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)
    # A reminder digest is one per person and day: the constraint makes the daily run safe to repeat.
    digest_on = models.DateField(_("nhắc việc ngày"), null=True, blank=True)
    email_status = models.CharField(_("thư điện tử"), max_length=8, choices=EmailStatus.choices, blank=True)
    email_to = models.EmailField(_("gửi tới"), blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    email_error = models.TextField(_("lỗi gửi thư"), blank=True)
    emailed_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["email_status", "created_at"], name="notification_email_status"),
        ]
        constraints = [models.UniqueConstraint(fields=["user", "digest_on"], name="one_digest_per_user_day")]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class EmailPreference(models.Model):
    """Nhận thông báo qua thư điện tử: the kinds a person turned off (all come by e-mail until they do)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference")
    muted = models.JSONField(_("loại không nhận qua thư"), default=list, blank=True)

    class Meta:
        verbose_name = _("nhận thông báo qua thư")
        verbose_name_plural = _("nhận thông báo qua thư")

    def __str__(self):
        return str(self.user)


class ReportPaper(models.Model):
    """Văn bản báo cáo: what a unit writes around its figures for a year — đánh giá chung, khó khăn, kiến nghị —
    printed in its report document with the figures of its page, and the scan of the paper once signed and sent."""

    year = models.ForeignKey("years.TrainingYear", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại báo cáo"), max_length=24)
    number = models.CharField(_("số văn bản"), max_length=16, blank=True)
    summary = models.TextField(_("đánh giá chung"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scan = models.FileField(_("bản chụp văn bản đã ký"), upload_to="reports/%Y/", blank=True)
    scan_name = models.CharField(max_length=255, blank=True)
    scan_type = models.CharField(max_length=128, blank=True)
    scan_size = models.PositiveIntegerField(default=0)
    scan_uploaded_at = models.DateTimeField(null=True, blank=True)
    scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản báo cáo")
        verbose_name_plural = _("văn bản báo cáo")
        constraints = [models.UniqueConstraint(fields=["year", "unit", "kind"], name="report_paper_unique")]

    def __str__(self):
        return f"{self.unit} {self.year} {self.kind}"

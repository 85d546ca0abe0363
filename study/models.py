"""Study logs, their evidence and the school's training sessions (buổi sinh hoạt chuyên môn)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from plans.models import PlanItem
from years.models import TrainingYear


class TrainingSession(models.Model):
    """Buổi sinh hoạt chuyên môn / bồi dưỡng tại trường, recorded once with its attendance list."""

    school = models.ForeignKey(OrgUnit, verbose_name=_("trường"), on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(TrainingYear, verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("nội dung buổi sinh hoạt"), max_length=500)
    date = models.DateField(_("ngày"))
    hours = models.DecimalField(_("số tiết"), max_digits=4, decimal_places=1)
    content = models.PositiveSmallIntegerField(_("nội dung"), choices=[(1, "1"), (2, "2"), (3, "3")])
    topic = models.ForeignKey("modules.Topic", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    module = models.ForeignKey("modules.Module", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_group = models.CharField(_("tổ chuyên môn"), max_length=128, blank=True)
    attendees = models.ManyToManyField("accounts.Staff", verbose_name=_("người tham dự"), related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "plans_trainingsession"
        verbose_name = _("buổi sinh hoạt chuyên môn")
        verbose_name_plural = _("buổi sinh hoạt chuyên môn")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"


class LogStatus(models.TextChoices):
    PENDING = "PENDING", _("Chờ xác nhận")
    CONFIRMED = "CONFIRMED", _("Đã xác nhận")
    RETURNED = "RETURNED", _("Bị trả lại")


class StudyLog(models.Model):
    """Nhật ký tự học: one study session against a plan item."""

    item = models.ForeignKey(PlanItem, verbose_name=_("nội dung"), on_delete=models.CASCADE, related_name="logs")
    date = models.DateField(_("ngày học"))
    hours = models.DecimalField(_("số tiết"), max_digits=4, decimal_places=1)
    description = models.TextField(_("nội dung đã học"))
    session = models.ForeignKey(TrainingSession, null=True, blank=True, on_delete=models.CASCADE, related_name="logs")
    status = models.CharField(_("trạng thái"), max_length=12, choices=LogStatus.choices, default=LogStatus.PENDING)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Trả lại: why the group head sent the entry back; the owner fixes it, which sends it again (PENDING).
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The one-time token of the form that created the entry: the same form sent twice records it once.
    submit_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        db_table = "plans_studylog"
        verbose_name = _("nhật ký bồi dưỡng")
        verbose_name_plural = _("nhật ký bồi dưỡng")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "session"], condition=models.Q(session__isnull=False), name="one_log_per_session"
            )
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.hours} tiết"

    @property
    def lacks_evidence(self):
        """Chưa có minh chứng: one's own study (not a school session, whose attendance list vouches for it), not
        confirmed yet, with no file (reads the prefetched ``evidence`` when there is one)."""
        return self.session_id is None and self.status != LogStatus.CONFIRMED and not self.evidence.all()


class Evidence(models.Model):
    """Minh chứng: an uploaded file kept outside the web root, served only to users in scope."""

    log = models.ForeignKey(StudyLog, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=128)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "plans_evidence"

    def __str__(self):
        return self.original_name

    @property
    def previewable(self):
        """Shown in the browser (study:evidence_preview): a photo or a PDF; Word and Excel files are downloaded."""
        from .uploads import PREVIEW_TYPES

        return self.content_type in PREVIEW_TYPES

    @property
    def is_image(self):
        """A photo or a picture: the evidence list shows its thumbnail."""
        from .uploads import JPEG, PNG

        return self.content_type in (JPEG, PNG)

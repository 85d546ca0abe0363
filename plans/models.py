"""Personal plans: the plan of one staff member for one year, its items and its approval history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from years.models import TrainingYear


class PlanStatus(models.TextChoices):
    """Trạng thái kế hoạch."""

    DRAFT = "DRAFT", _("Đang soạn")
    SUBMITTED = "SUBMITTED", _("Đã nộp")
    RETURNED = "RETURNED", _("Bị trả lại")
    APPROVED = "APPROVED", _("Đã phê duyệt")


class StudyForm(models.TextChoices):
    """Hình thức bồi dưỡng."""

    SELF_STUDY = "SELF", _("Tự học")
    SCHOOL = "SCHOOL", _("Sinh hoạt tập trung tại trường")
    ONLINE = "ONLINE", _("Trực tuyến")


class Plan(models.Model):
    """Kế hoạch BDTX cá nhân of one staff member for one training year."""

    year = models.ForeignKey(TrainingYear, verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="plans")
    staff = models.ForeignKey(
        "accounts.Staff", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="plans"
    )
    # The school at the time of the plan: staff can move, the plan stays with the school that approved it.
    school = models.ForeignKey(OrgUnit, verbose_name=_("trường"), on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(_("trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    exempt_content3 = models.BooleanField(_("miễn nội dung 3"), default=False)
    exemption_reason = models.TextField(_("lý do miễn"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Snapshot of the items when last returned, so the manager sees what changed on resubmission.
    returned_snapshot = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch BDTX cá nhân")
        verbose_name_plural = _("kế hoạch BDTX cá nhân")
        constraints = [models.UniqueConstraint(fields=["year", "staff"], name="one_plan_per_staff_and_year")]
        indexes = [models.Index(fields=["school", "year", "status"], name="plan_school_year_status")]

    def __str__(self):
        return f"{self.staff} — {self.year}"


class PlanItem(models.Model):
    """Một nội dung trong kế hoạch: a content 1/2 topic or a content 3 module, with period and form."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    content = models.PositiveSmallIntegerField(_("nội dung"), choices=[(1, "1"), (2, "2"), (3, "3")])
    # Named reverse relations let the catalog ask "which plans use this?" without importing plans (a higher app).
    topic = models.ForeignKey(
        "modules.Topic", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_items"
    )
    module = models.ForeignKey(
        "modules.Module", null=True, blank=True, on_delete=models.PROTECT, related_name="plan_items"
    )
    hours = models.PositiveSmallIntegerField(_("số tiết"))
    period = models.CharField(_("thời gian thực hiện"), max_length=64, blank=True)
    form = models.CharField(_("hình thức"), max_length=8, choices=StudyForm.choices, default=StudyForm.SELF_STUDY)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nội dung kế hoạch")
        verbose_name_plural = _("nội dung kế hoạch")
        ordering = ["content", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "module"], condition=models.Q(module__isnull=False), name="module_once_per_plan"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        if self.module_id:
            return str(self.module)
        return self.topic.title if self.topic_id else ""


class PlanTransition(models.Model):
    """Một lần chuyển trạng thái kế hoạch: who, when, from, to and the comment."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=12, choices=PlanStatus.choices)
    action = models.CharField(max_length=32)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.plan_id}: {self.from_status} → {self.to_status}"

"""Training years with their ruleset and hour quotas, their deadlines and the reopenings of a deadline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit

from .rulesets import Ruleset


class TrainingYear(models.Model):
    """Năm học BDTX of one Sở, with its ruleset and hour quotas."""

    department = models.ForeignKey(
        OrgUnit, verbose_name=_("Sở GD&ĐT"), on_delete=models.PROTECT, related_name="training_years"
    )
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    ruleset = models.CharField(_("quy chế"), max_length=16, choices=Ruleset.choices, default=Ruleset.TT26_2012)
    quota_content1 = models.PositiveSmallIntegerField(_("số tiết nội dung 1"), default=30)
    quota_content2 = models.PositiveSmallIntegerField(_("số tiết nội dung 2"), default=30)
    quota_content3 = models.PositiveSmallIntegerField(_("số tiết nội dung 3"), default=60)
    is_current = models.BooleanField(_("năm học hiện tại"), default=False)

    class Meta:
        db_table = "plans_trainingyear"
        verbose_name = _("năm học")
        verbose_name_plural = _("năm học")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["department", "start_year"], name="year_unique_per_department"),
            models.UniqueConstraint(
                fields=["department"], condition=models.Q(is_current=True), name="one_current_year_per_department"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"{self.start_year}–{self.start_year + 1}"

    @property
    def total_quota(self):
        return self.quota_content1 + self.quota_content2 + self.quota_content3

    def quota_for(self, content):
        return {1: self.quota_content1, 2: self.quota_content2, 3: self.quota_content3}[content]


class DeadlineKind(models.TextChoices):
    """Các mốc thời hạn của năm học."""

    PLAN_SUBMIT = "PLAN_SUBMIT", _("Nộp kế hoạch cá nhân")
    PLAN_APPROVE = "PLAN_APPROVE", _("Phê duyệt kế hoạch")
    EVALUATION_END = "EVALUATION_END", _("Kết thúc đánh giá")
    SCHOOL_REPORT = "SCHOOL_REPORT", _("Trường báo cáo cấp trên")
    DISTRICT_REPORT = "DISTRICT_REPORT", _("Phòng báo cáo Sở")
    DEPARTMENT_REPORT = "DEPARTMENT_REPORT", _("Sở báo cáo Bộ")


class Deadline(models.Model):
    """Thời hạn: set by a unit (Sở or Phòng) for everything below it."""

    year = models.ForeignKey(TrainingYear, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("loại thời hạn"), max_length=24, choices=DeadlineKind.choices)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị đặt"), on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("hạn cuối"))

    class Meta:
        db_table = "plans_deadline"
        verbose_name = _("thời hạn")
        verbose_name_plural = _("thời hạn")
        ordering = ["due_date"]
        constraints = [models.UniqueConstraint(fields=["year", "kind", "unit"], name="deadline_unique_per_unit")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.due_date:%d/%m/%Y}"


class DeadlineReopening(models.Model):
    """Mở lại thời hạn cho một trường: the unit that set a deadline lets one school act until a new date."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reopenings")
    school = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    until = models.DateField(_("mở đến ngày"))
    reason = models.TextField(_("lý do"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "plans_deadlinereopening"
        constraints = [models.UniqueConstraint(fields=["deadline", "school"], name="one_reopening_per_school")]

    def __str__(self):
        return f"{self.deadline} → {self.school}: {self.until:%d/%m/%Y}"

"""Training years with their ruleset and hour quotas, their deadlines and the reopenings of a deadline."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit

from .rulesets import Ruleset, regime


def last_ended_start_year(on):
    """The start year of the latest school year that has ended on ``on``: its June is over."""
    return on.year - 1 if on.month >= 7 else on.year - 2


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
    # A decision of the Sở allowing a content-3 exemption where the regime has none (TT 19/2019 forbids changing
    # programme 03, so an exemption needs a recorded decision: number, date and reason).
    exemption_decision_number = models.CharField(_("số quyết định cho phép miễn"), max_length=64, blank=True)
    exemption_decision_date = models.DateField(_("ngày quyết định cho phép miễn"), null=True, blank=True)
    exemption_decision_reason = models.TextField(_("lý do cho phép miễn"), blank=True)
    # A decision of the Sở letting a GDPT 2018 (ETEP) module and the GVPT module it overlaps both count in one year
    # (regulations §7.2); empty = the same training is never counted twice.
    overlap_decision = models.CharField(_("quyết định cho tính cả mô đun trùng nội dung"), max_length=300, blank=True)
    # TT 19/2019 Điều 11 and TT 26/2012 Điều 11: the plan is completed only with its planned tiết done, confirmed
    # (assessment.rules.with_hours). A year opened in the app requires them (years.services.year_create); a year
    # from before confirmed hours were kept, or a Sở's recorded exception, lets the scores stand alone.
    hours_required = models.BooleanField(_("chỉ hoàn thành khi đủ số tiết đã được xác nhận"), default=False)
    # Set when the tree was kept for this year before a restructuring (accounts.PastPlacement): its pages then read
    # that tree. False for every year the tree has not changed since, which costs those pages nothing.
    tree_kept = models.BooleanField(default=False, editable=False)

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
    def is_over(self):
        """Năm học đã kết thúc: no longer current and its June is over. Its people are those who had a plan in it,
        not today's staff (``plans.dashboards.staff_plan_counts``)."""
        return not self.is_current and self.start_year <= last_ended_start_year(timezone.localdate())

    @property
    def people_label(self):
        """The base of the year's staff figures: today's staff while it runs, its plans' people once over."""
        if self.is_over:
            return _("Cán bộ, giáo viên có kế hoạch năm học")
        return _("Cán bộ, giáo viên đang công tác")

    @property
    def people_label_short(self):
        return _("CB, GV có kế hoạch năm học") if self.is_over else _("CB, GV đang công tác")

    @property
    def is_read_only(self):
        """The year ended and the units were restructured since (its tree is kept): its pages read as they were, and
        nothing is submitted, reminded or given a deadline in it any more (the units that would act are gone)."""
        return self.tree_kept

    @property
    def name(self):
        return f"{self.start_year}–{self.start_year + 1}"

    @property
    def official_name(self):
        """The year as official titles, documents and file names write it: 2026-2027 (a hyphen, not the pages' dash)."""
        return f"{self.start_year}-{self.start_year + 1}"

    @property
    def label(self):
        """The year in a year switch: "2018–2019", or "2018–2019 · Sở GD&ĐT tỉnh Lai Châu (đã sáp nhập)" for a year
        of a Sở merged into another."""
        if self.department.merged_into_id:
            return _("%(year)s · %(department)s (đã sáp nhập)") % {"year": self.name, "department": self.department}
        return self.name

    @property
    def regime(self):
        """Everything regime-specific about this year (names, hours rule, exemption, marks): years.rulesets."""
        return regime(self.ruleset)

    @property
    def has_exemption_decision(self):
        return bool(self.exemption_decision_number and self.exemption_decision_date and self.exemption_decision_reason)

    @property
    def allows_exemption(self):
        """Miễn nội dung 3: always under TT 26/2012; under TT 19/2019 only with a recorded decision of the Sở."""
        return self.regime.exemption_by_default or self.has_exemption_decision

    def content_label(self, content):
        return self.regime.content_label(content)

    @property
    def total_quota(self):
        return self.quota_content1 + self.quota_content2 + self.quota_content3

    def quota_for(self, content):
        return {1: self.quota_content1, 2: self.quota_content2, 3: self.quota_content3}[content]


class DeadlineKind(models.TextChoices):
    """Các mốc thời hạn của năm học."""

    PLAN_SUBMIT = "PLAN_SUBMIT", _("Nộp kế hoạch cá nhân")
    PLAN_APPROVE = "PLAN_APPROVE", _("Phê duyệt kế hoạch")
    # Not a last day but a first one: results are locked, certificates issued and reports sent from this date.
    EVALUATION_START = "EVALUATION_START", _("Bắt đầu đánh giá, xếp loại")
    EVALUATION_END = "EVALUATION_END", _("Kết thúc đánh giá")
    SCHOOL_REPORT = "SCHOOL_REPORT", _("Trường báo cáo cấp trên")
    DISTRICT_REPORT = "DISTRICT_REPORT", _("UBND xã / Phòng báo cáo Sở")
    DEPARTMENT_REPORT = "DEPARTMENT_REPORT", _("Sở báo cáo Bộ")


class Deadline(models.Model):
    """Thời hạn: set by a unit (Sở or Phòng) for everything below it."""

    year = models.ForeignKey(TrainingYear, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("loại thời hạn"), max_length=24, choices=DeadlineKind.choices)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị đặt"), on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("hạn cuối"))
    # Where a date a new year got by default comes from (a circular, a Công văn); empty when a unit set it.
    source = models.CharField(_("căn cứ"), max_length=300, blank=True)

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

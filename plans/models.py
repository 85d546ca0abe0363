"""Training years with their rules and deadlines; personal plans, approvals and study logs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit


class Ruleset(models.TextChoices):
    """Quy chế áp dụng cho năm học."""

    TT26_2012 = "TT26_2012", _("Thông tư 26/2012 (điểm 5+5, xếp 4 loại)")
    TT19_2019 = "TT19_2019", _("Thông tư 19/2019 (hoàn thành / không hoàn thành)")


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
        constraints = [models.UniqueConstraint(fields=["deadline", "school"], name="one_reopening_per_school")]

    def __str__(self):
        return f"{self.deadline} → {self.school}: {self.until:%d/%m/%Y}"


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
    topic = models.ForeignKey("modules.Topic", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    module = models.ForeignKey("modules.Module", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
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
        verbose_name = _("buổi sinh hoạt chuyên môn")
        verbose_name_plural = _("buổi sinh hoạt chuyên môn")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"


class LogStatus(models.TextChoices):
    PENDING = "PENDING", _("Chờ xác nhận")
    CONFIRMED = "CONFIRMED", _("Đã xác nhận")


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
    created_at = models.DateTimeField(auto_now_add=True)
    # The one-time token of the form that created the entry: the same form sent twice records it once.
    submit_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
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


class Evidence(models.Model):
    """Minh chứng: an uploaded file kept outside the web root, served only to users in scope."""

    log = models.ForeignKey(StudyLog, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=128)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.original_name

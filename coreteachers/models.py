"""Giáo viên cốt cán: the yearly designation per subject and level, the plan to support colleagues and the
report on it, both approved by the principal of the core teacher's school.

``Staff.is_core_teacher`` stays the quick flag (the staff import sets it); ``coreteachers.services`` keeps it in
line with the designations of the current year through ``accounts.services.staff_save`` so the staff history
records each change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Level, OrgUnit


class Subject(models.TextChoices):
    """Môn học / lĩnh vực of a core teacher (GDPT 2018 subjects, preschool and management)."""

    MAM_NON = "MAM_NON", _("Giáo dục mầm non")
    TIENG_VIET = "TIENG_VIET", _("Tiếng Việt")
    NGU_VAN = "NGU_VAN", _("Ngữ văn")
    TOAN = "TOAN", _("Toán")
    NGOAI_NGU = "NGOAI_NGU", _("Ngoại ngữ (Tiếng Anh)")
    DAO_DUC = "DAO_DUC", _("Đạo đức")
    TU_NHIEN_XA_HOI = "TNXH", _("Tự nhiên và Xã hội")
    KHOA_HOC = "KHOA_HOC", _("Khoa học")
    KHTN = "KHTN", _("Khoa học tự nhiên")
    LICH_SU_DIA_LI = "LS_DL", _("Lịch sử và Địa lí")
    LICH_SU = "LICH_SU", _("Lịch sử")
    DIA_LI = "DIA_LI", _("Địa lí")
    VAT_LI = "VAT_LI", _("Vật lí")
    HOA_HOC = "HOA_HOC", _("Hóa học")
    SINH_HOC = "SINH_HOC", _("Sinh học")
    GDCD = "GDCD", _("Giáo dục công dân")
    GDKT_PL = "GDKT_PL", _("Giáo dục kinh tế và pháp luật")
    TIN_HOC = "TIN_HOC", _("Tin học")
    CONG_NGHE = "CONG_NGHE", _("Công nghệ")
    TIN_HOC_CONG_NGHE = "TH_CN", _("Tin học và Công nghệ")
    GDTC = "GDTC", _("Giáo dục thể chất")
    AM_NHAC = "AM_NHAC", _("Âm nhạc")
    MI_THUAT = "MI_THUAT", _("Mĩ thuật")
    HDTN = "HDTN", _("Hoạt động trải nghiệm, hướng nghiệp")
    GDQP_AN = "GDQP_AN", _("Giáo dục quốc phòng và an ninh")
    TIENG_DAN_TOC = "TIENG_DAN_TOC", _("Tiếng dân tộc thiểu số")
    QUAN_LY = "QUAN_LY", _("Quản lý giáo dục (cán bộ quản lý cốt cán)")
    OTHER = "OTHER", _("Khác")


class Status(models.TextChoices):
    """Trạng thái kế hoạch / báo cáo hỗ trợ đồng nghiệp."""

    DRAFT = "DRAFT", _("Đang soạn")
    SUBMITTED = "SUBMITTED", _("Đã nộp")
    RETURNED = "RETURNED", _("Bị trả lại")
    APPROVED = "APPROVED", _("Đã phê duyệt")


class Designation(models.Model):
    """Phân công giáo viên cốt cán: one staff member, one year, one subject and level."""

    year = models.ForeignKey(
        "years.TrainingYear", verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="core_designations"
    )
    staff = models.ForeignKey(
        "accounts.Staff", verbose_name=_("giáo viên"), on_delete=models.PROTECT, related_name="core_designations"
    )
    # The school at designation time: the plan and report are approved there even if the teacher moves later.
    school = models.ForeignKey(OrgUnit, verbose_name=_("trường"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("môn học / lĩnh vực"), max_length=16, choices=Subject.choices)
    level = models.CharField(_("cấp học"), max_length=8, choices=Level.choices)
    decision = models.CharField(_("số quyết định"), max_length=128, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    active = models.BooleanField(_("đang là cốt cán"), default=True)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người phân công"), on_delete=models.PROTECT, related_name="+"
    )
    designated_at = models.DateTimeField(_("ngày phân công"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(_("lý do thôi phân công"), blank=True)

    class Meta:
        verbose_name = _("phân công giáo viên cốt cán")
        verbose_name_plural = _("phân công giáo viên cốt cán")
        ordering = ["staff__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "staff", "subject", "level"], name="one_designation_per_subject_level_year"
            )
        ]
        indexes = [models.Index(fields=["year", "school", "active"], name="core_year_school_active")]

    def __str__(self):
        return f"{self.staff} — {self.get_subject_display()} ({self.level}, {self.year})"


class Document(models.Model):
    """What a support plan and a support report share: the approval workflow."""

    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SupportPlan(Document):
    """Kế hoạch hỗ trợ đồng nghiệp of a core teacher for the year of the designation."""

    designation = models.OneToOneField(Designation, on_delete=models.CASCADE, related_name="support_plan")
    goals = models.TextField(_("mục tiêu"))
    activities = models.TextField(_("hoạt động hỗ trợ"), help_text=_("Mỗi hoạt động một dòng"))
    schedule = models.TextField(_("thời gian thực hiện"), blank=True)
    colleagues = models.ManyToManyField(
        "accounts.Staff", verbose_name=_("đồng nghiệp được hỗ trợ"), blank=True, related_name="+"
    )
    other_targets = models.TextField(
        _("đối tượng khác"), blank=True, help_text=_("Trường, tổ chuyên môn khác được hỗ trợ (nếu có)")
    )

    class Meta:
        verbose_name = _("kế hoạch hỗ trợ đồng nghiệp")
        verbose_name_plural = _("kế hoạch hỗ trợ đồng nghiệp")

    def __str__(self):
        return str(self.designation)

    @property
    def activity_list(self):
        return [line.strip() for line in self.activities.splitlines() if line.strip()]


class SupportReport(Document):
    """Báo cáo kết quả hỗ trợ đồng nghiệp of a core teacher for the year of the designation."""

    designation = models.OneToOneField(Designation, on_delete=models.CASCADE, related_name="support_report")
    summary = models.TextField(_("kết quả đã thực hiện"))
    sessions_held = models.PositiveSmallIntegerField(_("số buổi hỗ trợ đã tổ chức"), default=0)
    colleagues_supported = models.PositiveSmallIntegerField(_("số đồng nghiệp được hỗ trợ"), default=0)
    evidence = models.TextField(_("minh chứng"), blank=True, help_text=_("Mô tả hoặc đường dẫn, mỗi mục một dòng"))

    class Meta:
        verbose_name = _("báo cáo hỗ trợ đồng nghiệp")
        verbose_name_plural = _("báo cáo hỗ trợ đồng nghiệp")

    def __str__(self):
        return str(self.designation)

    @property
    def evidence_list(self):
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


ACTION_LABELS = {
    "created": _("Tạo bản nháp"),
    "submitted": _("Nộp"),
    "withdrawn": _("Rút lại"),
    "returned": _("Trả lại"),
    "approved": _("Phê duyệt"),
    "reopened": _("Mở lại"),
}


class Transition(models.Model):
    """Một lần chuyển trạng thái of a support plan or report: who, when, from, to and the comment."""

    class Kind(models.TextChoices):
        PLAN = "PLAN", _("Kế hoạch hỗ trợ")
        REPORT = "REPORT", _("Báo cáo hỗ trợ")

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="transitions")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    action = models.CharField(max_length=32)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.designation_id} {self.kind}: {self.from_status} → {self.to_status}"

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, self.action)

"""Lớp bồi dưỡng (training courses) organised by a Sở or a Phòng, their budget and who attends.

Money is integer đồng. A course's total (thành tiền) is planned participants × cost per person; it is never
stored: ``Course.planned_total`` computes it for one course, ``courses.selectors.TOTAL`` in the database.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Audience, OrgUnit, Staff

# Upper bounds that keep every product and sum far inside a signed 64-bit integer.
MAX_CLASSES = 1_000
MAX_PARTICIPANTS = 100_000
MAX_COST_PER_PERSON = 10_000_000_000  # 10 tỷ đồng


class CourseAudience(models.TextChoices):
    """Đối tượng of a course: a group of staff by their work (accounts.Audience's teachers among them)."""

    ACCOUNTANT = "KE_TOAN", _("Kế toán")
    LIBRARIAN = "THU_VIEN", _("Thư viện")
    EQUIPMENT = "THIET_BI", _("Thiết bị, thí nghiệm")
    CLERK = "VAN_THU", _("Văn thư")
    SCHOOL_HEALTH = "Y_TE", _("Y tế học đường")
    COUNSELLING = "TU_VAN", _("Tư vấn học đường")
    GUARD = "BAO_VE", _("Bảo vệ")
    GROUP_HEAD = "TTCM", _("Tổ trưởng chuyên môn")
    HOMEROOM = "GVCN", _("Giáo viên chủ nhiệm")
    TEACHER = Audience.TEACHER.value, Audience.TEACHER.label
    PRINCIPAL = "HT", _("Hiệu trưởng, phó hiệu trưởng")
    OTHER = "KHAC", _("Khác")


class FundingSource(models.TextChoices):
    """Nguồn kinh phí."""

    STATE = "NSNN", _("Ngân sách nhà nước")
    LOCAL = "NSDP", _("Ngân sách địa phương")
    SOCIAL = "XHH", _("Xã hội hoá")
    OTHER = "KHAC", _("Khác")


class CourseStatus(models.TextChoices):
    PLANNED = "PLANNED", _("Dự kiến")
    ONGOING = "ONGOING", _("Đang học")
    FINISHED = "FINISHED", _("Đã kết thúc")


class Course(models.Model):
    """Một lớp (khoá) bồi dưỡng trong dự trù kinh phí của một Sở hoặc Phòng cho một năm học."""

    organiser = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="courses"
    )
    year = models.ForeignKey(
        "years.TrainingYear", verbose_name=_("năm học"), on_delete=models.PROTECT, related_name="courses"
    )
    name = models.CharField(_("tên lớp"), max_length=255)
    audience = models.CharField(_("đối tượng"), max_length=12, choices=CourseAudience.choices)
    audience_other = models.CharField(_("đối tượng khác"), max_length=128, blank=True)
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=8, choices=FundingSource.choices)
    funding_other = models.CharField(_("nguồn kinh phí khác"), max_length=128, blank=True)
    provider = models.CharField(_("cơ sở đào tạo"), max_length=255, blank=True)
    class_count = models.PositiveIntegerField(_("số lớp"), default=1)
    planned_participants = models.PositiveIntegerField(_("số người"))
    cost_per_person = models.PositiveBigIntegerField(_("kinh phí/người/khoá (đồng)"))
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=CourseStatus.choices, default=CourseStatus.PLANNED
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lớp bồi dưỡng")
        verbose_name_plural = _("lớp bồi dưỡng")
        ordering = ["year", "organiser__path", "id"]
        indexes = [models.Index(fields=["year", "organiser"], name="course_year_organiser")]
        constraints = [
            models.CheckConstraint(
                condition=Q(class_count__gte=1, class_count__lte=MAX_CLASSES), name="course_class_count_range"
            ),
            models.CheckConstraint(
                condition=Q(planned_participants__gte=1, planned_participants__lte=MAX_PARTICIPANTS),
                name="course_participants_range",
            ),
            models.CheckConstraint(
                condition=Q(cost_per_person__lte=MAX_COST_PER_PERSON), name="course_cost_per_person_range"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="course_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def planned_total(self) -> int:
        """Thành tiền = số người × kinh phí/người (đồng)."""
        return self.planned_participants * self.cost_per_person

    @property
    def audience_label(self):
        if self.audience == CourseAudience.OTHER and self.audience_other:
            return self.audience_other
        return self.get_audience_display()

    @property
    def funding_label(self):
        if self.funding_source == FundingSource.OTHER and self.funding_other:
            return f"{self.get_funding_source_display()}: {self.funding_other}"
        return self.get_funding_source_display()


class Enrollment(models.Model):
    """Học viên của một lớp: a staff record from the organiser's subtree, and whether they completed it."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    staff = models.ForeignKey(Staff, verbose_name=_("học viên"), on_delete=models.PROTECT, related_name="enrollments")
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    completed = models.BooleanField(_("hoàn thành"), default=False)
    completed_at = models.DateTimeField(_("ghi nhận hoàn thành lúc"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result_note = models.CharField(_("kết quả, ghi chú"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("học viên lớp bồi dưỡng")
        verbose_name_plural = _("học viên lớp bồi dưỡng")
        constraints = [
            models.UniqueConstraint(fields=["course", "staff"], name="one_enrollment_per_course_and_staff"),
            models.CheckConstraint(
                condition=Q(completed=False) | Q(completed_at__isnull=False), name="enrollment_completed_has_time"
            ),
        ]
        indexes = [models.Index(fields=["course", "completed"], name="enrollment_course_completed")]

    def __str__(self):
        return f"{self.staff} — {self.course}"

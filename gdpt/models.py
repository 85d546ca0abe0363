"""GDPT 2018 training modules (mô đun 1–9): each person's status on the national LMS, imported from its Excel
export, and the review campaigns (đợt rà soát) the Sở opens so schools check the list before a closing date.

- ``ModuleStatus``: one row per person × module, written only by the LMS import (``ImportBatch`` says which).
- ``Campaign``: the Sở's review of one module with a closing date; after that date every edit is refused.
- ``SchoolReview``: one school's answer to a campaign (draft → submitted to its superior unit).
- ``ReviewEntry``: per person of the school, the reason they have not completed the module (Phụ lục 5) and the
  corrections of name / date / place of birth they ask for (Phụ lục 4).
- ``ReviewEvent``: every change of a review, who and when (the recorded transitions).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit, Staff
from modules.models import CatalogLevel, Module


class LmsStatus(models.TextChoices):
    """Trạng thái trên hệ thống bồi dưỡng (LMS)."""

    NOT_ENROLLED = "NOT_ENROLLED", _("Chưa ghi danh")
    ENROLLED = "ENROLLED", _("Đã ghi danh")
    COMPLETED = "COMPLETED", _("Hoàn thành")
    PASSED = "PASSED", _("Đạt")


# Statuses that count as having completed the module; everything else (and no row at all) is "not completed".
DONE_STATUSES = (LmsStatus.COMPLETED, LmsStatus.PASSED)


class ImportBatch(models.Model):
    """One upload of the LMS export."""

    department = models.ForeignKey(
        OrgUnit, verbose_name=_("Sở"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    created = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)

    class Meta:
        verbose_name = _("lần nhập dữ liệu LMS")
        verbose_name_plural = _("lần nhập dữ liệu LMS")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.filename or str(self.pk)


class ModuleStatus(models.Model):
    """Trạng thái của một người với một mô đun GDPT 2018 trên LMS."""

    staff = models.ForeignKey(Staff, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="gdpt_statuses")
    module = models.ForeignKey(
        Module,
        verbose_name=_("mô đun"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": CatalogLevel.GDPT2018},
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=LmsStatus.choices)
    lms_full_name = models.CharField(_("họ và tên trên LMS"), max_length=128, blank=True)
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("lần nhập"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("trạng thái mô đun GDPT")
        verbose_name_plural = _("trạng thái mô đun GDPT")
        constraints = [models.UniqueConstraint(fields=["staff", "module"], name="gdpt_status_staff_module")]
        indexes = [models.Index(fields=["module", "status"], name="gdpt_status_module")]

    def __str__(self):
        return f"{self.staff_id} · {self.module_id} · {self.status}"

    @property
    def is_done(self):
        return self.status in DONE_STATUSES


class Campaign(models.Model):
    """Đợt rà soát kết quả bồi dưỡng một mô đun, do Sở mở, có hạn chót."""

    department = models.ForeignKey(OrgUnit, verbose_name=_("Sở"), on_delete=models.PROTECT, related_name="+")
    module = models.ForeignKey(
        Module,
        verbose_name=_("mô đun"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": CatalogLevel.GDPT2018},
    )
    title = models.CharField(_("tên đợt rà soát"), max_length=255)
    closing_date = models.DateField(_("hạn chót"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt rà soát")
        verbose_name_plural = _("đợt rà soát")
        ordering = ["-closing_date", "-id"]

    def __str__(self):
        return self.title


class ReviewStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Đang rà soát")
    SUBMITTED = "SUBMITTED", _("Đã gửi")


class SchoolReview(models.Model):
    """Kết quả rà soát của một trường trong một đợt."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reviews")
    school = models.ForeignKey(OrgUnit, verbose_name=_("trường"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    submitted_to = models.ForeignKey(
        OrgUnit, verbose_name=_("gửi đến"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả rà soát của trường")
        verbose_name_plural = _("kết quả rà soát của trường")
        constraints = [models.UniqueConstraint(fields=["campaign", "school"], name="gdpt_review_campaign_school")]

    def __str__(self):
        return f"{self.campaign_id} · {self.school_id}"


class Reason(models.TextChoices):
    """Lý do chưa hoàn thành / chưa tham gia bồi dưỡng."""

    MATERNITY = "MATERNITY", _("Nghỉ thai sản")
    SICK_LEAVE = "SICK_LEAVE", _("Nghỉ ốm dài ngày")
    NEWLY_HIRED = "NEWLY_HIRED", _("Mới tuyển dụng")
    TRANSFERRED = "TRANSFERRED", _("Chuyển công tác")
    OTHER = "OTHER", _("Khác")


class ReviewEntry(models.Model):
    """What a school says about one person: why they have not completed, and the corrections of their data."""

    review = models.ForeignKey(SchoolReview, on_delete=models.CASCADE, related_name="entries")
    staff = models.ForeignKey(Staff, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("lý do chưa hoàn thành"), max_length=16, choices=Reason.choices, blank=True)
    reason_note = models.CharField(_("ghi rõ lý do"), max_length=500, blank=True)
    corrected_full_name = models.CharField(_("họ và tên đúng"), max_length=128, blank=True)
    corrected_birth_date = models.DateField(_("ngày sinh đúng"), null=True, blank=True)
    corrected_birth_place = models.CharField(_("nơi sinh đúng"), max_length=255, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rà soát một người")
        verbose_name_plural = _("rà soát từng người")
        constraints = [models.UniqueConstraint(fields=["review", "staff"], name="gdpt_entry_review_staff")]

    def __str__(self):
        return f"{self.review_id} · {self.staff_id}"

    @property
    def has_correction(self):
        return bool(self.corrected_full_name or self.corrected_birth_date or self.corrected_birth_place)

    @property
    def reason_text(self):
        if not self.reason:
            return ""
        label = str(Reason(self.reason).label)
        return f"{label}: {self.reason_note}" if self.reason_note else label


class ReviewEvent(models.Model):
    """One recorded change of a school review (who, when, what)."""

    class Action(models.TextChoices):
        ENTRY_SAVED = "ENTRY_SAVED", _("Cập nhật thông tin một người")
        ENTRY_CLEARED = "ENTRY_CLEARED", _("Xoá lý do và điều chỉnh của một người")
        SUBMITTED = "SUBMITTED", _("Gửi kết quả rà soát")
        REOPENED = "REOPENED", _("Rút lại để sửa")

    review = models.ForeignKey(SchoolReview, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    detail = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.review_id} · {self.action}"

"""Qualifications of staff, their English certificates converted to CEFR, the Sở's choice of table and targets."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Audience, Level

from . import cefr


class Degree(models.TextChoices):
    """Trình độ đào tạo cao nhất, from lowest to highest."""

    TRUNG_CAP = "TRUNG_CAP", _("Trung cấp")
    CAO_DANG = "CAO_DANG", _("Cao đẳng")
    DAI_HOC = "DAI_HOC", _("Đại học")
    THAC_SI = "THAC_SI", _("Thạc sĩ")
    TIEN_SI = "TIEN_SI", _("Tiến sĩ")


MASTER_OR_HIGHER = (Degree.THAC_SI, Degree.TIEN_SI)


class PoliticalTheory(models.TextChoices):
    """Trình độ lý luận chính trị, from lowest to highest (cử nhân ranks with cao cấp)."""

    SO_CAP = "SO_CAP", _("Sơ cấp")
    TRUNG_CAP = "TRUNG_CAP", _("Trung cấp")
    CAO_CAP = "CAO_CAP", _("Cao cấp")
    CU_NHAN = "CU_NHAN", _("Cử nhân")


POLITICAL_MID_OR_HIGHER = (PoliticalTheory.TRUNG_CAP, PoliticalTheory.CAO_CAP, PoliticalTheory.CU_NHAN)

LanguageTest = models.TextChoices("LanguageTest", [(test, (test, cefr.TEST_LABELS[test])) for test in cefr.TESTS])
ConversionTableKey = models.TextChoices(
    "ConversionTableKey", [(key, (key, table.name)) for key, table in cefr.TABLES.items()]
)
CefrLevel = models.TextChoices("CefrLevel", [(level, (level, level)) for level in cefr.LEVELS])


class Qualification(models.Model):
    """Trình độ của một cán bộ: highest degree, political theory, whether they teach English, best CEFR level.

    ``cefr_level`` / ``cefr_rank`` hold the best level among the person's recorded certificate conversions; only
    ``services.qualification_refresh_cefr`` writes them.
    """

    staff = models.OneToOneField(
        "accounts.Staff", verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="qualification"
    )
    degree = models.CharField(_("trình độ đào tạo cao nhất"), max_length=12, choices=Degree.choices, blank=True)
    major = models.CharField(_("chuyên ngành"), max_length=128, blank=True)
    political_theory = models.CharField(
        _("trình độ lý luận chính trị"), max_length=12, choices=PoliticalTheory.choices, blank=True
    )
    teaches_english = models.BooleanField(
        _("giáo viên dạy tiếng Anh"),
        default=False,
        help_text=_("Đánh dấu để đối chiếu chứng chỉ tiếng Anh với chuẩn của cấp học (TH, THCS: B2; THPT, GDTX: C1)."),
    )
    cefr_level = models.CharField(_("trình độ tiếng Anh (CEFR)"), max_length=2, blank=True, editable=False)
    cefr_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["cefr_level", "cefr_rank", "updated_at"])

    class Meta:
        verbose_name = _("trình độ")
        verbose_name_plural = _("trình độ")

    def __str__(self):
        return f"{self.staff} — {self.get_degree_display() or '—'}"


class LanguageCertificate(models.Model):
    """Chứng chỉ tiếng Anh, with the conversion to CEFR recorded when it was entered (table key and source)."""

    staff = models.ForeignKey(
        "accounts.Staff", verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="language_certificates"
    )
    test = models.CharField(_("loại chứng chỉ"), max_length=12, choices=LanguageTest.choices)
    # {skill: "decimal as text"}; Cambridge: {"exam": "PET"}.
    scores = models.JSONField(_("điểm"), default=dict)
    issued_on = models.DateField(_("ngày cấp"))
    issuer = models.CharField(_("nơi cấp"), max_length=255, blank=True)
    evidence_note = models.TextField(_("minh chứng, ghi chú"), blank=True)
    # The conversion, as recorded when the certificate was entered.
    conversion_table = models.CharField(_("bảng quy đổi"), max_length=4, choices=ConversionTableKey.choices)
    conversion_source = models.TextField(_("nguồn bảng quy đổi"))
    conversion_year = models.ForeignKey(
        "years.TrainingYear",
        verbose_name=_("năm học chọn bảng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cefr_level = models.CharField(_("bậc CEFR quy đổi"), max_length=2, choices=CefrLevel.choices, blank=True)
    cefr_rank = models.PositiveSmallIntegerField(default=0)
    conversion_explanation = models.TextField(_("giải thích quy đổi"), blank=True)
    converted_at = models.DateTimeField(_("quy đổi lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chứng chỉ tiếng Anh")
        verbose_name_plural = _("chứng chỉ tiếng Anh")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["staff", "cefr_rank"], name="langcert_staff_rank")]

    def __str__(self):
        return f"{self.get_test_display()} — {self.staff}"

    @property
    def table(self):
        return cefr.TABLES.get(self.conversion_table)

    @property
    def shown_conversion_source(self):
        """The official reference of the table used, for users (the recorded source may name a web site)."""
        table = self.table
        if table is not None and table.source == self.conversion_source:
            return table.shown_reference
        return self.conversion_source

    def scores_display(self):
        """The scores as written on the certificate, e.g. "Nghe & Đọc 650, Nói 150"."""
        from decimal import Decimal, InvalidOperation

        parts = []
        for skill in cefr.SKILLS.get(self.test, ()):
            value = (self.scores or {}).get(skill)
            if value in (None, ""):
                continue
            if self.test == cefr.CAMBRIDGE:
                parts.append(str(value))
                continue
            try:
                shown = cefr.format_value(Decimal(str(value)))
            except InvalidOperation:
                shown = str(value)
            parts.append(shown if skill == cefr.SCORE else f"{cefr.SKILL_LABELS[skill]} {shown}")
        return ", ".join(parts)


class YearConversionTable(models.Model):
    """Bảng quy đổi CEFR the Sở uses for certificates entered in one school year (Table S when none is chosen)."""

    department = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("Sở GD&ĐT"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.OneToOneField(
        "years.TrainingYear", verbose_name=_("năm học"), on_delete=models.CASCADE, related_name="cefr_table"
    )
    table_key = models.CharField(_("bảng quy đổi"), max_length=4, choices=ConversionTableKey.choices)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bảng quy đổi CEFR của năm học")
        verbose_name_plural = _("bảng quy đổi CEFR của năm học")

    def __str__(self):
        return f"{self.year}: {self.get_table_key_display()}"


class UnitType(models.TextChoices):
    """Cấp học a target applies to (the staff's own cấp học), or every level."""

    ALL = "ALL", _("Mọi cấp học")
    MN = Level.MN.value, Level.MN.label
    TH = Level.TH.value, Level.TH.label
    THCS = Level.THCS.value, Level.THCS.label
    THPT = Level.THPT.value, Level.THPT.label
    GDTX = Level.GDTX.value, Level.GDTX.label


class TargetAudience(models.TextChoices):
    """Whom a target counts: managers, teachers (accounts.Audience), or both."""

    ALL = "ALL", _("CBQL và GV")
    MANAGERS = Audience.MANAGER.value, Audience.MANAGER.label
    TEACHERS = Audience.TEACHER.value, Audience.TEACHER.label


class Indicator(models.TextChoices):
    MASTER = "MASTER", _("Tỷ lệ có trình độ thạc sĩ trở lên")
    DOCTORATE = "DOCTORATE", _("Tỷ lệ có trình độ tiến sĩ")
    POLITICAL = "POLITICAL", _("Tỷ lệ có lý luận chính trị từ trung cấp trở lên")
    ENGLISH = "ENGLISH", _("Tỷ lệ GV tiếng Anh đạt chuẩn CEFR của cấp học")


class Target(models.Model):
    """Chỉ tiêu of a Sở for one school year: a share of staff of one cấp học and audience reaching an indicator."""

    department = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("Sở GD&ĐT"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.ForeignKey(
        "years.TrainingYear", verbose_name=_("năm học"), on_delete=models.CASCADE, related_name="qualification_targets"
    )
    unit_type = models.CharField(_("cấp học"), max_length=8, choices=UnitType.choices, default=UnitType.ALL)
    audience = models.CharField(
        _("đối tượng"), max_length=8, choices=TargetAudience.choices, default=TargetAudience.ALL
    )
    indicator = models.CharField(_("chỉ tiêu"), max_length=12, choices=Indicator.choices)
    target_percent = models.DecimalField(
        _("tỷ lệ phấn đấu (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu trình độ")
        verbose_name_plural = _("chỉ tiêu trình độ")
        ordering = ["indicator", "unit_type", "audience"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit_type", "audience", "indicator"], name="target_unique"),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} · {self.get_unit_type_display()} · {self.get_audience_display()}"

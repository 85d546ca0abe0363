"""Module catalog (content 3) and the content 1 / content 2 topics published each year."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Audience, OrgUnit
from core.vietnamese import fold

DEFAULT_MODULE_HOURS = 15  # UNCONFIRMED in regulations.md: one module = 15 tiết; editable per module.


class CatalogLevel(models.TextChoices):
    """Catalog a module belongs to: a school level, or the GDPT 2018 national modules."""

    MN = "MN", _("Mầm non")
    TH = "TH", _("Tiểu học")
    THCS = "THCS", _("Trung học cơ sở")
    THPT = "THPT", _("Trung học phổ thông")
    GDTX = "GDTX", _("Giáo dục thường xuyên")
    GDPT2018 = "GDPT2018_MD", _("Mô đun GDPT 2018")
    # The 2019 programmes (TT 19/2019 years): one catalog per audience of the programme circulars.
    GVPT = "GVPT", _("Giáo viên phổ thông (Thông tư 17/2019)")
    GVMN = "GVMN", _("Giáo viên mầm non (Thông tư 12/2019)")
    CBQL_MN = "CBQL_MN", _("Cán bộ quản lý mầm non (Thông tư 11/2019)")
    CBQL_GDPT = "CBQL_GDPT", _("Cán bộ quản lý phổ thông (Thông tư 18/2019)")


class Module(models.Model):
    """Mô đun bồi dưỡng (nội dung 3)."""

    code = models.CharField(_("mã mô đun"), max_length=32, unique=True)
    level = models.CharField(_("cấp học"), max_length=16, choices=CatalogLevel.choices)
    audience = models.CharField(_("đối tượng"), max_length=8, choices=Audience.choices, default=Audience.TEACHER)
    title = models.CharField(_("tên mô đun"), max_length=500, blank=True)
    hours = models.PositiveSmallIntegerField(_("số tiết"), default=DEFAULT_MODULE_HOURS)
    group = models.CharField(_("nhóm"), max_length=128, blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    owner = models.ForeignKey(
        OrgUnit,
        verbose_name=_("đơn vị bổ sung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Trống với mô đun của Bộ; là Sở với mô đun địa phương."),
    )
    is_retired = models.BooleanField(_("ngừng sử dụng"), default=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        verbose_name = _("mô đun")
        verbose_name_plural = _("mô đun")
        ordering = ["level", "sequence", "code"]

    def __str__(self):
        return f"{self.code} — {self.display_title}" if self.display_title != self.code else self.code

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.title}")[:600]
        super().save(*args, **kwargs)

    @property
    def display_title(self):
        """The title; where the catalog has no confirmed title yet, "nhóm <group>" (GVPT13 → "nhóm IV. …"),
        or the code when it has no group either. Never the ``source`` note, which is for admins only."""
        if self.title:
            return self.title
        if self.group:
            return _("nhóm %(group)s") % {"group": self.group}
        return self.code

    @property
    def needs_title(self):
        """A national or local module still without a title: the catalog page flags it for admins and the Sở."""
        return not self.title


class Content(models.IntegerChoices):
    """Nội dung bồi dưỡng."""

    ONE = 1, _("Nội dung 1")
    TWO = 2, _("Nội dung 2")
    THREE = 3, _("Nội dung 3")


class Topic(models.Model):
    """Chuyên đề nội dung 1 / nội dung 2, published by a Sở (or a Phòng for content 2) for one level and audience."""

    year = models.ForeignKey("years.TrainingYear", on_delete=models.CASCADE, related_name="topics")
    publisher = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT)
    content = models.PositiveSmallIntegerField(
        _("nội dung"), choices=[(Content.ONE, Content.ONE.label), (Content.TWO, Content.TWO.label)]
    )
    level = models.CharField(_("cấp học"), max_length=8, choices=CatalogLevel.choices[:5])
    audience = models.CharField(_("đối tượng"), max_length=8, choices=Audience.choices, default=Audience.TEACHER)
    title = models.CharField(_("tên chuyên đề"), max_length=500)
    hours = models.PositiveSmallIntegerField(_("số tiết"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chuyên đề")
        verbose_name_plural = _("chuyên đề")
        ordering = ["content", "order", "id"]

    def __str__(self):
        return f"{self.title} ({self.hours} tiết)"

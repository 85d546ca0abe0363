"""Scores of approved plans, their history, the stored year results and the school's confirmation.

- ``Score``: one pair (tiếp thu, vận dụng) for content 1, one for content 2 and one per content-3 module item.
- ``ScoreChange``: every change of a score: who, when, old and new values, and where it came from.
- ``YearResult``: the denormalised result of one person's year, written only by
  ``services.year_results_recompute`` in the transaction of every score write.
- ``SchoolConfirmation`` / ``ConfirmationEvent``: the school confirms its teachers' results (scores become
  read-only) and the superior unit reopens them with a reason; the managers' (CBQL) results are confirmed and
  reopened apart, by the unit that scores them (the Phòng, or the Sở); every confirm/reopen is kept.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from years.rulesets import Piece

from .rules import LABELS, Classification, label

PART_FIELD = {"max_digits": 3, "decimal_places": 2, "null": True, "blank": True}
MARK_FIELD = {"max_digits": 4, "decimal_places": 2, "null": True, "blank": True}


class Source(models.TextChoices):
    """Nơi nhập điểm."""

    GRID = "GRID", _("Bảng nhập điểm")
    IMPORT = "IMPORT", _("Nhập từ Excel")


class Score(models.Model):
    """Điểm một nội dung (1, 2) hoặc một mô đun (nội dung 3) của một kế hoạch đã phê duyệt.

    Content 1 and 2 are scored once per plan (``item`` empty), content 3 once per module item.
    TT 26/2012 (``piece`` empty): one row per slot with the pair ``knowledge`` + ``application`` (0–5 each).
    TT 19/2019: one row per assessed piece of the slot (``piece`` = bài lý thuyết, thực hành, …) with one ``mark``
    (0–10, passed at 5). A value left blank is stored as NULL; clearing keeps the row (with its history).
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="scores")
    content = models.PositiveSmallIntegerField(_("nội dung"), choices=[(1, "1"), (2, "2"), (3, "3")])
    item = models.ForeignKey("plans.PlanItem", null=True, blank=True, on_delete=models.CASCADE, related_name="scores")
    knowledge = models.DecimalField(_("điểm tiếp thu"), **PART_FIELD)
    application = models.DecimalField(_("điểm vận dụng"), **PART_FIELD)
    piece = models.CharField(_("bài đánh giá"), max_length=4, choices=Piece.choices, blank=True, default="")
    mark = models.DecimalField(_("điểm bài (thang 10)"), **MARK_FIELD)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("nhập lúc"))
    # Bumped on every change; the sum over a plan's scores is the plan's score version (optimistic concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("điểm")
        verbose_name_plural = _("điểm")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "content", "piece"],
                condition=models.Q(item__isnull=True),
                name="score_once_per_content_piece",
            ),
            models.UniqueConstraint(
                fields=["item", "piece"], condition=models.Q(item__isnull=False), name="score_once_per_item_piece"
            ),
            models.CheckConstraint(
                condition=(models.Q(content=3, item__isnull=False) | models.Q(content__in=[1, 2], item__isnull=True)),
                name="score_item_only_for_content3",
            ),
        ]

    def __str__(self):
        return f"{self.plan} — {self.slot_label}"

    @property
    def slot(self):
        return f"m{self.item_id}" if self.item_id else f"nd{self.content}"

    @property
    def slot_label(self):
        if self.item_id:
            module = self.item.module
            label = str(_("Mô đun %(code)s") % {"code": module.code if module else self.item_id})
        else:
            label = self.plan.year.regime.content_label(self.content)
        if self.piece:
            return f"{label} · {Piece(self.piece).label}"
        return label

    @property
    def total(self):
        if self.knowledge is None or self.application is None:
            return None
        return self.knowledge + self.application


class ScoreChange(models.Model):
    """Một lần thay đổi điểm: who, when, the old and the new pair (TT 26/2012) or the piece with its old and new
    mark (TT 19/2019), and the source."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="changes")
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="score_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("thời điểm"))
    old_knowledge = models.DecimalField(_("tiếp thu cũ"), **PART_FIELD)
    old_application = models.DecimalField(_("vận dụng cũ"), **PART_FIELD)
    new_knowledge = models.DecimalField(_("tiếp thu mới"), **PART_FIELD)
    new_application = models.DecimalField(_("vận dụng mới"), **PART_FIELD)
    piece = models.CharField(_("bài đánh giá"), max_length=4, choices=Piece.choices, blank=True, default="")
    old_mark = models.DecimalField(_("điểm bài cũ"), **MARK_FIELD)
    new_mark = models.DecimalField(_("điểm bài mới"), **MARK_FIELD)
    source = models.CharField(_("nguồn"), max_length=8, choices=Source.choices, default=Source.GRID)

    class Meta:
        verbose_name = _("lịch sử điểm")
        verbose_name_plural = _("lịch sử điểm")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["plan", "changed_at"], name="scorechange_plan_at")]

    def __str__(self):
        return f"{self.score} — {self.changed_at:%d/%m/%Y %H:%M}"


class YearResult(models.Model):
    """Kết quả BDTX của một người trong một năm học. Never edited by hand: see services.year_results_recompute."""

    staff = models.ForeignKey("accounts.Staff", on_delete=models.CASCADE, related_name="year_results")
    year = models.ForeignKey("years.TrainingYear", on_delete=models.CASCADE, related_name="results")
    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="result")
    school = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+")
    average = models.DecimalField(_("điểm trung bình"), max_digits=3, decimal_places=1, null=True, blank=True)
    classification = models.CharField(
        _("xếp loại"), max_length=20, choices=[(value, LABELS[value]) for value in Classification]
    )
    reasons = models.JSONField(_("lý do"), default=list, blank=True)
    completed_hours = models.PositiveSmallIntegerField(_("số tiết hoàn thành"), default=0)
    planned_hours = models.PositiveSmallIntegerField(_("số tiết kế hoạch"), default=0)
    missing_count = models.PositiveSmallIntegerField(_("số điểm còn thiếu"), default=0)
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("kết quả BDTX năm học")
        verbose_name_plural = _("kết quả BDTX năm học")
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="one_result_per_staff_and_year")]
        indexes = [models.Index(fields=["school", "year", "classification"], name="result_school_year_class")]

    def __str__(self):
        return f"{self.staff} — {self.year}: {self.label}"

    @property
    def label(self):
        """The class's name under the year's ruleset ("Hoàn thành kế hoạch BDTX" under TT 19/2019)."""
        return str(label(self.classification, self.year.ruleset))

    @property
    def is_complete(self):
        return self.missing_count == 0


class SchoolConfirmation(models.Model):
    """Xác nhận kết quả của một trường cho một năm học.

    ``is_locked``: the school manager confirmed the teachers' results (their scores are read-only).
    ``managers_locked``: the unit that scores the school's managers (CBQL) confirmed theirs; the principal's
    confirmation never classifies or locks a manager before that unit has scored them.
    """

    school = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey("years.TrainingYear", on_delete=models.CASCADE, related_name="+")
    is_locked = models.BooleanField(_("đã xác nhận"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)
    managers_locked = models.BooleanField(_("đã xác nhận kết quả cán bộ quản lý"), default=False)
    managers_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    managers_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("xác nhận kết quả của trường")
        verbose_name_plural = _("xác nhận kết quả của trường")
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="one_confirmation_per_school_year")]

    def __str__(self):
        return f"{self.school} — {self.year}"


class ConfirmationEvent(models.Model):
    """Một lần xác nhận hoặc mở lại kết quả: who, when, what, why, and the counts at that moment."""

    class Action(models.TextChoices):
        CONFIRM = "CONFIRM", _("Xác nhận kết quả")
        REOPEN = "REOPEN", _("Mở lại để sửa điểm")
        CONFIRM_MANAGERS = "CONFIRM_CBQL", _("Xác nhận kết quả cán bộ quản lý")
        REOPEN_MANAGERS = "REOPEN_CBQL", _("Mở lại điểm cán bộ quản lý")

    confirmation = models.ForeignKey(SchoolConfirmation, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.at:%d/%m/%Y %H:%M}"

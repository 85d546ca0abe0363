"""The regulations a training year is assessed under. No models here: assessment.rules reads it and stays pure."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Ruleset(TextChoices):
    """Quy chế áp dụng cho năm học."""

    TT26_2012 = "TT26_2012", _("Thông tư 26/2012 (điểm 5+5, xếp 4 loại)")
    TT19_2019 = "TT19_2019", _("Thông tư 19/2019 (hoàn thành / không hoàn thành)")

"""The years app's audit action codes and their sentences (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "years.deadline.reopened": _("{actor} đã mở lại thời hạn {object} cho {unit} đến ngày {after}"),
        "years.deadline.reopening_cancelled": _("{actor} đã huỷ việc mở lại thời hạn {object} cho {unit}"),
        "years.evaluation.opened_early": _("{actor} đã mở sớm đánh giá, xếp loại ({object}) cho {unit}"),
        "years.evaluation.early_cancelled": _("{actor} đã huỷ việc mở sớm đánh giá, xếp loại ({object}) cho {unit}"),
    }
)

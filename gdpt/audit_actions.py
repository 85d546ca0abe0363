"""The GDPT 2018 module review's audit action codes and their sentences (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "gdpt.review.entry_saved": _("{actor} đã cập nhật kết quả rà soát mô đun GDPT 2018 của {person}"),
        "gdpt.review.entry_cleared": _("{actor} đã xoá lý do và điều chỉnh rà soát mô đun GDPT 2018 của {person}"),
        "gdpt.review.submitted": _("{actor} đã gửi kết quả rà soát mô đun GDPT 2018 của {unit}"),
        "gdpt.review.reopened": _("{actor} đã mở lại kết quả rà soát mô đun GDPT 2018 của {unit}"),
    }
)

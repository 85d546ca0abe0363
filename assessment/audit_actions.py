"""The assessment app's audit action codes and their sentences (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "assessment.scores.entered": _("{actor} đã nhập điểm cho {person}: {changes}"),
        "assessment.results.confirmed": _("{actor} đã xác nhận kết quả BDTX của {unit}"),
        "assessment.results.reopened": _("{actor} đã mở lại kết quả BDTX của {unit} để sửa điểm"),
        "assessment.managers.confirmed": _("{actor} đã xác nhận kết quả cán bộ quản lý của {unit}"),
        "assessment.managers.reopened": _("{actor} đã mở lại kết quả cán bộ quản lý của {unit}"),
    }
)

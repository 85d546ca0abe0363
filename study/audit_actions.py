"""The study app's audit action codes and their sentences (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "study.log.confirmed": _("{actor} đã xác nhận nhật ký tự học ngày {object} của {person}"),
        "study.log.returned": _("{actor} đã trả lại nhật ký tự học ngày {object} của {person}"),
        "study.log.resubmitted": _("{actor} đã sửa và gửi lại nhật ký tự học ngày {object}"),
    }
)

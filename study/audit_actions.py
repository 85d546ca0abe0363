"""The study app's audit action codes and their sentences (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "study.log.confirmed": _("{actor} đã xác nhận nhật ký tự học ngày {object} của {person}"),
    }
)

"""The certificates app's audit action codes and their sentences (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "certificates.certificate.issued": _("{actor} đã cấp giấy chứng nhận số {object} cho {person}"),
        "certificates.certificate.reissued": _("{actor} đã cấp lại giấy chứng nhận số {object} cho {person}"),
        "certificates.certificate.revoked": _("{actor} đã thu hồi giấy chứng nhận số {object} của {person}"),
        "certificates.personal_data.confirmed": _("{actor} đã xác nhận thông tin in giấy chứng nhận của {person}"),
        "certificates.personal_data.correction_requested": _(
            "{actor} đã đề nghị điều chỉnh thông tin in giấy chứng nhận của {person}"
        ),
        "certificates.personal_data.corrected": _("{actor} đã điều chỉnh thông tin in giấy chứng nhận của {person}"),
        "certificates.personal_data.rejected": _(
            "{actor} đã từ chối đề nghị điều chỉnh thông tin in giấy chứng nhận của {person}"
        ),
    }
)

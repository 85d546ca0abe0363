"""The qualifications app's audit action codes (written from their history rows, see audit.staff_history)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "qualifications.qualification.created": _("{actor} đã ghi trình độ của {person}"),
        "qualifications.qualification.changed": _("{actor} đã sửa trình độ của {person}: {changes}"),
        "qualifications.qualification.deleted": _("{actor} đã xoá trình độ của {person}"),
        "qualifications.languagecertificate.created": _("{actor} đã ghi chứng chỉ tiếng Anh {object} của {person}"),
        "qualifications.languagecertificate.changed": _("{actor} đã sửa chứng chỉ tiếng Anh của {person}: {changes}"),
        "qualifications.languagecertificate.deleted": _("{actor} đã xoá chứng chỉ tiếng Anh {object} của {person}"),
        "qualifications.yearconversiontable.created": _("{actor} đã chọn bảng quy đổi CEFR {object}"),
        "qualifications.yearconversiontable.changed": _("{actor} đã đổi bảng quy đổi CEFR {object}: {changes}"),
        "qualifications.yearconversiontable.deleted": _("{actor} đã bỏ bảng quy đổi CEFR {object}"),
        "qualifications.target.created": _("{actor} đã đặt chỉ tiêu {object}"),
        "qualifications.target.changed": _("{actor} đã sửa chỉ tiêu {object}: {changes}"),
        "qualifications.target.deleted": _("{actor} đã xoá chỉ tiêu {object}"),
    }
)

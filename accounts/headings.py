"""Tiêu đề văn bản (Nghị định 30/2020, Phụ lục I): how an office and the body above it head an official document.

'Phòng GD&ĐT huyện Mai Sơn' → ('UBND HUYỆN MAI SƠN', 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO'); 'Sở GD&ĐT tỉnh Sơn La' →
('UBND TỈNH SƠN LA', 'SỞ GIÁO DỤC VÀ ĐÀO TẠO'); 'UBND phường Tô Hiệu' → ('ỦY BAN NHÂN DÂN', 'PHƯỜNG TÔ HIỆU'). One
place for these rules: the certificates and the official Excel forms use them.
"""

import re

from django.utils.translation import gettext as _

from core.vietnamese import nfc

from .models import OrgUnit

_EDUCATION_OFFICE_RE = re.compile(
    r"^(Phòng|Sở)\s+(GD\s*&\s*ĐT|GD-ĐT|GDĐT|Giáo dục và Đào tạo)\s+(?P<area>.+)$", re.IGNORECASE
)
_COMMITTEE_RE = re.compile(r"^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<area>.+)$", re.IGNORECASE)
_AREA_PREFIX_RE = re.compile(r"^(huyện|quận|thị xã|thành phố|tỉnh|tp\.?|xã|phường|đặc khu|thị trấn)\s+", re.IGNORECASE)


def _clean(text):
    return " ".join(nfc(text or "").split())


def office_heading(name, kind):
    """(line above, unit line) for an office named ``name`` of ``kind`` (OrgUnit.Kind), or None when the name
    follows none of the forms above (the caller keeps its own lines)."""
    name = _clean(name)
    committee = _COMMITTEE_RE.match(name) if kind == OrgUnit.Kind.COMMUNE else None
    if committee:
        return _("ỦY BAN NHÂN DÂN"), committee.group("area").upper()
    match = _EDUCATION_OFFICE_RE.match(name)
    if not match or kind not in (OrgUnit.Kind.DISTRICT, OrgUnit.Kind.DEPARTMENT):
        return None
    office = _("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO") if kind == OrgUnit.Kind.DISTRICT else _("SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    return (_("UBND %(area)s") % {"area": match.group("area")}).upper(), office


def place_name(name):
    """The place printed before the date: 'Phòng GD&ĐT huyện Mai Sơn' → 'Mai Sơn', 'UBND phường Tô Hiệu' →
    'Tô Hiệu'."""
    name = _clean(name)
    match = _EDUCATION_OFFICE_RE.match(name) or _COMMITTEE_RE.match(name)
    area = match.group("area") if match else name
    return _AREA_PREFIX_RE.sub("", area).strip() or name


def head_title(kind):
    """The title of the head who signs for a unit of ``kind``: Hiệu trưởng, Trưởng phòng, Chủ tịch, Giám đốc."""
    return {
        OrgUnit.Kind.SCHOOL: _("HIỆU TRƯỞNG"),
        OrgUnit.Kind.DISTRICT: _("TRƯỞNG PHÒNG"),
        OrgUnit.Kind.COMMUNE: _("CHỦ TỊCH"),
        OrgUnit.Kind.DEPARTMENT: _("GIÁM ĐỐC"),
        OrgUnit.Kind.MINISTRY: _("BỘ TRƯỞNG"),
    }.get(kind, _("THỦ TRƯỞNG ĐƠN VỊ"))

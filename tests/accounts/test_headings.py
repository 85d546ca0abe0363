"""How an office heads an official document (Nghị định 30/2020): the body above it over its own name."""

import pytest

from accounts.headings import office_heading, place_name
from accounts.models import OrgUnit

K = OrgUnit.Kind


@pytest.mark.parametrize(
    ("name", "kind", "heading"),
    [
        ("Sở GD&ĐT tỉnh Sơn La", K.DEPARTMENT, ("UBND TỈNH SƠN LA", "SỞ GIÁO DỤC VÀ ĐÀO TẠO")),
        ("Sở Giáo dục và Đào tạo Thành phố Hà Nội", K.DEPARTMENT, ("UBND THÀNH PHỐ HÀ NỘI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO")),
        ("Phòng GD-ĐT huyện Mai Sơn", K.DISTRICT, ("UBND HUYỆN MAI SƠN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")),
        ("UBND phường Tô Hiệu", K.COMMUNE, ("ỦY BAN NHÂN DÂN", "PHƯỜNG TÔ HIỆU")),
        ("Ủy ban nhân dân xã  Chiềng Mung", K.COMMUNE, ("ỦY BAN NHÂN DÂN", "XÃ CHIỀNG MUNG")),
        ("Phòng Văn hoá - Xã hội xã Chiềng Lề", K.COMMUNE, None),  # no known form: the caller keeps its lines
        ("Sở GD&ĐT tỉnh Sơn La", K.SCHOOL, None),
    ],
)
def test_an_office_is_headed_under_the_body_above_it(name, kind, heading):
    assert office_heading(name, kind) == heading


def test_the_place_before_the_date_is_the_area_without_its_kind():
    assert place_name("Phòng GD&ĐT huyện Mai Sơn") == "Mai Sơn"
    assert place_name("UBND phường Tô Hiệu") == "Tô Hiệu"
    assert place_name("Trường THPT Tô Hiệu") == "Trường THPT Tô Hiệu"


def test_the_head_who_signs_for_each_kind_of_unit():
    from accounts.headings import head_title

    titles = [head_title(kind) for kind in (K.SCHOOL, K.COMMUNE, K.DISTRICT, K.DEPARTMENT)]
    assert titles == ["HIỆU TRƯỞNG", "CHỦ TỊCH", "TRƯỞNG PHÒNG", "GIÁM ĐỐC"]

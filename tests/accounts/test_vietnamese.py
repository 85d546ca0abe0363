"""Vietnamese names: search without diacritics, dictionary order by given name."""

import pytest
from django.urls import reverse

from core.vietnamese import fold, name_sort_key, split_name
from tests.factories import StaffFactory


def test_fold_removes_diacritics_case_and_d_stroke():
    assert fold("Nguyễn Văn Đạt") == "nguyen van dat"
    assert fold("  ĐỖ   thị  HẰNG ") == "do thi hang"


def test_split_name_keeps_compound_middle_names():
    assert split_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
    assert split_name("An") == ("", "", "An")


def test_names_sort_by_given_name_in_vietnamese_alphabet():
    names = ["Trần Văn Đức", "Lê Văn Dũng", "Phạm Thị Ân", "Nguyễn Văn Anh", "Đỗ Thị Ăn", "Vũ Văn An", "Hồ Văn Bình"]
    expected = ["Vũ Văn An", "Nguyễn Văn Anh", "Đỗ Thị Ăn", "Phạm Thị Ân", "Hồ Văn Bình", "Lê Văn Dũng", "Trần Văn Đức"]
    assert sorted(names, key=name_sort_key) == expected


def test_same_given_name_sorts_by_middle_then_family():
    names = ["Trần Văn Hùng", "Nguyễn Đình Hùng", "Lê Văn Hùng", "Nguyễn Anh Hùng"]
    assert sorted(names, key=name_sort_key) == ["Nguyễn Anh Hùng", "Nguyễn Đình Hùng", "Lê Văn Hùng", "Trần Văn Hùng"]


def test_tones_order_after_letters():
    names = ["Hà Văn Ạn", "Hà Văn Án", "Hà Văn An", "Hà Văn Àn"]
    assert sorted(names, key=name_sort_key) == ["Hà Văn An", "Hà Văn Àn", "Hà Văn Án", "Hà Văn Ạn"]


@pytest.mark.django_db
def test_staff_search_ignores_diacritics_and_sorts_vietnamese_way(cast, login):
    school = cast.school_a1
    for name in ["Nguyễn Văn Đạt", "Trần Thị Đào", "Lê Văn Dũng"]:
        StaffFactory(unit=school, full_name=name)
    client = login(cast.principal_a1)
    page = client.get(reverse("accounts:staff_list"), {"q": "nguyen van dat"}).context["page"]
    assert [s.full_name for s in page.object_list] == ["Nguyễn Văn Đạt"]
    page = client.get(reverse("accounts:staff_list"), {"q": "DA"}).context["page"]
    assert [s.full_name for s in page.object_list] == ["Trần Thị Đào", "Nguyễn Văn Đạt"]
    page = client.get(reverse("accounts:staff_list")).context["page"]
    given = [s.given_name for s in page.object_list]
    assert given == ["An", "Bình", "Dũng", "Đào", "Đạt", "Hoa", "Minh"]

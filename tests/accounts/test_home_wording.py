"""The home page names unit kinds and school levels in words, never by their codes ("PHONG: 2 · SCHOOL: 12")."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_so_officer_reads_unit_kinds_in_words(cast, login):
    page = login(cast.so_officer).get(reverse("home")).content.decode()

    assert "Phòng GD&amp;ĐT: 2" in page
    assert "Trường / trung tâm: 4" in page
    for code in ("PHONG:", "SCHOOL:", "SO:"):
        assert code not in page


def test_school_levels_are_named_in_the_order_of_the_school_system(cast, login):
    page = login(cast.so_officer).get(reverse("home")).content.decode()

    assert "Tiểu học: " in page and "Trung học phổ thông: 1" in page
    assert "TH:" not in page and "THPT:" not in page
    assert page.index("Tiểu học: ") < page.index("Trung học cơ sở: ") < page.index("Trung học phổ thông: ")

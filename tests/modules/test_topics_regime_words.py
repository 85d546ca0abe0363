"""The topics page speaks the chosen year's regime: "Chương trình bồi dưỡng 01/02" and "CT 01/CT 02" under TT
19/2019, "Nội dung 1/2" and "ND1/ND2" under TT 26/2012; the menu item is regime-neutral."""

import pytest
from django.urls import reverse

from modules.models import Topic
from tests.factories import make_tt19_year
from years.models import TrainingYear

pytestmark = pytest.mark.django_db

TOPICS = reverse("modules:topic_list")


@pytest.fixture
def year19(cast):
    year = make_tt19_year(cast.so, is_current=True)
    Topic.objects.create(year=year, publisher=cast.so, content=1, level="TH", title="Nhiệm vụ năm học", hours=40)
    return year


@pytest.fixture
def year26(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2018, ruleset="TT26_2012")


def test_the_topics_page_of_a_tt19_year_names_its_programmes(cast, login, year19):
    body = login(cast.so_officer).get(TOPICS, {"year": year19.pk}).content.decode()

    assert "Chuyên đề chương trình bồi dưỡng 01, chương trình bồi dưỡng 02" in body
    assert '<h2 class="h5 mt-4">Chương trình bồi dưỡng 01</h2>' in body
    assert '<h2 class="h5 mt-4">Chương trình bồi dưỡng 02</h2>' in body
    assert "Định mức: chương trình bồi dưỡng 01 là 40 tiết, chương trình bồi dưỡng 02 là 40 tiết" in body
    assert ">CT 01</th>" in body and ">CT 02</th>" in body
    for word in ("Nội dung", "nội dung", "ND 1", "ND1", "ND2"):
        assert word not in body, word


def test_the_topics_page_of_a_tt26_year_keeps_its_contents(cast, login, year19, year26):
    body = login(cast.so_officer).get(TOPICS, {"year": year26.pk}).content.decode()

    assert "Chuyên đề nội dung 1, nội dung 2" in body
    assert '<h2 class="h5 mt-4">Nội dung 1</h2>' in body
    assert "Định mức: nội dung 1 là 30 tiết, nội dung 2 là 30 tiết" in body
    assert ">ND1</th>" in body and ">ND2</th>" in body
    assert "Chương trình bồi dưỡng" not in body


def test_the_menu_item_is_regime_neutral(cast, login, year19):
    body = login(cast.so_officer).get(TOPICS).content.decode()

    assert "Chuyên đề bồi dưỡng" in body
    assert "Chuyên đề ND1, ND2" not in body

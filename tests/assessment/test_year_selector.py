"""Once the Sở makes a new year current, last year's score grid, confirmation and results stay one link away."""

import re

import pytest
from django.urls import reverse

from years.models import TrainingYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_year(cast, year):
    return TrainingYear.objects.create(department=cast.so, start_year=2024, is_current=False)


def _links(page):
    """The links of the page's year selector."""
    match = re.search(r'data-testid="year-selector">(.*?)</ul>', page, re.S)
    block = match.group(1) if match else ""
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', block)]


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("principal_a1", reverse("assessment:score_grid")),
        ("group_head_a1", reverse("assessment:score_grid")),
        ("phong_a_officer", reverse("assessment:score_grid")),
        ("principal_a1", reverse("assessment:score_import")),
        ("phong_a_officer", reverse("assessment:confirmation")),
        ("teacher_a1", reverse("assessment:my_result")),
    ],
)
def test_every_assessment_page_links_to_the_previous_year(cast, login, year, old_year, plans, persona, url):
    client = login(getattr(cast, persona))
    page = client.get(url).content.decode()
    old_links = [link for link in _links(page) if f"year={old_year.pk}" in link]
    assert old_links, "no link to the previous year"
    response = client.get(old_links[0])
    assert response.status_code == 200
    assert response.context["year"] == old_year
    # And back again to the current year.
    assert any(f"year={year.pk}" in link for link in _links(response.content.decode()))


def test_the_confirmation_page_links_to_the_previous_year(cast, login, year, old_year, plans):
    client = login(cast.principal_a1)
    detail = reverse("assessment:confirmation_detail", args=[cast.school_a1.pk])
    page = client.get(f"{detail}?year={year.pk}").content.decode()
    assert f"{detail}?year={old_year.pk}" in _links(page)
    assert client.get(f"{detail}?year={old_year.pk}").context["year"] == old_year


def test_the_links_keep_the_filters(cast, login, year, old_year, plans):
    page = login(cast.principal_a1).get(reverse("assessment:score_grid"), {"group": "Tổ 4-5"}).content.decode()
    link = next(link for link in _links(page) if f"year={old_year.pk}" in link)
    assert "group=T%E1%BB%95+4-5" in link


def test_no_selector_with_a_single_year(cast, login, year, plans):
    page = login(cast.principal_a1).get(reverse("assessment:score_grid")).content.decode()
    assert 'data-testid="year-selector"' not in page

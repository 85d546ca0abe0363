"""Every year-bound page links to the other years of the Sở ({% year_selector year %}), so that once the Sở makes a
new year current, last year's plans, study logs, sessions and certificates stay one link away."""

import re

import pytest
from django.urls import reverse

from years.models import TrainingYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(cast):
    old = TrainingYear.objects.create(department=cast.so, start_year=2024, is_current=False)
    current = TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)
    return old, current


def _links(page):
    match = re.search(r'data-testid="year-selector">(.*?)</ul>', page, re.S)
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', match.group(1) if match else "")]


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("teacher_a1", "plans:my_plan"),
        ("principal_a1", "plans:plan_list"),
        ("principal_a1", "plans:school_plan"),
        ("teacher_a1", "study:study_log"),
        ("principal_a1", "study:session_list"),
        ("teacher_a1", "certificates:my_certificates"),
        ("principal_a1", "certificates:corrections"),
        ("phong_a_officer", "certificates:school_list"),
        ("group_head_a1", "study:study_confirm"),
    ],
)
def test_the_previous_year_is_one_link_away(cast, login, years, persona, name):
    old, current = years
    client = login(getattr(cast, persona))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.context["year"] == current
    links = [link for link in _links(response.content.decode()) if f"year={old.pk}" in link]
    assert links, "no link to the previous year"
    response = client.get(links[0])
    assert response.status_code == 200
    assert response.context["year"] == old


def test_a_schools_certificate_page_links_to_the_previous_year(cast, login, years):
    old, _current = years
    client = login(cast.principal_a1)
    url = reverse("certificates:school_detail", args=[cast.school_a1.pk])
    links = [link for link in _links(client.get(url).content.decode()) if f"year={old.pk}" in link]
    assert links and client.get(links[0]).context["year"] == old

"""Every figure of a results table opens the list of the people behind it, and that list's length is the figure:
on the demo province, for every row and the total, as the Sở and as a commune, this year and in 2018–2019 (read
on the tree it had)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from plans.dashboards import COUNT_FIELDS, plan_progress
from results.results import PEOPLE_FIGURES, PLAN_FIGURES, people_behind, results_by_unit
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


def _figures(row):
    yield from ((name, getattr(row, name)) for name in PEOPLE_FIGURES.keys() - PLAN_FIGURES)
    yield from row.counts.items()


def test_each_figure_is_the_length_of_its_list_and_the_page_shows_it(settings, tmp_path, client):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("seed_demo", "--size", "small", verbosity=0)
    checked = 0
    for username in ("so", "xa"):
        user = User.objects.get(username=username)
        for start_year in (2026, 2018):
            year = next(
                y for y in TrainingYear.objects.filter(start_year=start_year) if user.unit.is_within(y.department)
            )
            summary = results_by_unit(user=user, year=year, root=user.unit)
            for row in [*summary.rows, summary.total]:
                root = user.unit if row is summary.total else row.unit
                for figure, value in _figures(row):
                    people = people_behind(user=user, year=year, root=root, figure=figure)
                    assert len(people) == value, (username, start_year, row.unit.name, figure)
                    checked += 1
            # The plan progress dashboard's figures open the same lists ("chưa có kế hoạch được duyệt" is no_plan).
            progress = plan_progress(year=year, root=user.unit)
            for row in [*progress.rows, progress.total]:
                root = user.unit if row is progress.total else row.unit
                for figure in [*COUNT_FIELDS, "no_plan"]:
                    value = getattr(row, "not_approved" if figure == "no_plan" else figure)
                    people = people_behind(user=user, year=year, root=root, figure=figure)
                    assert len(people) == value, ("plans", username, start_year, root.name, figure)
                    checked += 1
    assert checked > 200

    so = User.objects.get(username="so")
    client.force_login(so)
    url = reverse("results:results_people", args=[so.unit.pk])
    body = client.get(url, {"nhom": "no_result"}).content.decode()
    assert 'data-testid="people-table"' in body
    assert client.get(url, {"nhom": "bogus"}).status_code == 404
    office = client.get(reverse("results:results_unit", args=[so.unit.pk])).content.decode()
    assert reverse("results:results_people", args=[so.unit.pk]) in office
    dashboard = client.get(reverse("plans:plan_dashboard")).content.decode()
    assert (
        reverse("results:results_people", args=[so.unit.pk]) + "?year=" in dashboard and "nhom=not_started" in dashboard
    )

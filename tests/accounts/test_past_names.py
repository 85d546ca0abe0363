"""A school renamed (or merged) after a year reads, on that year's pages, under the name it had then; the year
under way reads today's name. The base of a year that is over is its people: those who had a plan in it."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts import restructure
from plans.dashboards import plan_progress
from plans.models import Plan, PlanStatus
from results.results import not_completed, results_by_unit
from tests.factories import StaffFactory
from tests.reports.test_chain import give_result
from years.models import TrainingYear

pytestmark = pytest.mark.django_db

OLD, NEW = "Trường Tiểu học A1", "Trường Tiểu học Chiềng Lề"


def main(response):
    """The page's content, without the menu (which names the user's unit as it is today)."""
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


@pytest.fixture
def renamed(cast):
    past = TrainingYear.objects.create(department=cast.so, start_year=2018, is_current=False)
    current = TrainingYear.objects.create(department=cast.so, start_year=2026, is_current=True, ruleset="TT19_2019")
    give_result(cast.teacher_a1.staff, past, "KHA", "8.0")
    give_result(cast.teacher_a1.staff, current, "HT")
    Plan.objects.create(year=past, staff=cast.group_head_a1.staff, school=cast.school_a1, status=PlanStatus.APPROVED)
    restructure.rename(cast.school_a1, name=NEW, code="A1-CL", actor=cast.so_officer, reason="Quyết định 12/QĐ-UBND")
    past.refresh_from_db()
    return past, current


@pytest.mark.parametrize(
    "who,page,args",
    [
        ("principal_a1", "plans:plan_list", []),
        ("principal_a1", "plans:school_plan", []),
        ("phong_a_officer", "assessment:confirmation", []),
        ("phong_a_officer", "certificates:school_list", []),
        ("principal_a1", "certificates:school_detail", ["school_a1"]),
        ("phong_a_officer", "results:results_not_completed", ["phong_a"]),
    ],
)
def test_the_pages_of_2018_name_the_school_as_it_was(cast, renamed, client, who, page, args):
    past, current = renamed
    client.force_login(getattr(cast, who))
    url = reverse(page, args=[getattr(cast, name).pk for name in args])
    then = client.get(url, {"year": past.pk})
    assert then.status_code == 200
    assert escape(OLD) in main(then) and escape(NEW) not in main(then)
    assert escape(NEW) in main(client.get(url, {"year": current.pk}))


def test_a_plan_of_2018_names_its_school_as_it_was(cast, renamed, client):
    past, _current = renamed
    plan = cast.teacher_a1.staff.plans.get(year=past)
    client.force_login(cast.principal_a1)
    body = main(client.get(reverse("plans:plan_detail", args=[plan.pk])))
    assert escape(OLD) in body and escape(NEW) not in body


def test_the_people_of_a_year_that_is_over_are_those_who_had_a_plan_in_it(cast, renamed):
    past, current = renamed
    StaffFactory(unit=cast.school_a1, full_name="Lò Thị Mới")  # hired in 2026: not one of 2018's people
    assert past.is_over and not current.is_over
    row = next(r for r in plan_progress(year=past, root=cast.phong_a).rows if r.unit.pk == cast.school_a1.pk)
    assert (row.staff, row.approved, row.not_started) == (2, 2, 0)
    then = results_by_unit(user=cast.phong_a_officer, year=past, root=cast.phong_a)
    assert (then.total.staff, then.total.evaluated, then.total.no_result) == (2, 1, 1)
    now = results_by_unit(user=cast.phong_a_officer, year=current, root=cast.phong_a)
    assert now.total.staff > 1  # the year under way counts today's staff
    without = {row.staff.full_name for row in not_completed(user=cast.so_officer, year=past, root=cast.so)}
    assert without == {cast.group_head_a1.staff.full_name}


def test_a_person_who_left_still_counts_in_the_year_they_had_a_plan(cast, renamed):
    past, _current = renamed
    staff = cast.teacher_a1.staff
    staff.is_active = False
    staff.save()
    then = results_by_unit(user=cast.phong_a_officer, year=past, root=cast.phong_a)
    assert (then.total.staff, then.total.evaluated) == (2, 1)

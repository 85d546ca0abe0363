"""An officer's own change shows on the dashboards at once, although their figures are cached for a minute: a change
made by an office retires the cached figures of that office and of the offices above it. A school's changes do not
(thousands of schools write before a deadline; the offices' figures would never stay cached)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, PlanStatus
from tests.factories import StaffFactory
from years.models import Deadline, DeadlineKind, TrainingYear

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("plans:plan_dashboard")


@pytest.fixture
def live_year(cast):
    """The current year, whatever the date of the run."""
    return TrainingYear.objects.create(department=cast.so, start_year=timezone.localdate().year, is_current=True)


@pytest.fixture
def principal_plan(cast, live_year):
    """The principal of A1 submitted his plan: his Phòng approves it (CBQL plans go to the superior unit)."""
    return Plan.objects.create(
        year=live_year, staff=cast.principal_a1.staff, school=cast.school_a1, status=PlanStatus.SUBMITTED
    )


def approved(client, url=DASHBOARD):
    return client.get(url).context["progress"].total.approved


def _approve(client, plan):
    response = client.post(reverse("plans:plan_decide", args=[plan.pk, "approve"]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_an_officers_approval_shows_on_their_own_dashboard_at_once(cast, principal_plan, login, caching):
    client = login(cast.phong_a_officer)
    assert approved(client) == 0
    _approve(client, principal_plan)
    assert approved(client) == 1


def test_a_phongs_change_shows_on_the_departments_dashboard_at_once(cast, principal_plan, login, caching):
    so = login(cast.so_officer)
    assert approved(so) == 0
    _approve(login(cast.phong_a_officer), principal_plan)
    assert approved(login(cast.so_officer)) == 1


def test_a_reopening_shows_at_once_on_the_dashboard_the_officer_is_looking_at(cast, live_year, login, caching):
    """The Sở reopens its passed deadline for A1: the Phòng A page it drilled into no longer shows A1 late."""
    today = timezone.localdate()
    deadline = Deadline.objects.create(
        year=live_year, kind=DeadlineKind.PLAN_SUBMIT, unit=cast.so, due_date=today - datetime.timedelta(days=1)
    )
    client = login(cast.so_officer)
    drill = reverse("plans:plan_dashboard_unit", args=[cast.phong_a.pk])

    def a1_late():
        rows = {row.unit.code: row for row in client.get(drill).context["progress"].rows}
        return rows["A1"].late_submit

    assert a1_late()
    until = (today + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("years:deadline_reopen", args=[live_year.pk, deadline.pk]),
        {"school": cast.school_a1.pk, "until": until, "reason": "Mất điện cả tuần"},
    )
    assert response.status_code == 302
    assert not a1_late()


def test_the_results_dashboard_is_refreshed_by_an_officers_change_too(cast, principal_plan, login, caching):
    client = login(cast.phong_a_officer)
    url = reverse("results:results_home")
    before = client.get(url).context["summary"].total.staff
    StaffFactory(unit=cast.school_a1, full_name="Lò Văn Sơn")
    assert client.get(url).context["summary"].total.staff == before, "kept for a minute"
    _approve(client, principal_plan)
    assert client.get(url).context["summary"].total.staff == before + 1


def test_a_schools_changes_leave_the_offices_figures_cached(cast, live_year, login, caching):
    teacher_plan = Plan.objects.create(
        year=live_year, staff=cast.teacher_a1.staff, school=cast.school_a1, status=PlanStatus.SUBMITTED
    )
    phong = login(cast.phong_a_officer)
    first = phong.get(DASHBOARD).context["computed_at"]
    _approve(login(cast.principal_a1), teacher_plan)
    response = login(cast.phong_a_officer).get(DASHBOARD)
    assert response.context["computed_at"] == first
    assert response.context["progress"].total.approved == 0

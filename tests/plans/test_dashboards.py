"""Plan progress dashboards: counts per school and per Phòng, late units, scope, and bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import OrgUnit, Position
from plans.dashboards import plan_progress
from plans.models import Plan, PlanStatus
from tests.factories import OrgUnitFactory, StaffFactory
from years import services as years
from years.models import Deadline, DeadlineKind, DeadlineReopening, TrainingYear

pytestmark = pytest.mark.django_db

K = DeadlineKind
S = PlanStatus
D = datetime.date


@pytest.fixture
def training_year(cast):
    return years.year_create(department=cast.so, start_year=2025, by=cast.so_officer)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Reopenings may not end in the past: the services see 01/10/2025 as today in these tests."""
    monkeypatch.setattr(years, "today", lambda: D(2025, 10, 1))


def _plan(year, staff, status):
    return Plan.objects.create(year=year, staff=staff, school=staff.unit, status=status)


@pytest.fixture
def plans(cast, training_year):
    """A1: approved, submitted, draft, not started (+ an inactive teacher); A2: returned; B1: approved; T1: none."""
    a1 = {staff.full_name: staff for staff in cast.school_a1.staff.all()}
    _plan(training_year, a1["Nguyễn Văn An"], S.APPROVED)
    _plan(training_year, a1["Trần Thị Bình"], S.SUBMITTED)
    _plan(training_year, a1["Phạm Văn Minh"], S.DRAFT)
    # The principal has a plan only in another year: not started this year.
    older = years.year_create(department=cast.so, start_year=2024, by=cast.so_officer)
    _plan(older, a1["Lê Thị Hoa"], S.APPROVED)
    gone = StaffFactory(unit=cast.school_a1, full_name="Ngô Văn Nghỉ", is_active=False)
    _plan(training_year, gone, S.APPROVED)
    _plan(training_year, cast.teacher_a2.staff, S.RETURNED)
    _plan(training_year, cast.teacher_b1.staff, S.APPROVED)
    # Z1 is in another province and must never show up.
    _plan(
        years.year_create(department=cast.so_z, start_year=2025, by=cast.so_z_officer), cast.teacher_z1.staff, S.DRAFT
    )
    return training_year


@pytest.fixture
def deadlines(cast, training_year):
    return years.deadline_set(
        year=training_year,
        unit=cast.so,
        dates={K.PLAN_SUBMIT: D(2025, 10, 15), K.PLAN_APPROVE: D(2025, 10, 31)},
        by=cast.so_officer,
    )


def _counts(row):
    return (row.staff, row.not_started, row.draft, row.submitted, row.returned, row.approved)


def _rows(progress):
    return {row.unit.code: row for row in progress.rows}


# --- the selector ------------------------------------------------------------------------------------------


def test_phong_rows_count_staff_by_plan_status(cast, plans):
    rows = _rows(plan_progress(year=plans, root=cast.phong_a, on=D(2025, 10, 1)))
    assert set(rows) == {"A1", "A2"}
    assert _counts(rows["A1"]) == (4, 1, 1, 1, 0, 1)
    assert _counts(rows["A2"]) == (1, 0, 0, 0, 1, 0)
    assert not any(row.late for row in rows.values())  # no deadline set yet


def test_department_rows_aggregate_each_phong_and_list_schools_under_the_department(cast, plans):
    progress = plan_progress(year=plans, root=cast.so, on=D(2025, 10, 1))
    rows = _rows(progress)
    assert set(rows) == {"PH-A", "PH-B", "T1"}
    assert _counts(rows["PH-A"]) == (5, 1, 1, 1, 1, 1)
    assert rows["PH-A"].schools == 2
    assert {child.unit.code for child in rows["PH-A"].children} == {"A1", "A2"}
    assert _counts(rows["PH-B"]) == (1, 0, 0, 0, 0, 1)
    assert _counts(rows["T1"]) == (1, 1, 0, 0, 0, 0)
    assert _counts(progress.total) == (7, 2, 1, 1, 1, 2)
    assert progress.total.schools == 4


def test_late_schools_after_the_submission_deadline(cast, plans, deadlines):
    before = _rows(plan_progress(year=plans, root=cast.so, on=D(2025, 10, 15)))
    assert not any(row.late for row in before.values())
    after = plan_progress(year=plans, root=cast.so, on=D(2025, 10, 16))
    rows = _rows(after)
    children = {child.unit.code: child for child in rows["PH-A"].children}
    assert children["A1"].late_submit and children["A2"].late_submit  # returned counts as not submitted
    assert rows["PH-A"].late and rows["PH-A"].late_schools == 2
    assert not rows["PH-B"].late  # everyone approved
    assert rows["T1"].late_submit
    assert after.total.late_schools == 3
    assert rows["T1"].submit_due == D(2025, 10, 15)


def test_reopening_and_phong_deadlines_decide_per_school(cast, plans, deadlines):
    years.deadline_reopen(
        deadline=deadlines[K.PLAN_SUBMIT], school=cast.school_a2, until=D(2025, 10, 25), reason="x", by=cast.so_officer
    )
    years.deadline_set(year=plans, unit=cast.phong_b, dates={K.PLAN_SUBMIT: D(2025, 10, 1)}, by=cast.phong_b_officer)
    rows = _rows(plan_progress(year=plans, root=cast.phong_a, on=D(2025, 10, 20)))
    assert rows["A1"].late and not rows["A2"].late
    assert rows["A2"].submit_due == D(2025, 10, 25) and rows["A2"].reopened
    b_rows = _rows(plan_progress(year=plans, root=cast.so, on=D(2025, 10, 5)))
    assert b_rows["PH-B"].submit_due == D(2025, 10, 1)
    assert b_rows["PH-A"].submit_due == D(2025, 10, 15)


def test_late_to_approve_when_plans_still_wait(cast, plans, deadlines):
    rows = _rows(plan_progress(year=plans, root=cast.phong_a, on=D(2025, 11, 1)))
    assert rows["A1"].late_approve  # one plan still submitted
    assert not rows["A2"].late_approve  # nothing waiting for the manager


def test_late_first_sorting(cast, plans, deadlines):
    _plan(plans, cast.teacher_t1.staff, S.APPROVED)
    progress = plan_progress(year=plans, root=cast.so, on=D(2025, 10, 16), late_first=True)
    assert [row.unit.code for row in progress.rows] == ["PH-A", "PH-B", "T1"]
    years.deadline_reopen(
        deadline=deadlines[K.PLAN_SUBMIT], school=cast.school_a1, until=D(2025, 10, 25), reason="x", by=cast.so_officer
    )
    years.deadline_reopen(
        deadline=deadlines[K.PLAN_SUBMIT], school=cast.school_a2, until=D(2025, 10, 25), reason="x", by=cast.so_officer
    )
    _plan(plans, StaffFactory(unit=cast.school_b1), S.DRAFT)
    progress = plan_progress(year=plans, root=cast.so, on=D(2025, 10, 16), late_first=True)
    assert [row.unit.code for row in progress.rows] == ["PH-B", "PH-A", "T1"]
    progress = plan_progress(year=plans, root=cast.so, on=D(2025, 10, 16))
    assert [row.unit.code for row in progress.rows] == ["PH-A", "PH-B", "T1"]


def test_province_without_phong(cast):
    year = years.year_create(department=cast.so_z, start_year=2025, by=cast.so_z_officer)
    _plan(year, cast.teacher_z1.staff, S.SUBMITTED)
    rows = _rows(plan_progress(year=year, root=cast.so_z, on=D(2025, 10, 1)))
    assert set(rows) == {"Z1"} and _counts(rows["Z1"]) == (1, 0, 0, 1, 0, 0)


# --- views -------------------------------------------------------------------------------------------------


@pytest.fixture
def live_year(cast):
    """The current year with a submission deadline that passed yesterday, whatever the date of the run."""
    today = timezone.localdate()
    year = TrainingYear.objects.create(department=cast.so, start_year=today.year, is_current=True)
    Deadline.objects.create(year=year, kind=K.PLAN_SUBMIT, unit=cast.so, due_date=today - datetime.timedelta(days=1))
    _plan(year, cast.teacher_b1.staff, S.APPROVED)
    _plan(year, cast.teacher_a2.staff, S.SUBMITTED)
    return year


def _row_html(body, code):
    start = body.index(f'data-unit="{code}"')
    return body[body.rindex("<tr", 0, start) : body.index("</tr>", start)]


def test_phong_dashboard_highlights_the_late_schools(cast, live_year, login):
    response = login(cast.phong_a_officer).get(reverse("plans:plan_dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    a1, a2 = _row_html(body, "A1"), _row_html(body, "A2")
    assert 'class="late"' in a1 and "Trễ hạn" in a1
    assert 'class="late"' not in a2 and "Trễ hạn" not in a2
    assert 'data-unit="B1"' not in body and 'data-unit="T1"' not in body


def test_department_dashboard_rows_and_drill_down(cast, live_year, login):
    client = login(cast.so_officer)
    body = client.get(reverse("plans:plan_dashboard")).content.decode()
    assert 'class="late"' in _row_html(body, "PH-A") and 'class="late"' not in _row_html(body, "PH-B")
    assert 'class="late"' in _row_html(body, "T1")
    drill = reverse("plans:plan_dashboard_unit", args=[cast.phong_a.pk])
    assert drill in body
    inner = client.get(drill).content.decode()
    assert 'data-unit="A1"' in inner and 'data-unit="A2"' in inner and 'data-unit="T1"' not in inner
    # The Sở set the deadline, so its officer is offered to reopen it for the late school.
    assert reverse("years:deadline_reopen", args=[live_year.pk, live_year.deadlines.get().pk]) in inner
    sorted_body = client.get(reverse("plans:plan_dashboard"), {"sort": "late"}).content.decode()
    assert sorted_body.index('data-unit="PH-A"') < sorted_body.index('data-unit="PH-B"')


@pytest.mark.parametrize("persona", ["teacher_a1", "group_head_a1", "principal_a1"])
def test_school_users_may_not_open_the_dashboard(cast, live_year, login, persona):
    client = login(getattr(cast, persona))
    assert client.get(reverse("plans:plan_dashboard")).status_code == 403
    assert client.get(reverse("plans:plan_dashboard_unit", args=[cast.phong_a.pk])).status_code == 403


def test_dashboard_scope(cast, live_year, login):
    unit_url = lambda unit: reverse("plans:plan_dashboard_unit", args=[unit.pk])  # noqa: E731
    assert login(cast.phong_a_officer).get(unit_url(cast.phong_b)).status_code == 404
    assert login(cast.phong_a_officer).get(unit_url(cast.so)).status_code == 404
    assert login(cast.phong_a_officer).get(unit_url(cast.phong_a)).status_code == 200
    assert login(cast.so_officer).get(unit_url(cast.school_a1)).status_code == 404
    assert login(cast.so_z_officer).get(unit_url(cast.phong_a)).status_code == 404
    z_year = years.year_create(department=cast.so_z, start_year=2025, by=cast.so_z_officer)
    assert login(cast.so_officer).get(reverse("plans:plan_dashboard"), {"year": z_year.pk}).status_code == 404
    assert login(cast.admin).get(unit_url(cast.phong_a)).status_code == 200


def test_dashboard_without_a_year(cast, login):
    response = login(cast.so_officer).get(reverse("plans:plan_dashboard"))
    assert response.status_code == 200
    assert "chưa mở năm học" in response.content.decode()


# --- bounded queries ---------------------------------------------------------------------------------------


def _add_schools(*, year, phong, count, start, granted_by=None):
    """Schools with four staff each (one per plan status but one not started) and a reopening for some."""
    statuses = [S.DRAFT, S.SUBMITTED, S.APPROVED, None]
    deadline = Deadline.objects.filter(year=year, unit=phong, kind=K.PLAN_SUBMIT).first()
    for index in range(start, start + count):
        school = OrgUnitFactory(code=f"{phong.code}-S{index}", name=f"Trường {phong.code} {index}", parent=phong)
        for status in statuses:
            staff = StaffFactory(unit=school, position=Position.TEACHER)
            if status:
                _plan(year, staff, status)
        if deadline and index % 3 == 0:
            DeadlineReopening.objects.create(
                deadline=deadline,
                school=school,
                until=deadline.due_date + datetime.timedelta(days=5),
                reason="x",
                granted_by=granted_by,
            )


def _query_count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


def test_phong_dashboard_queries_do_not_grow_with_schools(cast, live_year, login, django_assert_max_num_queries):
    Deadline.objects.create(
        year=live_year,
        kind=K.PLAN_SUBMIT,
        unit=cast.phong_a,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    client = login(cast.phong_a_officer)
    url = reverse("plans:plan_dashboard")
    grow = {"year": live_year, "phong": cast.phong_a, "granted_by": cast.phong_a_officer}
    _add_schools(**grow, count=3, start=0)  # 5 schools with A1 and A2
    small, _response = _query_count(client, url)
    _add_schools(**grow, count=45, start=3)  # 50 schools
    with django_assert_max_num_queries(15):
        large, response = _query_count(client, url)
    assert large == small
    assert response.content.decode().count('data-unit="PH-A-S') == 48


def test_department_dashboard_queries_do_not_grow_with_schools_or_phong(cast, live_year, login):
    client = login(cast.so_officer)
    url = reverse("plans:plan_dashboard")
    _add_schools(year=live_year, phong=cast.phong_b, count=4, start=0)
    small, _response = _query_count(client, url)
    for number in range(6):
        phong = OrgUnitFactory(kind=OrgUnit.Kind.DISTRICT, code=f"PX{number}", name=f"Phòng X{number}", parent=cast.so)
        _add_schools(year=live_year, phong=phong, count=8, start=0)
    large, response = _query_count(client, url)
    assert large == small <= 15
    progress = response.context["progress"]
    assert progress.total.schools == 4 + 4 + 48
    assert progress.total.staff == 5 + 1 + 1 + 4 * 52


def test_reopen_link_only_for_the_unit_whose_deadline_binds(cast, live_year, login):
    phong_deadline = Deadline.objects.create(
        year=live_year,
        kind=K.PLAN_SUBMIT,
        unit=cast.phong_a,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    so_deadline = live_year.deadlines.get(unit=cast.so)
    drill = reverse("plans:plan_dashboard_unit", args=[cast.phong_a.pk])
    so_page = login(cast.so_officer).get(drill).content.decode()
    assert reverse("years:deadline_reopen", args=[live_year.pk, so_deadline.pk]) not in so_page
    phong_page = login(cast.phong_a_officer).get(reverse("plans:plan_dashboard")).content.decode()
    assert reverse("years:deadline_reopen", args=[live_year.pk, phong_deadline.pk]) in _row_html(phong_page, "A1")

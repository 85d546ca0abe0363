"""Deadlines: their order, the Phòng's tighter ones, locking after the date and reopening for one school."""

import datetime

import pytest
from django.urls import reverse

from years import deadlines
from years import services as years
from years.deadlines import deadline_closed_message, deadline_is_open, effective_deadline
from years.models import Deadline, DeadlineKind, DeadlineReopening
from years.services import YearError

pytestmark = pytest.mark.django_db

K = DeadlineKind
D = datetime.date

SO_DATES = {
    K.PLAN_SUBMIT: D(2025, 10, 15),
    K.PLAN_APPROVE: D(2025, 10, 31),
    K.EVALUATION_END: D(2026, 5, 10),
    K.SCHOOL_REPORT: D(2026, 5, 20),
    K.DISTRICT_REPORT: D(2026, 5, 21),
    K.DEPARTMENT_REPORT: D(2026, 6, 30),
}


@pytest.fixture
def training_year(cast):
    return years.year_create(department=cast.so, start_year=2025, by=cast.so_officer)


@pytest.fixture
def so_deadlines(cast, training_year):
    return years.deadline_set(year=training_year, unit=cast.so, dates=dict(SO_DATES), by=cast.so_officer)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Reopenings are judged against today: these tests live on 01/10/2025, before every date they reopen to."""
    day = D(2025, 10, 1)
    monkeypatch.setattr(years, "today", lambda: day)
    return day


def _open(year, school, on, kind=K.PLAN_SUBMIT):
    return deadline_is_open(year=year, kind=kind, school=school, on=on)


# --- setting deadlines -------------------------------------------------------------------------------------


def test_department_sets_all_six_deadlines(cast, training_year, so_deadlines):
    stored = dict(Deadline.objects.filter(year=training_year, unit=cast.so).values_list("kind", "due_date"))
    assert stored == SO_DATES


def test_setting_again_updates_and_an_empty_date_removes(cast, training_year, so_deadlines):
    years.deadline_set(
        year=training_year,
        unit=cast.so,
        dates={K.PLAN_SUBMIT: D(2025, 10, 20), K.DEPARTMENT_REPORT: None},
        by=cast.so_officer,
    )
    stored = dict(Deadline.objects.filter(year=training_year, unit=cast.so).values_list("kind", "due_date"))
    assert stored[K.PLAN_SUBMIT] == D(2025, 10, 20)
    assert K.DEPARTMENT_REPORT not in stored
    assert stored[K.PLAN_APPROVE] == D(2025, 10, 31)  # kinds not sent are left alone


@pytest.mark.parametrize(
    "changes, later, earlier",
    [
        ({K.PLAN_APPROVE: D(2025, 10, 1)}, "Phê duyệt kế hoạch", "Nộp kế hoạch cá nhân"),
        ({K.SCHOOL_REPORT: D(2026, 5, 1)}, "Trường báo cáo cấp trên", "Kết thúc đánh giá"),
        ({K.DEPARTMENT_REPORT: D(2026, 5, 20)}, "Sở báo cáo Bộ", "UBND xã / Phòng báo cáo Sở"),
    ],
)
def test_deadlines_must_follow_the_order(cast, training_year, changes, later, earlier):
    with pytest.raises(YearError, match=f"“{later}”.*“{earlier}”"):
        years.deadline_set(year=training_year, unit=cast.so, dates=dict(SO_DATES) | changes, by=cast.so_officer)
    assert not Deadline.objects.exists()  # nothing half-lands


def test_order_is_checked_across_gaps_and_equal_dates_are_fine(cast, training_year):
    with pytest.raises(YearError):
        years.deadline_set(
            year=training_year,
            unit=cast.so,
            dates={K.PLAN_SUBMIT: D(2025, 11, 1), K.SCHOOL_REPORT: D(2025, 10, 1)},
            by=cast.so_officer,
        )
    same = D(2025, 10, 15)
    years.deadline_set(
        year=training_year, unit=cast.so, dates={K.PLAN_SUBMIT: same, K.PLAN_APPROVE: same}, by=cast.so_officer
    )
    assert Deadline.objects.filter(year=training_year).count() == 2


def test_dates_outside_the_school_year_are_refused(cast, training_year):
    with pytest.raises(YearError, match="2025–2026"):
        years.deadline_set(year=training_year, unit=cast.so, dates={K.PLAN_SUBMIT: D(2015, 10, 15)}, by=cast.so_officer)


def test_phong_may_set_earlier_or_equal_deadlines_but_not_later(cast, training_year, so_deadlines):
    years.deadline_set(
        year=training_year,
        unit=cast.phong_a,
        dates={K.PLAN_SUBMIT: D(2025, 10, 10), K.PLAN_APPROVE: SO_DATES[K.PLAN_APPROVE]},
        by=cast.phong_a_officer,
    )
    assert Deadline.objects.filter(year=training_year, unit=cast.phong_a).count() == 2
    with pytest.raises(YearError, match="không được muộn hơn thời hạn cấp trên"):
        years.deadline_set(
            year=training_year, unit=cast.phong_a, dates={K.EVALUATION_END: D(2026, 5, 11)}, by=cast.phong_a_officer
        )
    assert not Deadline.objects.filter(year=training_year, unit=cast.phong_a, kind=K.EVALUATION_END).exists()


def test_phong_order_is_checked_against_the_effective_dates(cast, training_year, so_deadlines):
    # Approving before the Sở's submission deadline would close approval before plans may arrive.
    with pytest.raises(YearError, match="Phê duyệt kế hoạch"):
        years.deadline_set(
            year=training_year, unit=cast.phong_a, dates={K.PLAN_APPROVE: D(2025, 10, 1)}, by=cast.phong_a_officer
        )


def test_phong_sets_only_school_level_kinds_and_only_for_itself(cast, training_year, so_deadlines):
    with pytest.raises(YearError, match="UBND xã / Phòng báo cáo Sở"):
        years.deadline_set(
            year=training_year, unit=cast.phong_a, dates={K.DISTRICT_REPORT: D(2026, 5, 15)}, by=cast.phong_a_officer
        )
    with pytest.raises(YearError):
        years.deadline_set(
            year=training_year, unit=cast.phong_b, dates={K.PLAN_SUBMIT: D(2025, 10, 1)}, by=cast.phong_a_officer
        )
    with pytest.raises(YearError):
        years.deadline_set(
            year=training_year, unit=cast.so, dates={K.PLAN_SUBMIT: D(2025, 10, 1)}, by=cast.phong_a_officer
        )
    with pytest.raises(YearError):
        years.deadline_set(
            year=training_year, unit=cast.so, dates={K.PLAN_SUBMIT: D(2025, 10, 1)}, by=cast.principal_a1
        )


# --- locking -----------------------------------------------------------------------------------------------


def test_deadline_open_until_the_due_date_inclusive(cast, training_year, so_deadlines):
    due = SO_DATES[K.PLAN_SUBMIT]
    assert _open(training_year, cast.school_a1, due - datetime.timedelta(days=1))
    assert _open(training_year, cast.school_a1, due)
    assert not _open(training_year, cast.school_a1, due + datetime.timedelta(days=1))
    assert "15/10/2025" in deadline_closed_message(year=training_year, kind=K.PLAN_SUBMIT, school=cast.school_a1)


def test_no_deadline_means_open(cast, training_year):
    assert _open(training_year, cast.school_a1, D(2030, 1, 1))


def test_reopening_for_a1_leaves_a2_closed(cast, training_year, so_deadlines):
    deadline = so_deadlines[K.PLAN_SUBMIT]
    years.deadline_reopen(
        deadline=deadline, school=cast.school_a1, until=D(2025, 10, 25), reason="Trường bị ngập", by=cast.so_officer
    )
    after = D(2025, 10, 20)
    assert _open(training_year, cast.school_a1, after)
    assert not _open(training_year, cast.school_a2, after)
    assert not _open(training_year, cast.school_a1, D(2025, 10, 26))


def test_a_phong_deadline_binds_only_its_own_schools(cast, training_year, so_deadlines):
    years.deadline_set(
        year=training_year, unit=cast.phong_a, dates={K.PLAN_SUBMIT: D(2025, 10, 5)}, by=cast.phong_a_officer
    )
    between = D(2025, 10, 10)
    assert not _open(training_year, cast.school_a1, between)
    assert not _open(training_year, cast.school_a2, between)
    assert _open(training_year, cast.school_b1, between)
    assert _open(training_year, cast.school_t1, between)
    deadline, _reopening = effective_deadline(year=training_year, kind=K.PLAN_SUBMIT, school=cast.school_a1)
    assert deadline.unit == cast.phong_a


def test_reopening_again_replaces_the_first(cast, training_year, so_deadlines):
    deadline = so_deadlines[K.PLAN_SUBMIT]
    for until in (D(2025, 10, 20), D(2025, 10, 28)):
        years.deadline_reopen(
            deadline=deadline, school=cast.school_a1, until=until, reason="Bổ sung", by=cast.so_officer
        )
    assert DeadlineReopening.objects.get(deadline=deadline, school=cast.school_a1).until == D(2025, 10, 28)
    assert DeadlineReopening.objects.count() == 1


def test_reopen_validations(cast, training_year, so_deadlines):
    deadline = so_deadlines[K.PLAN_SUBMIT]
    kwargs = {"deadline": deadline, "school": cast.school_a1, "until": D(2025, 10, 25), "reason": "Lý do"}
    with pytest.raises(YearError, match="lý do"):
        years.deadline_reopen(**kwargs | {"reason": "  "}, by=cast.so_officer)
    with pytest.raises(YearError, match="15/10/2025"):
        years.deadline_reopen(**kwargs | {"until": D(2025, 10, 15)}, by=cast.so_officer)
    with pytest.raises(YearError):
        years.deadline_reopen(**kwargs | {"school": cast.school_z1}, by=cast.so_officer)
    with pytest.raises(YearError):
        years.deadline_reopen(**kwargs | {"school": cast.phong_a}, by=cast.so_officer)
    with pytest.raises(YearError):  # only the unit that set it
        years.deadline_reopen(**kwargs, by=cast.phong_a_officer)
    with pytest.raises(YearError):  # reports of offices are not reopened per school
        years.deadline_reopen(**kwargs | {"deadline": so_deadlines[K.DISTRICT_REPORT]}, by=cast.so_officer)
    assert not DeadlineReopening.objects.exists()


def test_phong_reopens_its_own_deadline_for_its_own_school_only(cast, training_year, so_deadlines):
    phong = years.deadline_set(
        year=training_year, unit=cast.phong_a, dates={K.PLAN_SUBMIT: D(2025, 10, 5)}, by=cast.phong_a_officer
    )
    deadline = phong[K.PLAN_SUBMIT]
    with pytest.raises(YearError):
        years.deadline_reopen(
            deadline=deadline, school=cast.school_b1, until=D(2025, 10, 9), reason="x", by=cast.phong_a_officer
        )
    years.deadline_reopen(
        deadline=deadline, school=cast.school_a2, until=D(2025, 10, 9), reason="x", by=cast.phong_a_officer
    )
    assert _open(training_year, cast.school_a2, D(2025, 10, 8))
    assert not _open(training_year, cast.school_a1, D(2025, 10, 8))


def test_dashboard_resolution_matches_effective_deadline(cast, training_year, so_deadlines):
    """The dashboards resolve deadlines in Python; they must agree with years.deadlines everywhere."""
    phong = years.deadline_set(
        year=training_year, unit=cast.phong_a, dates={K.PLAN_SUBMIT: D(2025, 10, 5)}, by=cast.phong_a_officer
    )
    # A reopening past the Sở's date, granted before the service refused them: the Sở's date still binds.
    DeadlineReopening.objects.create(
        deadline=phong[K.PLAN_SUBMIT],
        school=cast.school_a1,
        until=D(2025, 10, 30),
        reason="x",
        granted_by=cast.phong_a_officer,
    )
    years.deadline_reopen(
        deadline=so_deadlines[K.PLAN_SUBMIT],
        school=cast.school_t1,
        until=D(2025, 10, 22),
        reason="x",
        by=cast.so_officer,
    )
    by_kind, reopenings = deadlines.deadline_index(year=training_year, root=cast.so, kinds=[K.PLAN_SUBMIT])
    for school in (cast.school_a1, cast.school_a2, cast.school_b1, cast.school_t1):
        deadline, reopening = effective_deadline(year=training_year, kind=K.PLAN_SUBMIT, school=school)
        expected = reopening.until if reopening else deadline.due_date
        got, _reopened, _binding = deadlines.last_day(
            deadlines_by_unit=by_kind[K.PLAN_SUBMIT], reopenings=reopenings, path=school.path, unit_id=school.pk
        )
        assert got == expected, school.code


def _phong_submit(cast, training_year):
    dates = {K.PLAN_SUBMIT: D(2025, 10, 5)}
    return years.deadline_set(year=training_year, unit=cast.phong_a, dates=dates, by=cast.phong_a_officer)[
        K.PLAN_SUBMIT
    ]


def test_phong_may_not_reopen_beyond_the_departments_date(cast, training_year, so_deadlines):
    """The Sở's 15/10 binds the school whatever the Phòng grants: a later date is refused, naming the limit."""
    deadline = _phong_submit(cast, training_year)
    with pytest.raises(YearError, match="15/10/2025") as refused:
        years.deadline_reopen(
            deadline=deadline, school=cast.school_a1, until=D(2025, 10, 20), reason="Lũ", by=cast.phong_a_officer
        )
    assert refused.value.field == "until"
    assert not DeadlineReopening.objects.exists()
    years.deadline_reopen(
        deadline=deadline, school=cast.school_a1, until=D(2025, 10, 15), reason="Lũ", by=cast.phong_a_officer
    )
    assert _open(training_year, cast.school_a1, D(2025, 10, 15))


def test_phong_may_reopen_as_far_as_the_departments_own_reopening_for_that_school(cast, training_year, so_deadlines):
    deadline = _phong_submit(cast, training_year)
    years.deadline_reopen(
        deadline=so_deadlines[K.PLAN_SUBMIT],
        school=cast.school_a1,
        until=D(2025, 10, 25),
        reason="Lũ",
        by=cast.so_officer,
    )
    with pytest.raises(YearError, match="25/10/2025"):
        years.deadline_reopen(
            deadline=deadline, school=cast.school_a1, until=D(2025, 10, 26), reason="Lũ", by=cast.phong_a_officer
        )
    years.deadline_reopen(
        deadline=deadline, school=cast.school_a1, until=D(2025, 10, 25), reason="Lũ", by=cast.phong_a_officer
    )
    assert _open(training_year, cast.school_a1, D(2025, 10, 25))
    assert not _open(training_year, cast.school_a1, D(2025, 10, 26))


def test_a_reopening_that_ends_in_the_past_is_refused(cast, training_year, so_deadlines, monkeypatch):
    monkeypatch.setattr(years, "today", lambda: D(2025, 10, 22))
    deadline = so_deadlines[K.PLAN_SUBMIT]
    with pytest.raises(YearError, match="22/10/2025") as refused:
        years.deadline_reopen(
            deadline=deadline, school=cast.school_a1, until=D(2025, 10, 21), reason="Lũ", by=cast.so_officer
        )
    assert refused.value.field == "until"
    assert not DeadlineReopening.objects.exists()
    # Until today itself is fine: the school still has today.
    years.deadline_reopen(
        deadline=deadline, school=cast.school_a1, until=D(2025, 10, 22), reason="Lũ", by=cast.so_officer
    )


# --- views -------------------------------------------------------------------------------------------------


def _form(dates):
    return {kind: day.strftime("%d/%m/%Y") if day else "" for kind, day in dates.items()}


def test_department_officer_sets_deadlines_with_dd_mm_yyyy(cast, training_year, login):
    client = login(cast.so_officer)
    url = reverse("years:deadline_edit", args=[training_year.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(SO_DATES))
    assert response.status_code == 302
    assert Deadline.objects.get(year=training_year, kind=K.PLAN_SUBMIT).due_date == D(2025, 10, 15)
    page = client.get(url).content.decode()
    assert "15/10/2025" in page


def test_deadline_form_shows_vietnamese_errors(cast, training_year, login):
    client = login(cast.so_officer)
    url = reverse("years:deadline_edit", args=[training_year.pk])
    response = client.post(url, _form(SO_DATES) | {K.PLAN_SUBMIT: "31/02/2025"})
    assert "Ngày phải có dạng dd/mm/yyyy" in response.content.decode()
    response = client.post(url, _form(SO_DATES | {K.PLAN_APPROVE: D(2025, 10, 1)}))
    assert response.status_code == 200
    assert "không được sớm hơn" in response.content.decode()
    assert not Deadline.objects.exists()


def test_phong_officer_form_has_four_kinds_and_refuses_later_dates(cast, training_year, so_deadlines, login):
    client = login(cast.phong_a_officer)
    url = reverse("years:deadline_edit", args=[training_year.pk])
    page = client.get(url).content.decode()
    assert f'name="{K.PLAN_SUBMIT}"' in page and f'name="{K.DISTRICT_REPORT}"' not in page
    response = client.post(url, {K.PLAN_SUBMIT: "20/10/2025"})
    assert "không được muộn hơn" in response.content.decode()
    assert client.post(url, {K.PLAN_SUBMIT: "10/10/2025"}).status_code == 302
    assert Deadline.objects.get(unit=cast.phong_a).due_date == D(2025, 10, 10)


@pytest.mark.parametrize("persona", ["teacher_a1", "principal_a1", "group_head_a1"])
def test_school_users_may_not_set_deadlines(cast, training_year, login, persona):
    url = reverse("years:deadline_edit", args=[training_year.pk])
    client = login(getattr(cast, persona))
    assert client.get(url).status_code == 403
    assert client.post(url, _form(SO_DATES)).status_code == 403
    assert not Deadline.objects.exists()


def test_reopen_through_the_form(cast, training_year, so_deadlines, login):
    deadline = so_deadlines[K.PLAN_SUBMIT]
    url = reverse("years:deadline_reopen", args=[training_year.pk, deadline.pk])
    client = login(cast.so_officer)
    assert client.get(url, {"school": cast.school_a1.pk}).status_code == 200
    response = client.post(url, {"school": cast.school_a1.pk, "until": "25/10/2025", "reason": "Mất điện"})
    assert response.status_code == 302
    reopening = DeadlineReopening.objects.get()
    assert (reopening.school, reopening.until, reopening.granted_by) == (
        cast.school_a1,
        D(2025, 10, 25),
        cast.so_officer,
    )
    detail = client.get(reverse("years:year_detail", args=[training_year.pk])).content.decode()
    assert "Mất điện" in detail
    cancel = reverse("years:deadline_reopening_cancel", args=[training_year.pk, reopening.pk])
    assert client.post(cancel).status_code == 302
    assert not DeadlineReopening.objects.exists()


def test_phong_officer_gets_404_reopening_for_a_school_of_another_phong(cast, training_year, so_deadlines, login):
    phong = years.deadline_set(
        year=training_year, unit=cast.phong_a, dates={K.PLAN_SUBMIT: D(2025, 10, 5)}, by=cast.phong_a_officer
    )
    url = reverse("years:deadline_reopen", args=[training_year.pk, phong[K.PLAN_SUBMIT].pk])
    client = login(cast.phong_a_officer)
    data = {"school": cast.school_b1.pk, "until": "12/10/2025", "reason": "x"}
    assert client.post(url, data).status_code == 404
    assert client.get(url, {"school": cast.school_b1.pk}).status_code == 404
    assert client.post(url, data | {"school": cast.school_a1.pk}).status_code == 302
    assert list(DeadlineReopening.objects.values_list("school__code", flat=True)) == ["A1"]


def test_reopening_someone_elses_deadline(cast, training_year, so_deadlines, login):
    so_submit = so_deadlines[K.PLAN_SUBMIT]
    phong = years.deadline_set(
        year=training_year, unit=cast.phong_a, dates={K.PLAN_SUBMIT: D(2025, 10, 5)}, by=cast.phong_a_officer
    )
    data = {"school": cast.school_a1.pk, "until": "25/10/2025", "reason": "x"}
    # The Sở's deadline is outside the Phòng's scope; Phòng B does not see Phòng A's one.
    assert (
        login(cast.phong_a_officer)
        .post(reverse("years:deadline_reopen", args=[training_year.pk, so_submit.pk]), data)
        .status_code
        == 404
    )
    phong_url = reverse("years:deadline_reopen", args=[training_year.pk, phong[K.PLAN_SUBMIT].pk])
    assert login(cast.phong_b_officer).post(phong_url, data).status_code == 404
    # The Sở sees the Phòng's deadline but did not set it.
    assert login(cast.so_officer).post(phong_url, data).status_code == 403
    assert login(cast.so_z_officer).post(phong_url, data).status_code == 404
    assert login(cast.principal_a1).post(phong_url, data).status_code == 404
    assert not DeadlineReopening.objects.exists()


def test_school_users_see_their_binding_deadlines(cast, training_year, so_deadlines, login):
    years.deadline_set(
        year=training_year, unit=cast.phong_a, dates={K.PLAN_SUBMIT: D(2025, 10, 5)}, by=cast.phong_a_officer
    )
    page = login(cast.teacher_a1).get(reverse("years:year_detail", args=[training_year.pk])).content.decode()
    assert "05/10/2025" in page and "Phòng GD&amp;ĐT Huyện A" in page
    page = login(cast.teacher_b1).get(reverse("years:year_detail", args=[training_year.pk])).content.decode()
    assert "15/10/2025" in page and "05/10/2025" not in page


def test_phong_reopening_beyond_the_departments_date_is_a_form_error_not_a_success(
    cast, training_year, so_deadlines, login
):
    deadline = _phong_submit(cast, training_year)
    url = reverse("years:deadline_reopen", args=[training_year.pk, deadline.pk])
    client = login(cast.phong_a_officer)
    assert "15/10/2025" in client.get(url).content.decode().split('data-testid="reopen-limit"')[1]
    response = client.post(url, {"school": cast.school_a1.pk, "until": "20/10/2025", "reason": "Lũ"})
    assert response.status_code == 200
    assert any("15/10/2025" in error for error in response.context["form"].errors["until"])
    assert "Đã mở lại" not in response.content.decode()
    assert not DeadlineReopening.objects.exists()


def test_department_year_page_lists_the_phongs_reopenings(cast, training_year, so_deadlines, login):
    deadline = _phong_submit(cast, training_year)
    years.deadline_reopen(
        deadline=deadline,
        school=cast.school_a2,
        until=D(2025, 10, 12),
        reason="Trường bị ngập",
        by=cast.phong_a_officer,
    )
    response = login(cast.so_officer).get(reverse("years:year_detail", args=[training_year.pk]))
    table = response.content.decode().split('data-testid="district-reopening-table"')[1].split("</table>")[0]
    assert "Phòng GD&amp;ĐT Huyện A" in table and "Trường Tiểu học A2" in table
    assert "12/10/2025" in table and "Trường bị ngập" in table
    # The Sở reads them; cancelling stays with the Phòng that granted them.
    assert "Huỷ mở lại" not in table


def test_a_reopening_tells_the_schools_managers_why_and_until_when(cast, training_year, so_deadlines, cast_mailboxes):
    from reports.models import NoticeKind, Notification

    years.deadline_reopen(
        deadline=so_deadlines[K.PLAN_SUBMIT],
        school=cast.school_a1,
        until=D(2025, 10, 25),
        reason="Trường bị ngập",
        by=cast.so_officer,
    )
    (notice,) = Notification.objects.filter(user=cast.principal_a1)
    assert "25/10/2025" in notice.title and notice.body == "Trường bị ngập"
    assert not Notification.objects.exclude(user=cast.principal_a1).exists()
    assert cast_mailboxes(NoticeKind.DEADLINE) == [("ht_a1@bdtx.test", notice.title)]


def test_a_reopening_ending_within_a_week_is_on_the_granters_home_and_its_list(
    cast, training_year, so_deadlines, client, monkeypatch
):
    from bdtx.todo import todo_for

    monkeypatch.setattr(years, "today", lambda: D(2025, 10, 20))  # the plan deadline (15/10) has passed
    for school, until in ((cast.school_a1, D(2025, 10, 23)), (cast.school_a2, D(2025, 11, 8))):
        years.deadline_reopen(
            deadline=so_deadlines[K.PLAN_SUBMIT],
            school=school,
            until=until,
            reason="Trường bị ngập",
            by=cast.so_officer,
        )
    items = {item.key: item for item in todo_for(cast.so_officer)["items"]}
    item = items["reopenings_expiring"]
    assert item.count == 1  # A1's ends in 3 days; A2's in 19
    client.force_login(cast.so_officer)
    listed = client.get(item.url).context["reopenings"]
    assert [reopening.school for reopening in listed] == [cast.school_a1]


def test_a_paper_of_a_year_that_is_over_is_dated_in_its_year(cast):
    from django.utils import timezone

    from years.models import TrainingYear

    past = TrainingYear.objects.create(department=cast.so, start_year=2018, ruleset="TT26_2012")
    Deadline.objects.create(
        year=past, kind=DeadlineKind.EVALUATION_END, unit=cast.so, due_date=datetime.date(2019, 5, 15)
    )
    school = cast.school_a1
    assert deadlines.document_day(year=past, kind=DeadlineKind.EVALUATION_END, unit=school) == datetime.date(
        2019, 5, 15
    )
    # No deadline of that step was set, or the year still runs: the paper is dated today.
    today = timezone.localdate()
    assert deadlines.document_day(year=past, kind=DeadlineKind.SCHOOL_REPORT, unit=school) == today
    running = TrainingYear.objects.create(department=cast.so, start_year=today.year + 1, is_current=True)
    later = today + datetime.timedelta(days=30)
    Deadline.objects.create(year=running, kind=DeadlineKind.EVALUATION_END, unit=cast.so, due_date=later)
    assert deadlines.document_day(year=running, kind=DeadlineKind.EVALUATION_END, unit=school) == today

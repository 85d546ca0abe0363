"""Training years: creation rules, one current year per Sở, and who may see or change them."""

import pytest
from django.urls import reverse

from years import services as years
from years.models import Ruleset, TrainingYear
from years.services import YearError

pytestmark = pytest.mark.django_db


@pytest.fixture
def training_year(cast):
    return years.year_create(department=cast.so, start_year=2025, by=cast.so_officer)


# --- services ----------------------------------------------------------------------------------------------


def test_the_regime_and_its_hours_default_by_start_year_and_the_first_year_becomes_current(cast):
    current = years.year_create(department=cast.so, start_year=2026, by=cast.so_officer)
    assert current.name == "2026–2027"
    assert current.ruleset == Ruleset.TT19_2019
    assert (current.quota_content1, current.quota_content2, current.quota_content3) == (40, 40, 40)
    assert current.is_current
    past = years.year_create(department=cast.so, start_year=2018, by=cast.so_officer)
    assert not past.is_current
    assert past.ruleset == Ruleset.TT26_2012 and (past.quota_content1, past.quota_content3) == (30, 60)


def test_2019_2020_is_the_departments_choice(cast):
    with pytest.raises(YearError, match="hãy chọn quy chế"):
        years.year_create(department=cast.so, start_year=2019, by=cast.so_officer)
    chosen = years.year_create(department=cast.so, start_year=2019, by=cast.so_officer, ruleset=Ruleset.TT26_2012)
    assert (chosen.ruleset, chosen.total_quota) == (Ruleset.TT26_2012, 120)


@pytest.mark.parametrize(
    "start_year, ruleset",
    [(2025, Ruleset.TT26_2012), (2018, Ruleset.TT19_2019)],
)
def test_a_year_outside_2019_keeps_the_regime_of_its_time(cast, start_year, ruleset):
    with pytest.raises(YearError, match="chỉ năm học 2019–2020 được chọn quy chế"):
        years.year_create(department=cast.so, start_year=start_year, by=cast.so_officer, ruleset=ruleset)


def test_tt19_hours_shift_between_01_and_02_only_and_total_120(cast):
    shifted = years.year_create(
        department=cast.so, start_year=2026, by=cast.so_officer, quota_content1=50, quota_content2=30
    )
    assert (shifted.quota_content1, shifted.quota_content2, shifted.quota_content3) == (50, 30, 40)
    with pytest.raises(YearError, match="Chương trình bồi dưỡng 03 có 40 tiết theo quy định"):
        years.year_update(
            year=shifted,
            by=cast.so_officer,
            start_year=2026,
            ruleset=Ruleset.TT19_2019,
            quota_content1=40,
            quota_content2=20,
            quota_content3=60,
        )
    with pytest.raises(YearError, match="Tổng số tiết phải là 120"):
        years.year_update(
            year=shifted,
            by=cast.so_officer,
            start_year=2026,
            ruleset=Ruleset.TT19_2019,
            quota_content1=50,
            quota_content2=40,
            quota_content3=40,
        )
    shifted.refresh_from_db()
    assert (shifted.quota_content1, shifted.quota_content2) == (50, 30)


def test_a_tt26_year_keeps_free_hours(cast):
    year = years.year_create(department=cast.so, start_year=2017, by=cast.so_officer, quota_content3=45)
    assert year.total_quota == 105


def test_a_new_tt19_year_gets_the_regulation_deadlines_with_their_source(cast):
    from datetime import date

    from django.utils import timezone

    start = timezone.localdate().year + 1
    year = years.year_create(department=cast.so, start_year=start, by=cast.so_officer)
    deadlines = {d.kind: d for d in year.deadlines.all()}
    assert deadlines["PLAN_SUBMIT"].due_date == date(start, 5, 31)
    assert deadlines["PLAN_APPROVE"].due_date == date(start, 6, 30)
    assert deadlines["DEPARTMENT_REPORT"].due_date == date(start + 1, 6, 30)
    assert "Điều 8" in deadlines["PLAN_SUBMIT"].source
    assert "962" in deadlines["DEPARTMENT_REPORT"].source
    # A unit's own date replaces the default and its source.
    years.deadline_set(year=year, unit=cast.so, dates={"DEPARTMENT_REPORT": date(start + 1, 6, 15)}, by=cast.so_officer)
    assert year.deadlines.get(kind="DEPARTMENT_REPORT").source == ""


def test_defaults_already_past_are_not_set_and_tt26_years_get_none(cast):
    assert not years.year_create(department=cast.so, start_year=2020, by=cast.so_officer).deadlines.exists()
    assert not years.year_create(department=cast.so, start_year=2015, by=cast.so_officer).deadlines.exists()


def test_exemption_needs_a_recorded_decision_under_tt19(cast, training_year):
    assert not training_year.allows_exemption
    values = {"start_year": 2025, "ruleset": Ruleset.TT19_2019, "quota_content1": 40, "quota_content2": 40}
    with pytest.raises(YearError, match="đủ số, ngày và lý do"):
        years.year_update(
            year=training_year,
            by=cast.so_officer,
            quota_content3=40,
            exemption_decision_number="12/QĐ-SGDĐT",
            **values,
        )
    from datetime import date

    years.year_update(
        year=training_year,
        by=cast.so_officer,
        quota_content3=40,
        exemption_decision_number="12/QĐ-SGDĐT",
        exemption_decision_date=date(2025, 9, 5),
        exemption_decision_reason="Giáo viên tiếng Anh học chương trình của Đề án ngoại ngữ",
        **values,
    )
    training_year.refresh_from_db()
    assert training_year.allows_exemption
    old = years.year_create(department=cast.so, start_year=2016, by=cast.so_officer)
    assert old.allows_exemption and not old.has_exemption_decision


def test_create_refuses_a_duplicate_year(cast, training_year):
    with pytest.raises(YearError, match="2025–2026 đã có"):
        years.year_create(department=cast.so, start_year=2025, by=cast.so_officer)
    # Another Sở may open the same school year.
    assert years.year_create(department=cast.so_z, start_year=2025, by=cast.so_z_officer).is_current


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"start_year": 1990}, "Năm bắt đầu"),
        ({"quota_content1": 0}, "chương trình bồi dưỡng 01"),
        ({"quota_content2": -5}, "chương trình bồi dưỡng 02"),
        ({"quota_content3": "40"}, "chương trình bồi dưỡng 03"),
        ({"ruleset": "TT99"}, "Quy chế"),
    ],
)
def test_create_validates_its_input(cast, changes, message):
    values = {"start_year": 2025, "ruleset": Ruleset.TT19_2019} | changes
    with pytest.raises(YearError, match=message):
        years.year_create(department=cast.so, by=cast.so_officer, **values)
    assert not TrainingYear.objects.exists()


def test_only_the_department_officer_creates_years_of_their_department(cast):
    with pytest.raises(YearError):
        years.year_create(department=cast.so, start_year=2025, by=cast.phong_a_officer)
    with pytest.raises(YearError):
        years.year_create(department=cast.so, start_year=2025, by=cast.so_z_officer)
    with pytest.raises(YearError):
        years.year_create(department=cast.phong_a, start_year=2025, by=cast.admin)
    assert years.year_create(department=cast.so, start_year=2025, by=cast.admin).department == cast.so


def test_update_changes_quotas_and_refuses_a_clash(cast, training_year):
    other = years.year_create(department=cast.so, start_year=2024, by=cast.so_officer)
    years.year_update(
        year=training_year,
        by=cast.so_officer,
        start_year=2025,
        ruleset=Ruleset.TT19_2019,
        quota_content1=60,
        quota_content2=20,
        quota_content3=40,
    )
    training_year.refresh_from_db()
    assert (training_year.ruleset, training_year.quota_content1, training_year.quota_content2) == (
        Ruleset.TT19_2019,
        60,
        20,
    )
    with pytest.raises(YearError, match="2025–2026 đã có"):
        years.year_update(
            year=other,
            by=cast.so_officer,
            start_year=2025,
            ruleset=Ruleset.TT19_2019,
            quota_content1=40,
            quota_content2=40,
            quota_content3=40,
        )


def test_exactly_one_current_year_per_department(cast, training_year):
    older = years.year_create(department=cast.so, start_year=2024, by=cast.so_officer)
    z_year = years.year_create(department=cast.so_z, start_year=2025, by=cast.so_z_officer)
    years.year_set_current(year=older, by=cast.so_officer)
    assert list(TrainingYear.objects.filter(department=cast.so, is_current=True)) == [older]
    # Setting it twice is a no-op; the other Sở keeps its own current year.
    years.year_set_current(year=older, by=cast.so_officer)
    assert TrainingYear.objects.filter(department=cast.so, is_current=True).count() == 1
    z_year.refresh_from_db()
    assert z_year.is_current
    years.year_set_current(year=training_year, by=cast.so_officer)
    assert list(TrainingYear.objects.filter(department=cast.so, is_current=True)) == [training_year]


def test_set_current_refused_to_other_roles(cast, training_year):
    older = years.year_create(department=cast.so, start_year=2024, by=cast.so_officer)
    for user in (cast.phong_a_officer, cast.principal_a1, cast.so_z_officer):
        with pytest.raises(YearError):
            years.year_set_current(year=older, by=user)
    older.refresh_from_db()
    assert not older.is_current


# --- views -------------------------------------------------------------------------------------------------

# The regime and the hours left blank: the year takes those of its start year (TT 19/2019, 40 + 40 + 40).
FORM = {"start_year": "2026", "ruleset": "", "quota_content1": "", "quota_content2": "", "quota_content3": ""}


def test_year_list_shows_the_users_department_only(cast, training_year, login):
    years.year_create(department=cast.so_z, start_year=2030, by=cast.so_z_officer)
    for user in (cast.teacher_a1, cast.phong_b_officer, cast.so_officer):
        response = login(user).get(reverse("years:year_list"))
        assert response.status_code == 200
        assert "2025–2026" in response.content.decode()
        assert "2030–2031" not in response.content.decode()


def test_department_officer_creates_a_year_through_the_form(cast, login):
    response = login(cast.so_officer).post(reverse("years:year_create"), FORM)
    year = TrainingYear.objects.get(department=cast.so, start_year=2026)
    assert response.status_code == 302 and response.url == reverse("years:year_detail", args=[year.pk])
    assert (year.ruleset, year.quota_content1, year.quota_content2, year.quota_content3) == ("TT19_2019", 40, 40, 40)


def test_the_form_asks_for_the_regime_of_2019_and_explains_a_refused_hours_shift(cast, login):
    client = login(cast.so_officer)
    response = client.post(reverse("years:year_create"), FORM | {"start_year": "2019"})
    assert "hãy chọn quy chế" in response.content.decode()
    response = client.post(reverse("years:year_create"), FORM | {"quota_content3": "60"})
    assert "Chương trình bồi dưỡng 03 có 40 tiết theo quy định" in response.content.decode()
    assert not TrainingYear.objects.exists()


def test_bad_form_input_gets_a_vietnamese_error(cast, login):
    client = login(cast.so_officer)
    response = client.post(reverse("years:year_create"), FORM | {"quota_content3": "abc", "start_year": "20x"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hãy nhập một số nguyên dương." in body
    assert "Năm bắt đầu phải là một số" in body
    response = client.post(reverse("years:year_create"), FORM | {"quota_content2": "0"})
    assert "Số tiết phải là số nguyên dương." in response.content.decode()
    assert not TrainingYear.objects.exists()


def test_duplicate_year_through_the_form_is_a_message_not_a_crash(cast, training_year, login):
    response = login(cast.so_officer).post(reverse("years:year_create"), FORM | {"start_year": "2025"})
    assert response.status_code == 200
    assert "2025–2026 đã có" in response.content.decode()


def test_admin_chooses_the_department(cast, login):
    response = login(cast.admin).post(reverse("years:year_create"), FORM | {"department": cast.so_z.pk})
    assert response.status_code == 302
    assert TrainingYear.objects.get(start_year=2026).department == cast.so_z


@pytest.mark.parametrize("persona", ["teacher_a1", "principal_a1", "phong_a_officer"])
def test_school_and_phong_users_may_read_but_not_edit(cast, training_year, login, persona):
    client = login(getattr(cast, persona))
    assert client.get(reverse("years:year_detail", args=[training_year.pk])).status_code == 200
    assert client.get(reverse("years:year_edit", args=[training_year.pk])).status_code == 403
    assert client.post(reverse("years:year_edit", args=[training_year.pk]), FORM).status_code == 403
    assert client.post(reverse("years:year_set_current", args=[training_year.pk])).status_code == 403
    assert client.get(reverse("years:year_create")).status_code == 403


@pytest.mark.parametrize("name", ["year_detail", "year_edit", "year_set_current", "deadline_edit"])
def test_another_departments_officer_gets_404(cast, training_year, login, name):
    client = login(cast.so_z_officer)
    assert client.get(reverse(f"years:{name}", args=[training_year.pk])).status_code == 404
    assert client.post(reverse(f"years:{name}", args=[training_year.pk]), FORM).status_code == 404
    training_year.refresh_from_db()
    assert training_year.quota_content1 == 40


def test_teacher_of_another_province_gets_404(cast, training_year, login):
    client = login(cast.teacher_z1)
    assert client.get(reverse("years:year_detail", args=[training_year.pk])).status_code == 404
    assert client.get(reverse("years:year_edit", args=[training_year.pk])).status_code == 404


def test_edit_form_saves(cast, training_year, login):
    response = login(cast.so_officer).post(
        reverse("years:year_edit", args=[training_year.pk]),
        FORM | {"start_year": "2025", "quota_content1": "45", "quota_content2": "35"},
    )
    assert response.status_code == 302
    training_year.refresh_from_db()
    assert (training_year.quota_content1, training_year.quota_content2) == (45, 35)


def test_set_current_asks_for_confirmation_then_switches(cast, training_year, login):
    older = years.year_create(department=cast.so, start_year=2024, by=cast.so_officer)
    client = login(cast.so_officer)
    url = reverse("years:year_set_current", args=[older.pk])
    response = client.get(url)
    assert response.status_code == 200 and "2024–2025" in response.content.decode()
    older.refresh_from_db()
    assert not older.is_current  # a GET changes nothing
    assert client.post(url).status_code == 302
    older.refresh_from_db()
    training_year.refresh_from_db()
    assert older.is_current and not training_year.is_current


def test_the_regime_of_a_year_with_plans_never_changes(cast):
    from plans.models import Plan

    year = years.year_create(department=cast.so, start_year=2019, by=cast.so_officer, ruleset=Ruleset.TT26_2012)
    staff = cast.teacher_a1.staff
    Plan.objects.create(year=year, staff=staff, school=staff.unit)
    with pytest.raises(YearError, match="đã có kế hoạch cá nhân lập theo TT 26/2012"):
        years.year_update(
            year=year,
            by=cast.so_officer,
            start_year=2019,
            ruleset=Ruleset.TT19_2019,
            quota_content1=40,
            quota_content2=40,
            quota_content3=40,
        )
    year.refresh_from_db()
    assert year.ruleset == Ruleset.TT26_2012

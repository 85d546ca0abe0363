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


def test_create_uses_the_tt26_defaults_and_makes_the_first_year_current(cast):
    year = years.year_create(department=cast.so, start_year=2019, by=cast.so_officer)
    assert year.name == "2019–2020"
    assert year.ruleset == Ruleset.TT26_2012
    assert (year.quota_content1, year.quota_content2, year.quota_content3) == (30, 30, 60)
    assert year.is_current
    later = years.year_create(
        department=cast.so, start_year=2020, by=cast.so_officer, ruleset=Ruleset.TT19_2019, quota_content3=45
    )
    assert not later.is_current
    assert later.ruleset == Ruleset.TT19_2019 and later.total_quota == 105


def test_create_refuses_a_duplicate_year(cast, training_year):
    with pytest.raises(YearError, match="2025–2026 đã có"):
        years.year_create(department=cast.so, start_year=2025, by=cast.so_officer)
    # Another Sở may open the same school year.
    assert years.year_create(department=cast.so_z, start_year=2025, by=cast.so_z_officer).is_current


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"start_year": 1990}, "Năm bắt đầu"),
        ({"quota_content1": 0}, "nội dung 1"),
        ({"quota_content2": -5}, "nội dung 2"),
        ({"quota_content3": "60"}, "nội dung 3"),
        ({"ruleset": "TT99"}, "Quy chế"),
    ],
)
def test_create_validates_its_input(cast, changes, message):
    values = {"start_year": 2025, "ruleset": Ruleset.TT26_2012} | changes
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
        quota_content1=40,
        quota_content2=20,
        quota_content3=60,
    )
    training_year.refresh_from_db()
    assert (training_year.ruleset, training_year.quota_content1, training_year.quota_content2) == (
        Ruleset.TT19_2019,
        40,
        20,
    )
    with pytest.raises(YearError, match="2025–2026 đã có"):
        years.year_update(
            year=other,
            by=cast.so_officer,
            start_year=2025,
            ruleset=Ruleset.TT26_2012,
            quota_content1=30,
            quota_content2=30,
            quota_content3=60,
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

FORM = {
    "start_year": "2026",
    "ruleset": "TT26_2012",
    "quota_content1": "30",
    "quota_content2": "30",
    "quota_content3": "60",
}


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
    assert training_year.quota_content1 == 30


def test_teacher_of_another_province_gets_404(cast, training_year, login):
    client = login(cast.teacher_z1)
    assert client.get(reverse("years:year_detail", args=[training_year.pk])).status_code == 404
    assert client.get(reverse("years:year_edit", args=[training_year.pk])).status_code == 404


def test_edit_form_saves(cast, training_year, login):
    response = login(cast.so_officer).post(
        reverse("years:year_edit", args=[training_year.pk]), FORM | {"start_year": "2025", "quota_content1": "35"}
    )
    assert response.status_code == 302
    training_year.refresh_from_db()
    assert training_year.quota_content1 == 35


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

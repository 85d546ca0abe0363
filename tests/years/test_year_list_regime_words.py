"""The years list names each year's hours in that year's regime (one row "CT 01: 40", another "ND1: 30"), and the
2019–2020 hint of the year form shows only where it applies."""

import pytest
from django.urls import reverse

from years.models import TrainingYear

pytestmark = pytest.mark.django_db


def test_each_row_of_the_years_list_names_its_own_contents(cast, login):
    y19 = TrainingYear.objects.create(
        department=cast.so,
        start_year=2026,
        is_current=True,
        ruleset="TT19_2019",
        quota_content1=45,
        quota_content2=35,
        quota_content3=40,
    )
    y26 = TrainingYear.objects.create(department=cast.so, start_year=2018, ruleset="TT26_2012")

    body = login(cast.so_officer).get(reverse("years:year_list")).content.decode()

    def row(year):
        return body.split(f'<tr data-year="{year.pk}">')[1].split("</tr>")[0]

    assert "CT 01</span>" not in row(y26)
    assert "CT 01: 45</span> · " in row(y19) and "CT 02: 35</span>" in row(y19) and "CT 03: 40</span>" in row(y19)
    assert "ND1: 30</span>" in row(y26) and "ND3: 60</span>" in row(y26)
    assert "ND1" not in row(y19)
    assert ">ND 1<" not in body


@pytest.mark.parametrize(("start_year", "ruleset", "shown"), [(2019, "TT19_2019", True), (2026, "TT19_2019", False)])
def test_the_2019_2020_hint_shows_only_on_that_year(cast, login, start_year, ruleset, shown):
    year = TrainingYear.objects.create(department=cast.so, start_year=start_year, ruleset=ruleset)

    body = login(cast.so_officer).get(reverse("years:year_edit", args=[year.pk])).content.decode()

    assert ("Năm học 2019–2020 phải chọn" in body) is shown


def test_the_new_year_form_keeps_the_hint(cast, login):
    body = login(cast.so_officer).get(reverse("years:year_create")).content.decode()

    assert "Năm học 2019–2020 phải chọn" in body

# ruff: noqa: F811 (fixtures imported from other test modules are used as arguments)
"""The results tables show each year in its own regime's classes: under TT 19/2019 no "Hoàn thành" column beside
the class Hoàn thành (the same figures twice), the card "Không hoàn thành kế hoạch BDTX"; over the years, a class
the year's regime does not have shows "—", not 0. TT 26/2012 tables are unchanged."""

import re

import pytest
from django.urls import reverse

from results import results
from tests.reports.test_chain import give_result
from years.models import TrainingYear

from .test_tt19_results import gvpt_modules, tt19_data, tt19_result  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tt26_year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2018, ruleset="TT26_2012")


def _office_page(cast, login, year):
    response = login(cast.phong_a_officer).get(
        reverse("results:results_unit", args=[cast.phong_a.pk]), {"year": year.pk}
    )
    assert response.status_code == 200
    return response.content.decode()


def _summary_headers(body):
    table = re.search(r'data-testid="summary-table">(.*?)</thead>', body, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]


def test_a_tt19_summary_has_no_second_completed_column(cast, tt19_year, tt19_data, login):
    body = _office_page(cast, login, tt19_year)

    headers = _summary_headers(body)
    assert headers.count("Hoàn thành") == 1, headers
    assert 'data-col="completed"' not in body
    assert 'data-col="HOAN_THANH"' in body
    assert "Không hoàn thành kế hoạch BDTX" in body and "Không hoàn thành, không đạt" not in body


def test_a_tt26_summary_keeps_its_completed_column(cast, tt26_year, login):
    give_result(cast.teacher_a1.staff, tt26_year, "GIOI")

    body = _office_page(cast, login, tt26_year)

    headers = _summary_headers(body)
    classes = ["Giỏi", "Khá", "Trung bình", "Không hoàn thành", "Đạt yêu cầu", "Không đạt yêu cầu"]
    assert headers[3:10] == [*classes, "Hoàn thành"]
    assert 'data-col="completed"' in body
    assert "Không hoàn thành, không đạt" in body


def test_only_a_regime_with_several_completing_classes_needs_the_column():
    assert not results.needs_completed_column(results.classes_for(TrainingYear(ruleset="TT19_2019")))
    assert results.needs_completed_column(results.classes_for(TrainingYear(ruleset="TT26_2012")))


def _cell(body, start_year, classification):
    row = re.search(rf'<tr data-year="{start_year}">(.*?)</tr>', body, re.S).group(1)
    return re.sub(r"<[^>]+>", "", re.search(rf'data-col="{classification}">(.*?)</td>', row, re.S).group(1)).strip()


def test_over_the_years_a_class_of_the_other_regime_is_a_dash(cast, tt19_year, tt19_data, tt26_year, login):
    give_result(cast.teacher_a1.staff, tt26_year, "KHA")

    response = login(cast.principal_a1).get(reverse("results:results_years"), {"unit": cast.school_a1.pk})
    assert response.status_code == 200
    body = response.content.decode()

    assert _cell(body, 2026, "GIOI") == "—"
    assert _cell(body, 2026, "DAT") == "—"
    assert _cell(body, 2026, "HOAN_THANH") == "1 (50,0%)"
    assert _cell(body, 2026, "KHONG_HOAN_THANH") == "1 (50,0%)"
    assert _cell(body, 2018, "HOAN_THANH") == "—"
    assert _cell(body, 2018, "KHA") == "1 (100,0%)"
    assert _cell(body, 2018, "GIOI") == "0 (0,0%)"
    assert _cell(body, 2018, "KHONG_HOAN_THANH") == "0 (0,0%)"
    assert 'data-col="completed"' in body  # TT 26 classes are listed too: several complete the plan

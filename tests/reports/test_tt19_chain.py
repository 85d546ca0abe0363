"""A TT 19/2019 year in the report chain: the school's list has its result under "Kết quả" and no ĐTB column; the
tables by level and audience have the two results with their TT 19 names. TT 26/2012 years: test_chain.py."""

import pytest
from django.urls import reverse

from reports.chain_selectors import result_counts, results_table, school_report_rows

from .test_chain import give_result

pytestmark = pytest.mark.django_db

FORBIDDEN = ("ĐTB", "Điểm trung bình", "Giỏi", "Khá", "Trung bình", "Xếp loại")


@pytest.fixture
def tt19_results(cast, tt19_year):
    give_result(cast.teacher_a1.staff, tt19_year, "HOAN_THANH")
    give_result(cast.teacher_a1_other_group.staff, tt19_year, "KHONG_HOAN_THANH")


def test_the_school_list_and_tables_of_a_tt19_year_use_its_names(cast, tt19_year, tt19_results):
    rows = {row["code"]: row for row in school_report_rows(school=cast.school_a1, year=tt19_year)}
    assert rows[cast.teacher_a1.staff.code]["classification_label"] == "Hoàn thành kế hoạch BDTX"
    assert rows[cast.teacher_a1.staff.code]["average"] is None
    assert rows[cast.teacher_a1_other_group.staff.code]["classification_label"] == "Không hoàn thành kế hoạch BDTX"
    table = results_table(counts=result_counts(year=tt19_year, root=cast.so), ruleset=tt19_year.ruleset)
    assert [label for _code, label in table.classes] == ["Hoàn thành kế hoạch BDTX", "Không hoàn thành kế hoạch BDTX"]


def test_the_chain_page_of_a_tt19_school_has_no_average(cast, tt19_year, tt19_results, login):
    response = login(cast.principal_a1).get(
        reverse("reports:chain_unit", args=[cast.school_a1.pk]), {"year": tt19_year.pk}
    )
    assert response.status_code == 200
    body = response.content.decode()
    people = body.split('data-testid="report-rows"')[1].split("</table>")[0]
    assert "Kết quả" in people and "Hoàn thành kế hoạch BDTX" in people and "data-average" not in people
    for word in FORBIDDEN:
        assert word not in body, word

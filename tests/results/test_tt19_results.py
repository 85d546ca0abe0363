# ruff: noqa: F811 (fixtures imported from other test modules are used as arguments)
"""A TT 19/2019 year speaks its regime: "Chương trình bồi dưỡng 01/02/03", "Hoàn thành kế hoạch BDTX", marks out of
ten, and never a ĐTB or one of the four classes, on the results page, its charts and its Excel files.

The TT 26/2012 pages are pinned by the other tests of this folder (unchanged).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import Score, YearResult
from plans.models import Plan, PlanItem, PlanStatus
from results import results
from tests.factories import UserFactory, make_gvpt_modules

from .test_results_exports import export, table, texts  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

FORBIDDEN = ("ĐTB", "Điểm trung bình", "điểm trung bình", "Giỏi", "Khá", "Trung bình", "Xếp loại", "xếp loại")


@pytest.fixture
def gvpt_modules(db):
    return make_gvpt_modules((1, 2), code="GVPT {n:02d}", title="Mô đun GVPT {n:02d}")


@pytest.fixture
def tt19_result(tt19_year, gvpt_modules):
    """An approved TT 19 plan (40 + 40 + two 20-tiết modules) with its marks and a result of ``classification``."""
    scorer = UserFactory(username="scorer19")

    def _make(staff, classification, *, essay=Decimal("8"), module_marks=(Decimal("7.5"), Decimal("6"))):
        plan = Plan.objects.create(year=tt19_year, staff=staff, school=staff.unit, status=PlanStatus.APPROVED)
        PlanItem.objects.create(plan=plan, content=1, hours=40, order=0)
        PlanItem.objects.create(plan=plan, content=2, hours=40, order=0)
        items = [
            PlanItem.objects.create(plan=plan, content=3, module=module, hours=20, order=index)
            for index, module in enumerate(gvpt_modules)
        ]
        now = timezone.now()
        scores = [
            Score(plan=plan, content=1, piece="BTH", mark=essay),
            Score(plan=plan, content=2, piece="BTH", mark=Decimal("9")),
        ]
        for item in items:
            scores += [
                Score(plan=plan, content=3, item=item, piece="LT", mark=module_marks[0]),
                Score(plan=plan, content=3, item=item, piece="TH", mark=module_marks[1]),
            ]
        for score in scores:
            score.entered_by, score.entered_at = scorer, now
        Score.objects.bulk_create(scores)
        YearResult.objects.create(
            staff=staff,
            year=tt19_year,
            plan=plan,
            school=staff.unit,
            average=None,
            classification=classification,
            reasons=[] if classification == "HOAN_THANH" else ["Bài kiểm tra thực hành mô đun GVPT 02 dưới 5"],
            completed_hours=120,
            planned_hours=120,
            computed_at=now,
        )
        return plan

    return _make


@pytest.fixture
def tt19_data(cast, tt19_result):
    cast.teacher_a1.staff.birth_date = datetime.date(1990, 4, 5)
    cast.teacher_a1.staff.save()
    tt19_result(cast.teacher_a1.staff, "HOAN_THANH")
    tt19_result(cast.teacher_a1_other_group.staff, "KHONG_HOAN_THANH", module_marks=(Decimal("7"), Decimal("4.75")))


def assert_speaks_tt19(text):
    assert "Hoàn thành kế hoạch BDTX" in text
    for word in FORBIDDEN:
        assert word not in text, word


def test_the_list_of_a_tt19_year_has_marks_and_results_not_averages(cast, tt19_year, tt19_data):
    rows = results.results_list(user=cast.principal_a1, year=tt19_year, school=cast.school_a1)
    by_name = {row.staff.full_name: row for row in rows}
    done = by_name[cast.teacher_a1.staff.full_name]
    assert (done.nd1_text, done.nd2_text, done.nd3_text) == ("8,0", "9,0", "2/2 mô đun đạt")
    assert done.average is None and done.class_label == "Hoàn thành kế hoạch BDTX"
    failed = by_name[cast.teacher_a1_other_group.staff.full_name]
    assert failed.nd3_text == "0/2 mô đun đạt" and failed.class_label == "Không hoàn thành kế hoạch BDTX"
    totals = results.list_totals_text(rows, tt19_year)
    assert "Hoàn thành kế hoạch BDTX: 1" in totals and "Không hoàn thành kế hoạch BDTX: 1" in totals


def test_the_school_page_of_a_tt19_year_names_its_programmes(cast, tt19_year, tt19_data, login):
    response = login(cast.principal_a1).get(
        reverse("results:results_unit", args=[cast.school_a1.pk]), {"year": tt19_year.pk}
    )
    assert response.status_code == 200
    body = response.content.decode()
    page_list = body.split('data-testid="classification-list"')[1].split("</table>")[0]
    assert "Chương trình bồi dưỡng 01" in page_list and "CT 01" in page_list and "CT 03 (mô đun đạt)" in page_list
    assert "2/2 mô đun đạt" in page_list
    assert_speaks_tt19(body)


def test_the_excel_list_of_a_tt19_year_has_no_average_column(cast, tt19_year, tt19_data, export):
    _, workbook, _ = export(cast.principal_a1, "list", cast.school_a1, tt19_year)
    sheet = workbook.active
    headers, rows = table(sheet)
    assert headers[0][5:] == ["Điểm", None, None, "Kết quả", "Ghi chú"]
    assert headers[1][5:8] == ["CT 01", "CT 02", "CT 03 (mô đun đạt)"]
    assert "DANH SÁCH KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC 2026-2027" in texts(sheet)
    values = {row[1].value: [cell.value for cell in row] for row in rows}
    assert values[cast.teacher_a1.staff.full_name][5:9] == ["8,0", "9,0", "2/2 mô đun đạt", "Hoàn thành kế hoạch BDTX"]
    assert_speaks_tt19("\n".join(texts(sheet)))


def test_the_summary_and_the_not_completed_files_of_a_tt19_year(cast, tt19_year, tt19_data, export):
    for report, unit in (("summary", cast.phong_a), ("not_completed", cast.school_a1)):
        _, workbook, _ = export(cast.phong_a_officer, report, unit, tt19_year)
        text = "\n".join(value for sheet in workbook.worksheets for value in texts(sheet))
        for word in FORBIDDEN:
            assert word not in text, (report, word)
        assert "hoàn thành kế hoạch bdtx" in text.lower(), report


def test_the_office_page_of_a_tt19_year_has_its_two_results(cast, tt19_year, tt19_data, login):
    response = login(cast.phong_a_officer).get(
        reverse("results:results_unit", args=[cast.phong_a.pk]), {"year": tt19_year.pk}
    )
    assert response.status_code == 200
    body = response.content.decode()
    for word in FORBIDDEN:
        assert word not in body, word


def test_the_not_completed_page_of_a_tt19_year_names_its_result(cast, tt19_year, tt19_data, login):
    response = login(cast.principal_a1).get(
        reverse("results:results_not_completed", args=[cast.school_a1.pk]), {"year": tt19_year.pk}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Không hoàn thành kế hoạch BDTX" in body
    for word in FORBIDDEN:
        assert word not in body, word


def test_the_years_page_of_a_department_with_only_tt19_years(cast, tt19_year, tt19_data, login):
    response = login(cast.principal_a1).get(reverse("results:results_years"), {"unit": cast.school_a1.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kết quả qua các năm học" in body
    for word in FORBIDDEN:
        assert word not in body, word

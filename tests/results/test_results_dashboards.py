# ruff: noqa: F811 (fixtures imported from results_data are used as arguments)
"""Results dashboards: numbers equal the database, charts come with tables and Excel buttons, scope is enforced."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Staff
from assessment.models import YearResult
from core.navigation import NavItem
from plans.models import Plan, PlanStatus
from results import results
from results.navigation import NAV_ITEMS
from tests.factories import OrgUnitFactory
from years.models import Deadline, DeadlineKind, TrainingYear

from .results_data import (  # noqa: F401 (fixtures)
    KHA,
    TRUNG_BINH,
    confirm,
    db_counts,
    make_result,
    modules,
    scorer,
    teacher,
    year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(cast, make_result, year):
    a1 = cast.school_a1
    make_result(cast.teacher_a1.staff)
    make_result(cast.teacher_a1_other_group.staff, KHA)
    make_result(cast.principal_a1.staff, TRUNG_BINH)  # a TH manager: Đạt yêu cầu
    make_result(teacher(a1, "Lò Văn Sơn"), module_totals=[9, 9, None, 9])
    make_result(teacher(a1, "Quàng Thị Ánh"), scored=False)
    Plan.objects.create(year=year, staff=teacher(a1, "Điêu Văn Hùng"), school=a1, status=PlanStatus.SUBMITTED)
    make_result(cast.teacher_a2.staff, TRUNG_BINH)
    make_result(cast.teacher_b1.staff)
    make_result(cast.teacher_t1.staff, KHA)
    confirm(cast.school_b1, year)


def chart_data(response):
    match = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', response.text, re.S)
    assert match, "the page carries its chart data as JSON"
    return json.loads(match.group(1))


def no_inline_scripts(html):
    """Every <script> either loads a file or is the JSON data block (the CSP forbids inline scripts)."""
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"


# --- school --------------------------------------------------------------------------------------------------------


def test_principal_sees_the_school_dashboard(cast, data, year, login):
    response = login(cast.principal_a1).get(reverse("results:results_home"))
    assert response.status_code == 200
    row = response.context["row"]
    a1 = cast.school_a1
    assert row.unit == a1
    assert row.staff == Staff.objects.filter(unit=a1, is_active=True).count() == 7
    assert row.evaluated == YearResult.objects.filter(school=a1, year=year).count() == 4
    assert row.counts == db_counts(year=year, schools=[a1])
    assert row.completed == 3 and row.not_completed == 1 and row.completion_percent == 75
    assert (row.no_plan, row.unscored, row.incomplete, row.to_score) == (2, 1, 1, 2)

    data = chart_data(response)
    classes = data["classes"]
    assert classes["type"] == "doughnut" and classes["labels"][:4] == ["Giỏi", "Khá", "Trung bình", "Không hoàn thành"]
    assert classes["datasets"][0]["data"] == [1, 1, 0, 1, 1, 0]
    assert data["progress"]["datasets"][0]["data"] == [row.scored, row.to_score, row.no_plan] == [3, 2, 2]
    html = response.text
    for key in ("classes", "progress"):
        assert f'data-chart="{key}"' in html and f'data-testid="table-{key}"' in html
        assert f'data-testid="excel-{key}"' in html
    assert 'data-testid="excel-list"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/charts.js" in html
    no_inline_scripts(html)
    # The table view holds the chart's numbers.
    table = re.search(r'data-testid="table-classes">(.*?)</table>', html, re.S).group(1)
    assert re.findall(r'<td class="num" data-figure="total:\w+">(\d+)</td>', table) == ["1", "1", "0", "1", "1", "0"]

    names = [line.staff.full_name for line in response.context["list_rows"]]
    assert names == list(
        Plan.objects.filter(school=a1, year=year, status=PlanStatus.APPROVED)
        .order_by("staff__sort_key")
        .values_list("staff__full_name", flat=True)
    )
    assert "Nguyễn Văn An" in html and "Không hoàn thành kế hoạch" in html
    an = next(line for line in response.context["list_rows"] if line.staff.full_name == "Nguyễn Văn An")
    assert (an.nd1_text, an.nd3_text, an.average_text) == ("9,0", "9,0", "9,0") and ">9,0<" in html


def test_school_deadlines_and_lateness(cast, data, year, login):
    Deadline.objects.create(
        year=year, kind=DeadlineKind.EVALUATION_END, unit=cast.so, due_date=datetime.date(2020, 5, 1)
    )
    Deadline.objects.create(
        year=year, kind=DeadlineKind.SCHOOL_REPORT, unit=cast.phong_a, due_date=datetime.date(2020, 5, 20)
    )
    summary = results.results_by_unit(user=cast.so_officer, year=year, root=cast.so)
    a1 = next(child for child in summary.rows[0].children if child.unit == cast.school_a1)
    assert a1.evaluation_due == datetime.date(2020, 5, 1) and a1.report_due == datetime.date(2020, 5, 20)
    assert a1.late_evaluation and a1.late_report and a1.late
    b1 = summary.rows[1].children[0]
    assert b1.confirmed and not b1.late_report and b1.report_due is None and not b1.late
    t1 = summary.rows[2]
    assert t1.unit == cast.school_t1 and not t1.late_evaluation  # every score entered
    assert summary.rows[0].late_schools == 2 and summary.total.late_schools == 2
    assert summary.total.confirmed_schools == 1 and summary.total.schools == 4

    response = login(cast.principal_a1).get(reverse("results:results_home"))
    deadlines = re.search(r'data-testid="deadlines">(.*?)</section>', response.text, re.S).group(1)
    assert "01/05/2020" in deadlines and "20/05/2020" in deadlines and "Trễ hạn" in deadlines


# --- Phòng and Sở --------------------------------------------------------------------------------------------------


def test_phong_dashboard_rows_are_its_schools(cast, data, year, login):
    response = login(cast.phong_a_officer).get(reverse("results:results_home"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert [row.unit for row in summary.rows] == [cast.school_a1, cast.school_a2]
    assert summary.total.evaluated == YearResult.objects.filter(year=year, school__parent=cast.phong_a).count() == 5
    assert summary.total.counts == db_counts(year=year, schools=[cast.school_a1, cast.school_a2])
    assert summary.total.staff == Staff.objects.filter(unit__parent=cast.phong_a, is_active=True).count()
    data = chart_data(response)
    assert data["classes"]["labels"] == ["Trường Tiểu học A1", "Trường Tiểu học A2"]
    giỏi = next(d for d in data["classes"]["datasets"] if d["label"] == "Giỏi")
    assert giỏi["data"] == [1, 0]
    assert data["completion"]["datasets"][0]["data"] == [75.0, 100.0]
    html = response.text
    assert "Trường THCS B1" not in html and "Đỗ Thị Dung" not in html
    for key in ("classes", "completion", "progress"):
        assert f'data-testid="table-{key}"' in html and f'data-testid="excel-{key}"' in html
    # The classification list of every school of the Phòng, one button away.
    assert 'data-testid="excel-list"' in html and f'name="unit" value="{cast.phong_a.pk}"' in html
    no_inline_scripts(html)


def test_department_dashboard_groups_by_phong_and_direct_schools(cast, data, year, login):
    response = login(cast.so_officer).get(reverse("results:results_home"))
    summary = response.context["summary"]
    assert [row.unit for row in summary.rows] == [cast.phong_a, cast.phong_b, cast.school_t1]
    phong_a, phong_b, t1 = summary.rows
    assert phong_a.evaluated == 5 and phong_a.schools == 2 and phong_b.evaluated == 1 and t1.evaluated == 1
    assert phong_a.counts == db_counts(year=year, schools=[cast.school_a1, cast.school_a2])
    assert summary.total.evaluated == YearResult.objects.filter(year=year).count() == 7
    assert summary.total.counts == db_counts(
        year=year, schools=[cast.school_a1, cast.school_a2, cast.school_b1, cast.school_t1]
    )
    assert summary.total.staff == Staff.objects.filter(unit__path__startswith=cast.so.path, is_active=True).count()
    footer = re.search(r'data-testid="summary-total">(.*?)</tr>', response.text, re.S).group(1)
    assert re.search(r'data-col="evaluated"><a [^>]*nhom=evaluated">7<', footer)  # opens the 7 people
    # The Sở opens a Phòng, then a school.
    response = login(cast.so_officer).get(reverse("results:results_unit", args=[cast.phong_a.pk]))
    assert [row.unit for row in response.context["summary"].rows] == [cast.school_a1, cast.school_a2]
    response = login(cast.so_officer).get(reverse("results:results_unit", args=[cast.school_b1.pk]))
    assert response.context["row"].confirmed and response.context["row"].evaluated == 1


def test_province_without_phong(cast, make_result, login):
    year_z = TrainingYear.objects.create(department=cast.so_z, start_year=2025, is_current=True)
    make_result(cast.teacher_z1.staff, plan_year=year_z)
    response = login(cast.so_z_officer).get(reverse("results:results_home"))
    summary = response.context["summary"]
    assert [row.unit for row in summary.rows] == [cast.school_z1]
    assert summary.total.evaluated == 1 and summary.total.counts == {"GIOI": 1}


def test_admin_sees_the_chosen_year_department(cast, data, year, login):
    response = login(cast.admin).get(reverse("results:results_home") + f"?year={year.pk}")
    assert response.context["root"] == cast.so
    assert response.context["summary"].total.evaluated == 7


# --- year over year ------------------------------------------------------------------------------------------------


def test_year_over_year(cast, make_result, year, login):
    old = TrainingYear.objects.create(department=cast.so, start_year=2024)
    make_result(cast.teacher_a1.staff)
    make_result(cast.teacher_a2.staff, KHA)
    make_result(cast.teacher_a1.staff, plan_year=old, module_totals=[9, None, 9, 9])
    make_result(cast.teacher_b1.staff, plan_year=old)
    response = login(cast.phong_a_officer).get(reverse("results:results_years"))
    comparison = response.context["comparison"]
    assert [row.year for row in comparison.rows] == [old, year]
    assert [row.evaluated for row in comparison.rows] == [1, 2]
    assert comparison.rows[0].counts == {"KHONG_HOAN_THANH": 1} and comparison.rows[1].counts == {"GIOI": 1, "KHA": 1}
    data = chart_data(response)
    assert data["years"]["labels"] == ["2024-2025", "2025-2026"]
    assert next(d for d in data["years"]["datasets"] if d["label"] == "Giỏi")["data"] == [0, 1]
    assert data["years_completion"]["datasets"][0]["data"] == [0.0, 100.0]
    assert 'data-testid="excel-years"' in response.text and 'data-testid="table-years"' in response.text
    no_inline_scripts(response.text)
    # A school manager compares their own school's years only.
    response = login(cast.principal_a1).get(reverse("results:results_years"))
    assert [row.evaluated for row in response.context["comparison"].rows] == [1, 1]
    response = login(cast.principal_a1).get(reverse("results:results_years") + f"?unit={cast.school_a2.pk}")
    assert response.status_code == 404


# --- not completed -------------------------------------------------------------------------------------------------


def test_not_completed_page(cast, data, year, login):
    response = login(cast.phong_a_officer).get(reverse("results:results_not_completed", args=[cast.phong_a.pk]))
    assert response.status_code == 200
    names = [row.staff.full_name for row in response.context["rows"]]
    failed = YearResult.objects.filter(year=year, school__parent=cast.phong_a, classification="KHONG_HOAN_THANH")
    without = Staff.objects.filter(unit__parent=cast.phong_a, is_active=True).exclude(year_results__year=year)
    assert sorted(names) == sorted(
        [*failed.values_list("staff__full_name", flat=True), *without.values_list("full_name", flat=True)]
    )
    assert response.context["total"] == 4 and response.context["with_result"] == 1
    assert "Kế hoạch BDTX cá nhân đã nộp, chưa được phê duyệt" in response.text
    assert 'data-testid="excel-not-completed"' in response.text


# --- scope ---------------------------------------------------------------------------------------------------------


def test_outsiders_get_404(cast, data, year, login):
    def status(user, name, *args, query=""):
        return login(user).get(reverse(f"results:{name}", args=args) + query).status_code

    assert status(cast.phong_b_officer, "results_unit", cast.school_a1.pk) == 404
    assert status(cast.phong_b_officer, "results_unit", cast.phong_a.pk) == 404
    assert status(cast.phong_b_officer, "results_not_completed", cast.school_a1.pk) == 404
    assert status(cast.principal_a1, "results_unit", cast.school_a2.pk) == 404
    assert status(cast.principal_a1, "results_unit", cast.phong_a.pk) == 404
    assert status(cast.principal_a1, "results_not_completed", cast.phong_a.pk) == 404
    assert status(cast.so_z_officer, "results_unit", cast.school_a1.pk) == 404
    assert status(cast.so_officer, "results_home", query=f"?year={year.pk + 999}") == 404
    year_z = TrainingYear.objects.create(department=cast.so_z, start_year=2025, is_current=True)
    assert status(cast.so_officer, "results_home", query=f"?year={year_z.pk}") == 404
    assert status(cast.admin, "results_unit", cast.school_a1.pk, query=f"?year={year_z.pk}") == 404
    # Own unit and below are fine.
    assert status(cast.principal_a1, "results_unit", cast.school_a1.pk) == 200
    assert status(cast.phong_a_officer, "results_unit", cast.school_a2.pk) == 200


def test_teachers_and_group_heads_are_refused(cast, data, login):
    for user in (cast.teacher_a1, cast.group_head_a1):
        assert login(user).get(reverse("results:results_home")).status_code == 403
        assert login(user).get(reverse("results:results_unit", args=[cast.school_a1.pk])).status_code == 403
    response = login(cast.teacher_a1).post(
        reverse("results:results_export_start"), {"report": "list", "unit": cast.school_a1.pk}
    )
    assert response.status_code == 403


def test_login_required(client, cast, settings):
    response = client.get(reverse("results:results_home"))
    assert response.status_code == 302
    assert response.url.startswith(
        str(settings.LOGIN_URL) if settings.LOGIN_URL.startswith("/") else reverse(settings.LOGIN_URL)
    )


def test_unknown_report_is_a_bad_request(cast, data, year, login):
    response = login(cast.so_officer).post(
        reverse("results:results_export_start"), {"report": "other", "unit": cast.so.pk, "year": year.pk}
    )
    assert response.status_code == 400


def test_navigation_item():
    nation, item = NAV_ITEMS
    assert nation.key == "results_nation" and reverse(nation.url_name) == reverse("results:results_nation")
    assert isinstance(item, NavItem) and item.label == "Kết quả BDTX"
    assert reverse(item.url_name) == reverse("results:results_home")


# --- queries do not grow with the number of schools ----------------------------------------------------------------


def _schools_with_results(cast, make_result, count, start):
    for index in range(start, start + count):
        phong = cast.phong_a if index % 2 else cast.phong_b
        school = OrgUnitFactory(parent=phong, name=f"Trường Tiểu học số {index}", code=f"S{index:03d}")
        make_result(teacher(school, f"Giáo Viên {index}"), KHA if index % 3 else TRUNG_BINH)
        teacher(school, f"Chưa Lập {index}")


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize(
    "user_key, name, args",
    [
        ("so_officer", "results_home", ()),
        ("phong_a_officer", "results_home", ()),
        ("so_officer", "results_years", ()),
        ("so_officer", "results_not_completed", ("so",)),
    ],
)
def test_query_count_is_constant_from_5_to_30_schools(cast, make_result, year, login, user_key, name, args):
    client = login(getattr(cast, user_key))
    url = reverse(f"results:{name}", args=[getattr(cast, arg).pk for arg in args])
    _schools_with_results(cast, make_result, 5, 0)
    few, response = _queries(client, url)
    _schools_with_results(cast, make_result, 25, 5)
    many, response = _queries(client, url)
    assert many == few, (few, many)
    assert few <= 20
    if name == "results_home":
        assert (
            response.context["summary"].total.evaluated
            == YearResult.objects.filter(school__path__startswith=response.context["root"].path).count()
        )


def test_school_dashboard_queries_do_not_grow_with_staff(cast, make_result, year, login):
    client = login(cast.principal_a1)
    for index in range(3):
        make_result(teacher(cast.school_a1, f"Giáo Viên {index}"))
    few, _ = _queries(client, reverse("results:results_home"))
    for index in range(3, 23):
        make_result(teacher(cast.school_a1, f"Giáo Viên {index}"), KHA)
    many, response = _queries(client, reverse("results:results_home"))
    assert many == few and len(response.context["list_rows"]) == 23


def test_not_completed_first_rows_are_the_head_of_the_full_list(cast, data, year):
    full = results.not_completed(user=cast.so_officer, year=year, root=cast.so)
    keys = [(row.school.path, row.staff.sort_key) for row in full]
    assert keys == sorted(keys) and len(full) == 4
    for limit in (1, 2, 3, 10):
        head = results.not_completed(user=cast.so_officer, year=year, root=cast.so, limit=limit)
        assert [row.staff.pk for row in head] == [row.staff.pk for row in full[:limit]]
    with_result, without = results.not_completed_counts(user=cast.so_officer, year=year, root=cast.so)
    assert with_result + without == len(full) and with_result == sum(1 for row in full if row.classification)

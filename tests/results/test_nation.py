# ruff: noqa: F811 (fixtures imported from results_data are used as arguments)
"""The national summary: one row per Sở for its current year, numbers equal to the database, admins only."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import MANAGER_POSITIONS, OrgUnit, Role
from assessment.models import YearResult
from bdtx.navigation import nav_for
from plans.models import Plan, PlanStatus
from reports.models import ReportStatus, UnitReport
from results import nation
from tests.factories import OrgUnitFactory
from years.models import Deadline, DeadlineKind, TrainingYear

from .results_data import (  # noqa: F401 (fixtures)
    KHA,
    TRUNG_BINH,
    db_counts,
    make_result,
    manager,
    modules,
    scorer,
    teacher,
    year,
)

pytestmark = pytest.mark.django_db
URL = reverse("results:results_nation")


@pytest.fixture
def data(cast, make_result, year):
    make_result(cast.teacher_a1.staff)
    make_result(cast.teacher_a2.staff, KHA)
    make_result(manager(cast.school_a1, "Lê Văn Hiệu"), TRUNG_BINH)
    make_result(cast.teacher_b1.staff, nd1=3)  # a content below 5: Không hoàn thành kế hoạch
    make_result(cast.teacher_t1.staff, scored=False)  # approved, no result yet
    Plan.objects.create(year=year, staff=cast.principal_a1.staff, school=cast.school_a1, status=PlanStatus.DRAFT)
    year_z = TrainingYear.objects.create(department=cast.so_z, start_year=2025, is_current=True)
    make_result(cast.teacher_z1.staff, KHA, plan_year=year_z)
    make_result(teacher(cast.school_z1, "Đinh Thị Hà"), plan_year=year_z)
    # An older year of Sở A is not the current one: its results are not counted.
    old = TrainingYear.objects.create(department=cast.so, start_year=2024)
    make_result(teacher(cast.school_a2, "Ngô Văn Ích"), plan_year=old)
    UnitReport.objects.create(
        year=year, unit=cast.so, kind=DeadlineKind.DEPARTMENT_REPORT, status=ReportStatus.SUBMITTED
    )
    Deadline.objects.create(
        year=year_z,
        kind=DeadlineKind.DEPARTMENT_REPORT,
        unit=cast.so_z,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    return {cast.so.pk: year, cast.so_z.pk: year_z}


def test_rows_equal_the_database(cast, data):
    summary = nation.nation_summary(user=cast.admin)
    assert [row.unit for row in summary.rows] == sorted([cast.so, cast.so_z], key=lambda unit: unit.code)
    for row in summary.rows:
        year = data[row.unit.pk]
        assert row.year == year
        approved = Plan.objects.filter(year=year, status=PlanStatus.APPROVED)
        assert row.managers == approved.filter(staff__position__in=MANAGER_POSITIONS).count()
        assert row.teachers == approved.exclude(staff__position__in=MANAGER_POSITIONS).count()
        assert row.evaluated == YearResult.objects.filter(year=year).count()
        assert row.counts == db_counts(year=year, schools=OrgUnit.objects.filter(path__startswith=row.unit.path))
        for cell in row.cells:
            assert cell.count == row.counts.get(cell.classification, 0)
    a, z = (next(row for row in summary.rows if row.unit == unit) for unit in (cast.so, cast.so_z))
    assert (a.teachers, a.managers, a.evaluated, a.completed) == (4, 1, 4, 3)
    assert (z.teachers, z.evaluated, z.completed) == (2, 2, 2)
    assert (summary.total.evaluated, summary.total.planned) == (6, 7)
    assert summary.total.counts == {
        cls: a.counts.get(cls, 0) + z.counts.get(cls, 0) for cls in set(a.counts) | set(z.counts)
    }
    assert str(summary.total.completion_percent) == "83.3"
    # Sở A has sent its report; Sở Z has not, and its deadline was yesterday.
    assert not a.report.outstanding and not a.report.late
    assert z.report.outstanding and z.report.late
    assert summary.reports_done == 1


def test_page_shows_every_department_and_the_national_total(cast, data, login):
    page = login(cast.admin).get(URL).content.decode()
    assert 'data-unit="SO-A"' in page and 'data-unit="SO-Z"' in page
    total = re.search(r'data-testid="nation-total">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r'data-col="evaluated">6<', total)
    assert "Tổng hợp kết quả BDTX toàn quốc" in page and "Kế hoạch đã duyệt" in page
    assert "Trễ hạn" in page


def test_a_department_without_a_current_year_shows_an_empty_row(cast, login):
    page = login(cast.admin).get(URL).content.decode()
    assert page.count("Chưa mở năm học.") == 2


def test_queries_do_not_grow_with_the_departments(cast, data, make_result):
    with CaptureQueriesContext(connection) as captured:
        nation.nation_summary(user=cast.admin)
    before = len(captured.captured_queries)
    assert before <= 7
    for number in range(3):
        so = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, code=f"SO-N{number}", parent=cast.ministry, levels="")
        school = OrgUnitFactory(code=f"N{number}", parent=so, levels="TH")
        year = TrainingYear.objects.create(department=so, start_year=2025, is_current=True)
        make_result(teacher(school, f"Giáo viên {number}"), plan_year=year)
    with CaptureQueriesContext(connection) as captured:
        summary = nation.nation_summary(user=cast.admin)
    assert len(captured.captured_queries) == before
    assert [row.unit.code for row in summary.rows] == ["SO-A", "SO-N0", "SO-N1", "SO-N2", "SO-Z"]


def test_the_page_keeps_its_figures_for_a_while(cast, data, login, make_result, caching):
    client = login(cast.admin)
    first = client.get(URL).content.decode()
    make_result(teacher(cast.school_a1, "Người Mới"))
    with CaptureQueriesContext(connection) as captured:
        again = client.get(URL).content.decode()
    assert not any("assessment_yearresult" in query["sql"] for query in captured.captured_queries)
    assert re.search(r'data-testid="nation-total">.*?data-col="evaluated">6<', again, re.S)
    assert first.count("data-unit=") == again.count("data-unit=")
    assert 'data-testid="computed-at"' in again
    cache.clear()
    fresh = client.get(URL).content.decode()
    assert re.search(r'data-testid="nation-total">.*?data-col="evaluated">7<', fresh, re.S)


@pytest.mark.parametrize(
    "persona", ["so_officer", "so_z_officer", "phong_a_officer", "principal_a1", "group_head_a1", "teacher_a1"]
)
def test_only_admins_open_it(cast, persona, login):
    assert login(getattr(cast, persona)).get(URL).status_code == 403


def test_admin_menu_has_it(cast):
    assert any(item["url"] == URL for item in nav_for(cast.admin))
    for user in (cast.so_officer, cast.phong_a_officer, cast.principal_a1):
        assert user.role != Role.ADMIN
        assert all(item["url"] != URL for item in nav_for(user))

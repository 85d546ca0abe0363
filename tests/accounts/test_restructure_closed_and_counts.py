"""A closed unit is not renamed nor offered any restructuring; the preview's plan and report figures say exactly what
they count: plans drawn up and not approved, and units with no accepted report of the current year (none sent
included)."""

import pytest
from django.urls import reverse

from accounts import restructure
from accounts.models import OrgUnit
from accounts.services import AccountsError
from plans.models import Plan, PlanStatus
from reports.models import ReportStatus, UnitReport
from tests.factories import OrgUnitFactory
from years.models import TrainingYear

pytestmark = pytest.mark.django_db

REASON = "Quyết định 77/QĐ-UBND"
RENAME = "Đổi tên, mã đơn vị"


def _fresh(unit):
    return OrgUnit.objects.get(pk=unit.pk)


@pytest.fixture
def merged_school(cast):
    """School A2 merged into A1: closed, kept under Phòng A."""
    restructure.merge(cast.school_a2, cast.school_a1, actor=cast.so_officer, reason=REASON)
    return _fresh(cast.school_a2)


# ------------------------------------------------------------------------------------------------- closed units


def test_a_closed_unit_is_not_renamed(cast, merged_school):
    for call in (restructure.preview_rename, restructure.rename):
        extra = {"reason": REASON} if call is restructure.rename else {}
        with pytest.raises(AccountsError, match="đã ngừng hoạt động") as refused:
            call(merged_school, name="Trường mới", code="A2-MOI", actor=cast.so_officer, **extra)
        assert "không thể sắp xếp lại hay đổi tên" in str(refused.value)
    assert (_fresh(merged_school).name, _fresh(merged_school).code) == (cast.school_a2.name, "A2")


def test_a_dissolved_phong_is_not_renamed(cast):
    restructure.dissolve(cast.phong_b, {cast.school_b1.pk: cast.so}, actor=cast.so_officer, reason=REASON)
    with pytest.raises(AccountsError, match="đã ngừng hoạt động"):
        restructure.rename(_fresh(cast.phong_b), name="Phòng mới", code="PH-B", actor=cast.admin, reason=REASON)


def test_a_closed_so_does_not_choose_its_middle_tier_levels(cast):
    restructure.merge(cast.so_z, cast.so, actor=cast.admin, reason=REASON)
    with pytest.raises(AccountsError, match="đã ngừng hoạt động"):
        restructure.preview_middle_tier_levels(_fresh(cast.so_z), levels=["MN"], actor=cast.admin)


def test_the_page_of_a_closed_unit_offers_no_restructuring(cast, login, merged_school):
    client = login(cast.so_officer)
    open_page = client.get(reverse("accounts:unit_detail", args=[cast.school_a1.pk])).content.decode()
    assert RENAME in open_page and 'data-testid="unit-restructure"' in open_page

    page = client.get(reverse("accounts:unit_detail", args=[merged_school.pk])).content.decode()
    assert 'data-testid="unit-closed"' in page
    assert RENAME not in page and 'data-testid="unit-restructure"' not in page
    for operation in ("rename", "move", "merge"):
        url = reverse(f"accounts:unit_{operation}", args=[merged_school.pk])
        assert client.get(url).status_code == 404
    posted = client.post(reverse("accounts:unit_rename", args=[merged_school.pk]), {"name": "X", "code": "X1"})
    assert posted.status_code == 404
    assert _fresh(merged_school).code == "A2"


# ----------------------------------------------------------------------------------------------- preview figures


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


def test_units_with_no_report_at_all_count_as_not_accepted(cast, year):
    preview = restructure.preview_move(cast.phong_a, cast.so_z, actor=cast.admin)
    assert preview.open_reports == 3  # Phòng A and its two schools: nothing sent yet

    UnitReport.objects.create(year=year, unit=cast.school_a2, kind="SCHOOL_REPORT", status=ReportStatus.ACCEPTED)
    UnitReport.objects.create(year=year, unit=cast.school_a1, kind="SCHOOL_REPORT", status=ReportStatus.SUBMITTED)
    assert restructure.preview_move(cast.phong_a, cast.so_z, actor=cast.admin).open_reports == 2  # Phòng A and A1

    merge = restructure.preview_merge(cast.school_a1, cast.school_a2, actor=cast.so_officer)
    assert merge.open_reports == 1


def test_closed_units_and_provinces_without_a_current_year_do_not_count(cast, year):
    OrgUnitFactory(code="A9", name="Trường cũ", parent=cast.phong_a, levels="TH", is_active=False)
    last_year = TrainingYear.objects.create(department=cast.so, start_year=2024, is_current=False)
    UnitReport.objects.create(year=last_year, unit=cast.phong_a, kind="DISTRICT_REPORT", status=ReportStatus.ACCEPTED)
    assert restructure.preview_move(cast.phong_a, cast.so_z, actor=cast.admin).open_reports == 3  # last year's no help

    # Tỉnh Z has no current year: nothing is due from its school.
    preview = restructure.preview_move(cast.school_z1, cast.so, actor=cast.admin)
    assert preview.open_reports == 0


def test_the_preview_page_labels_say_what_is_counted(cast, login, year):
    Plan.objects.create(year=year, staff=cast.teacher_a1.staff, school=cast.school_a1, status=PlanStatus.SUBMITTED)
    page = login(cast.admin).post(reverse("accounts:unit_move", args=[cast.phong_a.pk]), {"new_parent": cast.so_z.pk})
    html = page.content.decode()
    assert "Kế hoạch năm học hiện tại đã lập, chưa phê duyệt" in html
    assert "Đơn vị chưa có báo cáo năm học hiện tại được tiếp nhận (kể cả chưa nộp)" in html
    assert page.context["preview"].open_plans == 1  # staff with no plan are not among them
    assert 'data-testid="preview-reports">3<' in html

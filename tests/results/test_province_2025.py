"""A province restructured the way 2025 did it, through the operations a Sở uses (accounts.restructure): Phòng A is
dissolved, its two schools going to two communes, Phòng B's school goes straight to the Sở, and Sở Z is merged into
Sở A by the admin. Then what every officer sees, in 2026–2027 and in 2018–2019, and no row lost its unit."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts import restructure, scoping
from accounts.models import OrgUnit, Role, Staff, User
from assessment.models import YearResult
from plans.models import Plan
from results.results import results_by_unit
from tests.factories import OrgUnitFactory, UserFactory
from tests.reports.test_chain import give_result
from years.models import TrainingYear

pytestmark = pytest.mark.django_db

REASON = "Nghị quyết 202/2025/QH15"


def names(rows):
    return {row.unit.name for row in rows}


@pytest.fixture
def province(cast):
    past = TrainingYear.objects.create(department=cast.so, start_year=2018, is_current=False)
    current = TrainingYear.objects.create(department=cast.so, start_year=2026, is_current=True, ruleset="TT19_2019")
    for teacher in (cast.teacher_a1, cast.teacher_a2, cast.teacher_b1, cast.teacher_t1):
        give_result(teacher.staff, past, "KHA", "8.0")
    past_z = TrainingYear.objects.create(department=cast.so_z, start_year=2018, is_current=False)
    give_result(cast.teacher_z1.staff, past_z, "GIOI", "9.0")

    # 1/7/2025: the communes are set up, Phòng A and B are dissolved, Sở Z joins Sở A.
    x1 = OrgUnitFactory(kind=OrgUnit.Kind.COMMUNE, code="XA-1", name="UBND xã Chiềng Mung", parent=cast.so, levels="")
    x2 = OrgUnitFactory(kind=OrgUnit.Kind.COMMUNE, code="XA-2", name="UBND phường Tô Hiệu", parent=cast.so, levels="")
    restructure.dissolve(
        cast.phong_a, {cast.school_a1.pk: x1, cast.school_a2.pk: x2}, actor=cast.so_officer, reason=REASON
    )
    restructure.dissolve(cast.phong_b, {cast.school_b1.pk: cast.so}, actor=cast.so_officer, reason=REASON)
    restructure.merge(cast.so_z, cast.so, actor=cast.admin, reason=REASON)
    for year in (past, current):
        year.refresh_from_db()
    officers = {
        "so": cast.so_officer,
        "x1": UserFactory(username="xa1", role=Role.DISTRICT_OFFICER, unit=x1),
        "x2": UserFactory(username="xa2", role=Role.DISTRICT_OFFICER, unit=x2),
    }
    return past, current, x1, x2, officers


def test_no_row_lost_its_unit(cast, province):
    for staff in Staff.objects.select_related("unit"):
        assert staff.unit.is_active and staff.unit.is_school, staff.full_name
        chain = OrgUnit.objects.filter(pk__in=staff.unit.ancestor_ids)
        assert all(unit.is_active for unit in chain), staff.full_name
    assert not Plan.objects.filter(school__isnull=True).exists()
    assert not YearResult.objects.filter(school__isnull=True).exists()
    # The dissolved offices' accounts are closed; nobody else's.
    closed = set(User.objects.filter(is_active=False).values_list("username", flat=True))
    assert closed == {cast.phong_a_officer.username, cast.phong_b_officer.username, cast.so_z_officer.username}


def test_the_so_sees_communes_now_and_its_phong_in_2018(cast, province):
    past, current, x1, x2, officers = province
    now = names(results_by_unit(user=officers["so"], year=current, root=cast.so).rows)
    assert now == {x1.name, x2.name, "Trường THCS B1", "Trường THPT T1", "Trường Tiểu học Z1"}

    then = results_by_unit(user=officers["so"], year=past, root=cast.so)
    assert names(then.rows) == {"Phòng GD&ĐT Huyện A", "Phòng GD&ĐT Huyện B", "Trường THPT T1"}
    by_name = {row.unit.name: row for row in then.rows}
    assert {child.unit.code for child in by_name["Phòng GD&ĐT Huyện A"].children} == {"A1", "A2"}
    assert then.total.evaluated == 4  # every 2018–2019 result of the province, none lost to the move


def test_each_commune_sees_its_own_school_in_both_years(cast, province):
    past, current, x1, x2, officers = province
    for key, unit, school in (("x1", x1, cast.school_a1), ("x2", x2, cast.school_a2)):
        for year in (current, past):
            rows = results_by_unit(user=officers[key], year=year, root=unit).rows
            assert [row.unit.pk for row in rows] == [school.pk], (key, year)
        assert not scoping.visible_units(officers[key]).filter(pk=cast.school_b1.pk).exists()


def test_the_pages_of_both_years_for_the_so(cast, province, client):
    past, current, x1, _x2, officers = province
    client.force_login(officers["so"])
    body = client.get(reverse("results:results_home"), {"year": past.pk}).content.decode()
    assert escape("Phòng GD&ĐT Huyện A") in body and escape(x1.name) not in body
    body = client.get(reverse("results:results_home"), {"year": current.pk}).content.decode()
    assert escape(x1.name) in body
    phong = client.get(reverse("results:results_unit", args=[cast.phong_a.pk]), {"year": past.pk})
    assert phong.status_code == 200 and escape("Trường Tiểu học A2") in phong.content.decode()
    chain = client.get(reverse("reports:chain_home"), {"year": past.pk}).content.decode()
    assert escape("Phòng GD&ĐT Huyện B") in chain


def test_nothing_is_submitted_reminded_or_set_in_the_year_before_the_restructuring(cast, province, client):
    import datetime

    from reports import chain, notifications
    from reports.chain import ReportError
    from years import services as years
    from years.models import DeadlineKind

    past, current, x1, _x2, officers = province
    assert past.is_read_only and not current.is_read_only
    with pytest.raises(ReportError, match="đã được sắp xếp lại"):
        chain.report_submit(unit=cast.so, year=past, user=officers["so"])
    with pytest.raises(ReportError, match="đã được sắp xếp lại"):
        notifications.reminder_send(from_unit=cast.so, to_units=[cast.phong_a], year=past, user=officers["so"])
    with pytest.raises(years.YearError, match="đã được sắp xếp lại"):
        years.deadline_set(
            year=past, unit=cast.so, dates={DeadlineKind.SCHOOL_REPORT: datetime.date(2019, 5, 20)}, by=officers["so"]
        )

    client.force_login(officers["so"])
    page = client.get(reverse("years:year_detail", args=[past.pk])).content.decode()
    assert 'data-testid="read-only-year"' in page and reverse("years:deadline_edit", args=[past.pk]) not in page
    assert client.get(reverse("years:deadline_edit", args=[past.pk])).status_code == 403
    chain_page = client.get(reverse("reports:chain_home"), {"year": past.pk}).content.decode()
    assert "Phòng GD&amp;ĐT Huyện A" in chain_page and "Nhắc tất cả đơn vị trễ hạn" not in chain_page
    client.force_login(officers["x1"])  # a commune set up in 2025 has nothing to send for 2018–2019
    unit_page = client.get(reverse("reports:chain_unit", args=[x1.pk]), {"year": past.pk}).content.decode()
    assert reverse("reports:chain_submit", args=[x1.pk]) not in unit_page


def test_the_plan_progress_of_2018_reads_its_phong(cast, province):
    from plans.dashboards import plan_progress

    past, current, x1, x2, _officers = province
    then = plan_progress(year=past, root=cast.so)
    assert names(then.rows) == {"Phòng GD&ĐT Huyện A", "Phòng GD&ĐT Huyện B", "Trường THPT T1"}
    assert then.total.late_schools == 0  # a closed year flags nobody late
    assert {x1.name, x2.name} <= names(plan_progress(year=current, root=cast.so).rows)


def test_the_past_years_of_the_merged_so_are_read_under_its_name_by_its_successor(cast, province, client):
    from years.selectors import year_switch_choices, years_visible_to

    past, _current, _x1, _x2, officers = province
    past_z = TrainingYear.objects.get(department=cast.so_z)
    assert past_z in years_visible_to(user=officers["so"])
    assert past_z in year_switch_choices(user=officers["so"], year=past)
    client.force_login(officers["so"])
    body = client.get(reverse("results:results_home"), {"year": past_z.pk}).content.decode()
    assert escape("Sở GD&ĐT Tỉnh Z") in body and escape("Trường Tiểu học Z1") in body
    assert escape("2018–2019 · Sở GD&ĐT Tỉnh Z (đã sáp nhập)") in body
    for page in ("plans:plan_dashboard", "reports:chain_home"):
        body = client.get(reverse(page), {"year": past_z.pk}).content.decode()
        assert escape("Trường Tiểu học Z1") in body and escape("Sở GD&ĐT Tỉnh Z (đã sáp nhập)") in body, page
    rows = results_by_unit(user=officers["so"], year=past_z, root=cast.so_z)
    assert rows.total.evaluated == 1 and rows.total.counts == {"GIOI": 1}
    # Another province's officer still sees nothing of it.
    other = UserFactory(
        username="so_b",
        role=Role.DEPARTMENT_OFFICER,
        unit=OrgUnitFactory(
            kind=OrgUnit.Kind.DEPARTMENT, code="SO-B", name="Sở GD&ĐT Tỉnh B", parent=cast.ministry, levels=""
        ),
    )
    assert past_z not in years_visible_to(user=other)
    client.force_login(other)
    assert client.get(reverse("results:results_unit", args=[cast.so_z.pk]), {"year": past_z.pk}).status_code == 404


def test_the_lists_of_a_past_year_hold_the_schools_of_that_year(cast, province, client):
    """The confirmation and certificate lists of Sở Z's 2018–2019 hold Z1, not Sở A's schools of today; those of Sở
    A's 2018–2019 do not hold Z1, which was not Sở A's then."""
    past, _current, _x1, _x2, officers = province
    past_z = TrainingYear.objects.get(department=cast.so_z)
    client.force_login(officers["so"])
    for page in ("assessment:confirmation", "certificates:school_list"):
        body = client.get(reverse(page), {"year": past_z.pk}).content.decode()
        main = body[body.index("<main") :]
        assert escape("Trường Tiểu học Z1") in main and escape("Trường THPT T1") not in main, page
        body = client.get(reverse(page), {"year": past.pk}).content.decode()
        main = body[body.index("<main") :]
        assert escape("Trường THPT T1") in main and escape("Trường Tiểu học Z1") not in main, page


def test_nothing_is_confirmed_reopened_or_issued_in_the_year_before_the_restructuring(cast, province, client):
    from assessment import services as assessment
    from assessment.models import SchoolConfirmation
    from certificates.services import CertificateError, certificates_issue

    past, _current, _x1, _x2, officers = province
    SchoolConfirmation.objects.create(school=cast.school_a1, year=past, is_locked=True, managers_locked=True)
    for call in (
        lambda: assessment.results_reopen(school=cast.school_a1, year=past, user=officers["x1"], reason="Sửa điểm"),
        lambda: assessment.managers_reopen(school=cast.school_a1, year=past, user=officers["x1"], reason="Sửa"),
        lambda: assessment.results_confirm(school=cast.school_a1, year=past, user=cast.principal_a1),
    ):
        with pytest.raises(assessment.AssessmentError, match="đã được sắp xếp lại"):
            call()
    with pytest.raises(CertificateError, match="đã được sắp xếp lại"):
        certificates_issue(school=OrgUnit.objects.get(pk=cast.school_a1.pk), year=past, user=officers["x1"])

    client.force_login(officers["x1"])
    page = client.get(reverse("assessment:confirmation_detail", args=[cast.school_a1.pk]), {"year": past.pk})
    body = page.content.decode()
    assert 'data-testid="read-only-year"' in body
    assert reverse("assessment:results_reopen", args=[cast.school_a1.pk]) not in body
    certificates = client.get(reverse("certificates:school_detail", args=[cast.school_a1.pk]), {"year": past.pk})
    assert escape("Đơn vị cấp: Phòng GD&ĐT Huyện A") in certificates.content.decode()


def test_the_superior_of_2018_is_the_phong_it_had(cast, province):
    from assessment.selectors import confirmation_summary

    past, current, x1, _x2, _officers = province
    school = OrgUnit.objects.get(pk=cast.school_a1.pk)
    assert confirmation_summary(school=school, year=past)["superior_name"] == "Phòng GD&ĐT Huyện A"
    assert confirmation_summary(school=school, year=current)["superior_name"] == x1.name


def test_the_chain_of_2018_flags_nobody_late_and_counts_that_years_people(cast, province):
    from reports.chain_selectors import NO_RESULT, report_status_table, result_counts, school_report_rows
    from tests.factories import StaffFactory

    past, _current, _x1, _x2, _officers = province
    StaffFactory(unit=cast.school_a1, full_name="Lò Văn Mới")  # hired in 2026: not one of 2018's people
    table = report_status_table(root=cast.so, year=past)
    assert table.rows and not any(row.late or row.schools_late for row in table.rows)
    assert {row.status_label for row in table.rows} == {"Không có báo cáo"}
    assert "Lò Văn Mới" not in {row["name"] for row in school_report_rows(school=cast.school_a1, year=past)}
    counts = result_counts(year=past, root=cast.so)
    assert not any(NO_RESULT in by_class for audiences in counts.values() for by_class in audiences.values())


def test_a_report_of_2018_is_neither_accepted_nor_returned_and_nobody_is_reminded(cast, province, client):
    from reports import chain
    from reports.chain import ReportError
    from reports.models import ReportStatus, UnitReport

    past, _current, _x1, _x2, officers = province
    report = UnitReport.objects.create(
        year=past, unit=cast.school_t1, kind="SCHOOL_REPORT", status=ReportStatus.ACCEPTED
    )
    with pytest.raises(ReportError, match="đã được sắp xếp lại"):
        chain.report_return(report=report, user=officers["so"], comment="Sửa lại")
    client.force_login(officers["so"])
    page = client.get(reverse("reports:chain_unit", args=[cast.school_t1.pk]), {"year": past.pk}).content.decode()
    assert reverse("reports:chain_return", args=[report.pk]) not in page
    home = client.get(reverse("reports:chain_home"), {"year": past.pk}).content.decode()
    assert "Nhắc hôm nay" not in home and "trễ hạn lên đầu" not in home

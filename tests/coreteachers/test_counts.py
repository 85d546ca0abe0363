"""Counts per unit: core teachers by level and subject, plans and reports approved, in constant queries."""

import pytest

from accounts.models import Level, Role
from coreteachers import selectors, services
from coreteachers.models import Status, Subject
from tests.factories import OrgUnitFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _core(cast, year, staff, subject, by, plan=None, report=None):
    """Designate ``staff`` and bring the plan (and report) to the given status through the services."""
    designation = services.designation_create(staff=staff, year=year, subject=subject, by=by)
    user = staff.user
    principal = UserFactory(role=Role.SCHOOL_MANAGER, unit=staff.unit) if staff.unit != cast.school_a1 else None
    approver = principal or cast.principal_a1
    if plan:
        document = services.support_plan_save(
            designation=designation,
            by=user,
            goals="Mục tiêu",
            activities="Dự giờ",
            schedule="Học kỳ I",
            other_targets="Tổ chuyên môn",
        )
        services.support_plan_submit(plan=document, by=user)
        if plan == Status.APPROVED:
            services.support_plan_approve(plan=document, by=approver)
    if report:
        document = services.support_report_save(
            designation=designation, by=user, summary="Đã hỗ trợ", sessions_held=2, colleagues_supported=2
        )
        services.support_report_submit(report=document, by=user)
        if report == Status.APPROVED:
            services.support_report_approve(report=document, by=approver)
    return designation


def _row(rows, unit):
    return next(row for row in rows if row.unit == unit)


@pytest.fixture
def counted(cast, year):
    teacher_a1b = UserFactory(role=Role.TEACHER, unit=cast.school_a1, staff=StaffFactory(unit=cast.school_a1))
    _core(cast, year, cast.teacher_a1.staff, Subject.TOAN, cast.principal_a1, Status.APPROVED, Status.APPROVED)
    _core(cast, year, teacher_a1b.staff, Subject.TOAN, cast.principal_a1, Status.APPROVED)
    _core(cast, year, cast.teacher_a2.staff, Subject.TIENG_VIET, cast.phong_a_officer, Status.SUBMITTED)
    _core(cast, year, cast.teacher_b1.staff, Subject.KHTN, cast.so_officer, Status.APPROVED, Status.SUBMITTED)
    _core(cast, year, cast.teacher_t1.staff, Subject.VAT_LI, cast.so_officer)
    revoked = _core(cast, year, cast.teacher_a1_other_group.staff, Subject.TOAN, cast.principal_a1)
    services.designation_revoke(designation=revoked, by=cast.principal_a1, reason="Thôi")


def test_school_counts_by_level_and_subject(cast, year, counted):
    data = selectors.core_counts(year=year, root=cast.school_a1)
    assert data.rows == []
    assert (data.total.designated, data.total.plans_approved, data.total.reports_approved) == (2, 2, 1)
    [pair] = data.by_level_subject
    assert (pair.level, pair.subject, pair.designated, pair.plans_approved, pair.reports_approved) == (
        Level.TH,
        Subject.TOAN,
        2,
        2,
        1,
    )


def test_phong_counts_per_school(cast, year, counted):
    data = selectors.core_counts(year=year, root=cast.phong_a)
    assert [row.unit for row in data.rows] == [cast.school_a1, cast.school_a2]
    a1, a2 = _row(data.rows, cast.school_a1), _row(data.rows, cast.school_a2)
    assert (a1.designated, a1.plans_approved, a1.reports_approved) == (2, 2, 1)
    assert (a2.designated, a2.plans_submitted, a2.plans_approved) == (1, 1, 0)
    assert (data.total.designated, data.total.plans_approved, data.total.plans_submitted) == (3, 2, 1)
    assert {(row.level, row.subject): row.designated for row in data.by_level_subject} == {
        (Level.TH, Subject.TOAN): 2,
        (Level.TH, Subject.TIENG_VIET): 1,
    }


def test_so_counts_aggregate_each_phong_and_list_its_own_schools(cast, year, counted):
    data = selectors.core_counts(year=year, root=cast.so)
    # Offices first, then the schools placed directly under the Sở; Sở Z is not counted.
    assert [row.unit for row in data.rows] == [cast.phong_a, cast.phong_b, cast.school_t1]
    phong_a, phong_b, t1 = data.rows
    assert (phong_a.designated, phong_a.plans_approved, phong_a.reports_approved, phong_a.schools) == (3, 2, 1, 2)
    assert [child.unit for child in phong_a.children] == [cast.school_a1, cast.school_a2]
    assert (phong_b.designated, phong_b.plans_approved, phong_b.reports_submitted) == (1, 1, 1)
    assert (t1.designated, t1.plans_approved) == (1, 0)
    assert (data.total.designated, data.total.plans_approved, data.total.reports_approved) == (5, 3, 1)
    assert [(row.level, row.subject) for row in data.by_level_subject] == [
        (Level.TH, Subject.TIENG_VIET),
        (Level.TH, Subject.TOAN),
        (Level.THCS, Subject.KHTN),
        (Level.THPT, Subject.VAT_LI),
    ]


def test_other_years_are_not_counted(cast, year, counted):
    from years.models import TrainingYear

    other = TrainingYear.objects.create(department=cast.so, start_year=2024)
    assert selectors.core_counts(year=other, root=cast.so).total.designated == 0


def test_counts_take_constant_queries(cast, year, counted, django_assert_max_num_queries):
    for index in range(6):
        school = OrgUnitFactory(parent=cast.phong_b, code=f"B{index + 2}", levels="THCS")
        staff = StaffFactory(unit=school, level=Level.THCS)
        services.designation_create(staff=staff, year=year, subject=Subject.TOAN, by=cast.so_officer)
    with django_assert_max_num_queries(2):
        data = selectors.core_counts(year=year, root=cast.so)
    assert _row(data.rows, cast.phong_b).designated == 7
    assert _row(data.rows, cast.phong_b).schools == 7


def test_a_school_under_the_so_counts_itself(cast, year, counted):
    data = selectors.core_counts(year=year, root=cast.school_t1)
    assert data.total.designated == 1 and data.rows == []

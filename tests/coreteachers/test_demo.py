"""The demo step: core teachers get designations, plans and reports that the pages and counts can read."""

import random
from types import SimpleNamespace

import pytest

from accounts.models import Staff
from coreteachers import selectors
from coreteachers.models import Designation, Status, SupportPlan, Transition
from demo.coreteachers import step_core_teachers
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_demo_step_designates_the_flagged_staff_and_leaves_the_demo_teacher_a_blank_page(cast, year):
    flagged = [StaffFactory(unit=cast.school_a1, is_core_teacher=True) for _ in range(12)]
    StaffFactory(unit=cast.school_a1, is_core_teacher=True, is_active=False)
    schools = [cast.school_a1]
    ctx = SimpleNamespace(
        rng=random.Random(7),
        year=year,
        schools=[(school, None) for school in schools],
        staff_by_school={school.pk: list(Staff.objects.filter(unit=school)) for school in schools},
        users={"so": cast.so_officer, "hieutruong": cast.principal_a1, "giaovien": cast.teacher_a1},
        counts={},
    )
    step_core_teachers(ctx)

    designated = set(Designation.objects.values_list("staff_id", flat=True))
    assert designated == {member.pk for member in flagged} | {cast.teacher_a1.staff_id}
    mine = Designation.objects.get(staff=cast.teacher_a1.staff)
    assert mine.designated_by == cast.principal_a1
    assert not SupportPlan.objects.filter(designation=mine).exists()
    cast.teacher_a1.staff.refresh_from_db()
    assert cast.teacher_a1.staff.is_core_teacher
    # Every approved plan has its recorded approval; counts read what was seeded.
    for plan in SupportPlan.objects.filter(status=Status.APPROVED):
        assert Transition.objects.filter(designation=plan.designation, kind="PLAN", action="approved").exists()
    data = selectors.core_counts(year=year, root=cast.so)
    assert data.total.designated == 13
    assert data.total.plans_approved == SupportPlan.objects.filter(status=Status.APPROVED).count()
    assert ctx.counts["Giáo viên cốt cán"] == 13

"""The demo step: the Sở's budget plan adds up, and every học viên sits under the course's organiser."""

import random
from types import SimpleNamespace

import pytest

from accounts.models import Staff
from courses import selectors
from courses.models import Enrollment
from demo import courses as demo

pytestmark = pytest.mark.django_db


def test_step_courses(cast, year):
    staff_by_school = {}
    for member in Staff.objects.select_related("unit").filter(unit__path__startswith=cast.so.path):
        staff_by_school.setdefault(member.unit_id, []).append(member)
    ctx = SimpleNamespace(
        year=year,
        department=cast.so,
        districts=[cast.phong_a, cast.phong_b],
        staff_by_school=staff_by_school,
        rng=random.Random(1),
        counts={},
        notes=[],
    )
    demo.step_courses(ctx)
    plan = selectors.budget_plan(courses=selectors.budget_courses(user=cast.so_officer, year=year, unit=cast.so))
    assert plan["totals"]["total"] == 2_204_000_000 and plan["totals"]["classes"] == 14
    assert ctx.counts["Lớp bồi dưỡng"] == 14
    enrollments = Enrollment.objects.select_related("course__organiser", "staff__unit")
    assert enrollments.exists()
    for enrollment in enrollments:
        assert enrollment.staff.unit.path.startswith(enrollment.course.organiser.path)

"""The plan page says when a submission is recorded by someone other than the plan's owner: "(nộp thay)"."""

import pytest
from django.urls import reverse

from plans.models import Plan, PlanStatus, PlanTransition
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast):
    year = TrainingYear.objects.create(department=cast.so, start_year=2026, is_current=True)
    staff = cast.teacher_a1.staff
    return Plan.objects.create(year=year, staff=staff, school=staff.unit, status=PlanStatus.SUBMITTED)


def _submitted_by(plan, user):
    PlanTransition.objects.create(
        plan=plan, from_status="DRAFT", to_status="SUBMITTED", action="submitted", by=user, comment=""
    )


def test_a_submission_by_the_owner_is_plain(cast, login, plan):
    _submitted_by(plan, cast.teacher_a1)
    page = login(cast.principal_a1).get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert f"{cast.teacher_a1.display_name}: Đã nộp" in page
    assert "nộp thay" not in page


def test_a_submission_recorded_by_someone_else_says_so(cast, login, plan):
    _submitted_by(plan, cast.principal_a1)
    page = login(cast.principal_a1).get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert f"{cast.principal_a1.display_name} (nộp thay): Đã nộp" in page

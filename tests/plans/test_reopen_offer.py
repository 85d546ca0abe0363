"""The plan page offers "Mở lại để giáo viên sửa" only when plans.services.plan_reopen would accept it: not once the
plan's year result is confirmed (the service refuses it then, and the page says why)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import SchoolConfirmation
from plans import services
from plans.models import Plan, PlanStatus
from plans.services import PlanError
from years.models import TrainingYear

pytestmark = pytest.mark.django_db

FORM = "Mở lại để giáo viên sửa"


@pytest.fixture
def approved(cast):
    year = TrainingYear.objects.create(department=cast.so, start_year=2018, ruleset="TT26_2012")
    staff = cast.teacher_a1.staff
    return Plan.objects.create(year=year, staff=staff, school=staff.unit, status=PlanStatus.APPROVED)


def _page(cast, login, plan):
    response = login(cast.principal_a1).get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_approved_plan_without_a_confirmed_result_can_be_reopened(cast, login, approved):
    assert services.reopen_refusal(plan=approved, by=cast.principal_a1) == ""
    page = _page(cast, login, approved)
    assert FORM in page and 'data-testid="reopen-refused"' not in page


def test_a_plan_whose_result_is_confirmed_is_not_offered_for_reopening(cast, login, approved):
    SchoolConfirmation.objects.create(
        school=cast.school_a1,
        year=approved.year,
        is_locked=True,
        confirmed_by=cast.principal_a1,
        confirmed_at=timezone.now(),
    )

    refusal = services.reopen_refusal(plan=approved, by=cast.principal_a1)
    assert "đã được xác nhận" in refusal
    with pytest.raises(PlanError, match="đã được xác nhận"):
        services.plan_reopen(plan=approved, by=cast.principal_a1, reason="Sửa mô đun")
    page = _page(cast, login, approved)
    assert FORM not in page and "Lý do mở lại kế hoạch đã duyệt" not in page
    assert 'data-testid="reopen-refused"' in page and refusal in page


def test_only_a_manager_of_the_plan_is_told_it_could_be_reopened(cast, approved):
    assert "Chỉ lãnh đạo nhà trường" in services.reopen_refusal(plan=approved, by=cast.teacher_a1)
    approved.status = PlanStatus.SUBMITTED
    assert "không cần mở lại" in services.reopen_refusal(plan=approved, by=cast.principal_a1)

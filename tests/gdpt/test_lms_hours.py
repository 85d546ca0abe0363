"""A GDPT 2018 module the person completed on the national LMS counts its planned tiết as confirmed."""

import pytest

from gdpt.models import LmsStatus
from plans.models import Plan, PlanItem, PlanStatus
from study.selectors import confirmed_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(cast, tt19_year, gdpt_modules):
    plan = Plan.objects.create(
        year=tt19_year, staff=cast.teacher_a1.staff, school=cast.school_a1, status=PlanStatus.APPROVED
    )
    return [
        PlanItem.objects.create(plan=plan, content=3, module=gdpt_modules[number], hours=20, order=number)
        for number in (1, 2)
    ]


@pytest.mark.parametrize(("status", "counted"), [(LmsStatus.PASSED, 20), (LmsStatus.COMPLETED, 20)])
def test_a_module_done_on_the_lms_counts_its_planned_tiet(cast, items, set_status, status, counted):
    set_status(cast.teacher_a1.staff, status, number=1)
    set_status(cast.teacher_a1.staff, LmsStatus.ENROLLED, number=2)  # enrolled is not done
    hours = confirmed_hours(items)
    assert hours.get(items[0].pk) == counted and items[1].pk not in hours


def test_someone_elses_completion_counts_nothing(cast, items, set_status):
    set_status(cast.teacher_a2.staff, LmsStatus.PASSED, number=1)
    assert confirmed_hours(items) == {}

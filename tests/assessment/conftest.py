"""Fixtures for the assessment tests: the current year of Sở A, primary modules, approved plans."""

import pytest

from accounts.models import Level, Position
from modules.models import Module
from plans.models import Plan, PlanItem, PlanStatus
from tests.factories import StaffFactory, make_gvpt_modules, make_tt19_year
from years.models import TrainingYear


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def th_modules(db):
    modules = []
    for number in range(1, 7):
        module, _ = Module.objects.update_or_create(
            code=f"TH{number}", defaults={"level": "TH", "title": f"Mô đun tiểu học {number}", "hours": 15}
        )
        modules.append(module)
    return modules


def plan_of(year, staff, modules, hours, *, exempt=False, status=PlanStatus.APPROVED):
    """A plan of content 1 and 2 (one item each, no topic) and ``modules``, with ``hours`` tiết (content 1, content
    2, each module)."""
    plan = Plan.objects.create(year=year, staff=staff, school=staff.unit, status=status, exempt_content3=exempt)
    PlanItem.objects.create(plan=plan, content=1, hours=hours[0], order=0)
    PlanItem.objects.create(plan=plan, content=2, hours=hours[1], order=0)
    for index, module in enumerate(modules):
        PlanItem.objects.create(plan=plan, content=3, module=module, hours=hours[2], order=index)
    return plan


@pytest.fixture
def make_plan(year, th_modules):
    """An approved plan: content 1 and 2 (one item each, no topic) and ``modules`` content-3 modules."""

    def _make(staff, modules=4, *, exempt=False, status=PlanStatus.APPROVED):
        return plan_of(year, staff, th_modules[:modules], (30, 30, 15), exempt=exempt, status=status)

    return _make


@pytest.fixture
def plans(cast, make_plan):
    """Approved plans for teacher A1, the other group's teacher, the group head, the principal, teacher A2."""
    return {
        "teacher": make_plan(cast.teacher_a1.staff),
        "other_group": make_plan(cast.teacher_a1_other_group.staff),
        "group_head": make_plan(cast.group_head_a1.staff),
        "principal": make_plan(cast.principal_a1.staff),
        "teacher_a2": make_plan(cast.teacher_a2.staff),
    }


@pytest.fixture
def t1_manager(cast):
    return StaffFactory(
        unit=cast.school_t1, full_name="Đặng Văn Hùng", level=Level.THPT, position=Position.PRINCIPAL, subject_group=""
    )


@pytest.fixture
def tt19(cast):
    return make_tt19_year(cast.so)


@pytest.fixture
def gvpt(db):
    return make_gvpt_modules((4, 5))


@pytest.fixture
def make_plan19(tt19, gvpt):
    def _make(staff, *, modules=2, exempt=False):
        return plan_of(tt19, staff, gvpt[:modules], (40, 40, 20), exempt=exempt)

    return _make

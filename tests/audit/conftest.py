"""Fixtures for the audit tests: Sở A's current year, primary modules and plans of school A1."""

import pytest

from modules.models import Module
from plans.models import Plan, PlanItem, PlanStatus
from years.models import TrainingYear


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def make_plan(year):
    """A plan with content 1, 2 and four primary modules, in the given status."""
    modules = [
        Module.objects.update_or_create(code=f"TH{n}", defaults={"level": "TH", "title": f"Mô đun {n}", "hours": 15})[0]
        for n in range(1, 5)
    ]

    def _make(staff, status=PlanStatus.SUBMITTED):
        plan = Plan.objects.create(year=year, staff=staff, school=staff.unit, status=status)
        PlanItem.objects.create(plan=plan, content=1, hours=30, order=0)
        PlanItem.objects.create(plan=plan, content=2, hours=30, order=0)
        for index, module in enumerate(modules):
            PlanItem.objects.create(plan=plan, content=3, module=module, hours=15, order=index)
        return plan

    return _make

"""Kế hoạch chờ tôi phê duyệt: a principal's to-do and list count the plans sent that the principal approves, not a
deputy's (the unit above approves it); the Phòng's count that one. Each count is the length of its list."""

import pytest

from accounts.models import Position, Role
from bdtx.todo import todo_for
from plans import services
from plans.selectors import WAITING_FOR_ME
from tests.factories import StaffFactory, UserFactory

from .test_plan_views import _submitted_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy_plan(cast, year, topics, th_modules):
    staff = StaffFactory(unit=cast.school_a1, full_name="Tạ Minh Tâm", level="TH", position=Position.DEPUTY_PRINCIPAL)
    user = UserFactory(username="pht_a1", role=Role.SCHOOL_MANAGER, unit=cast.school_a1, staff=staff)
    plan = services.plan_start(staff=staff, year=year, by=user)
    schedule = {item.pk: ("Tháng 10", "SELF") for item in plan.items.all()}
    services.plan_save_items(
        plan=plan, by=user, content3=[(m, "Tháng 10", "SELF") for m in th_modules[:4]], schedule=schedule
    )
    return services.plan_submit(plan=plan, by=user)


def _waiting(user, client):
    items = {item.key: item for item in todo_for(user)["items"]}
    item = items.get("plans_submitted")
    if item is None:
        return 0, []
    assert f"status={WAITING_FOR_ME}" in item.url
    client.force_login(user)
    rows = client.get(item.url).context["rows"]
    return item.count, [plan.pk for _member, plan in rows]


def test_each_approver_counts_the_plans_it_approves(cast, year, topics, th_modules, deputy_plan, client):
    year.is_current = True
    year.save()
    teachers = [_submitted_plan(cast, year, th_modules) for _ in range(2)]
    count, listed = _waiting(cast.principal_a1, client)
    assert count == 2 and sorted(listed) == sorted(plan.pk for plan in teachers)
    count, listed = _waiting(cast.phong_a_officer, client)
    assert (count, listed) == (1, [deputy_plan.pk])
    assert _waiting(cast.phong_b_officer, client) == (0, [])

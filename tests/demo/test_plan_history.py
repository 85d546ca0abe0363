"""The demo's plan history is true: the past year's transitions (and the audit entries drawn from them) are dated in
2018–2019, the approvals by an account that may approve the plan, the submissions by the owner's own account or,
for a person without one, recorded by the approver and shown as "(nộp thay)" on the plan page."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import OrgUnit, User
from audit.models import AuditEntry
from plans.models import Plan, PlanStatus, PlanTransition
from plans.services import is_plan_manager
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(gvpt_catalog):
    call_command("seed_demo", "--size", "small", stdout=StringIO())
    return OrgUnit.objects.get(kind=OrgUnit.Kind.DEPARTMENT)


def test_the_past_years_plans_were_submitted_and_approved_in_2018(seeded):
    past = TrainingYear.objects.get(department=seeded, start_year=2018)
    transitions = PlanTransition.objects.filter(plan__year=past).select_related("plan__school", "plan__staff", "by")
    assert transitions.exists()
    for transition in transitions:
        assert date(2018, 9, 1) <= transition.at.date() <= date(2018, 10, 31), transition
        if transition.action == "submitted":
            assert transition.at == transition.plan.submitted_at
        else:
            assert transition.action == "approved"
            assert transition.at == transition.plan.decided_at and transition.at > transition.plan.submitted_at
            assert transition.by == transition.plan.decided_by
            assert is_plan_manager(transition.by, transition.plan), transition
    entries = AuditEntry.objects.filter(action__in=["plans.plan.submitted", "plans.plan.approved"])
    assert entries.filter(at__year=2018).count() == transitions.count()


def test_the_current_years_submissions_are_the_owners_or_said_to_be_on_their_behalf(seeded, client):
    year = TrainingYear.objects.get(department=seeded, is_current=True)
    submitted = PlanTransition.objects.filter(plan__year=year, action="submitted").select_related("plan", "by")
    for transition in submitted:
        owner = User.objects.filter(staff_id=transition.plan.staff_id).first()
        if owner is not None:
            assert transition.by == owner
        else:
            assert is_plan_manager(transition.by, transition.plan)
    for transition in PlanTransition.objects.filter(plan__year=year, action__in=["approved", "returned"]):
        assert is_plan_manager(transition.by, transition.plan)

    # Every staff member has an account, so each plan reads as submitted by its owner, approved by the principal.
    principal = User.objects.get(username="hieutruong")
    plan = (
        Plan.objects.filter(year=year, school_id=principal.unit_id, status=PlanStatus.APPROVED)
        .exclude(staff_id=principal.staff_id)
        .filter(staff__position="GV")
        .select_related("staff")
        .first()
    )
    assert plan is not None and User.objects.filter(staff_id=plan.staff_id).exists()
    client.force_login(principal)
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert f"{plan.staff.full_name}: Đã nộp" in page and "(nộp thay)" not in page
    assert f"{principal.display_name}: Đã phê duyệt" in page

"""The demo province reads like one the app ran: its timelines show what happened, and a first edit is logged."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Staff, User
from accounts.services import staff_save
from audit.models import AuditEntry
from audit.selectors import person_entries, unit_entries
from plans.models import PlanTransition

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", "--size", "small", stdout=StringIO())


def test_the_demo_timelines_show_its_plans_and_people(seeded):
    so = User.objects.get(username="so")
    actions = set(unit_entries(user=so).values_list("action", flat=True))
    assert {"plans.plan.submitted", "plans.plan.approved", "accounts.staff.created"} <= actions
    assert AuditEntry.objects.filter(action__startswith="plans.plan.").count() == PlanTransition.objects.count()


def test_a_first_edit_of_a_demo_record_is_logged_with_the_old_value(seeded):
    principal = User.objects.get(username="hieutruong")
    staff = Staff.objects.filter(unit=principal.unit, is_active=True).exclude(subject_group="").first()
    old_group = staff.subject_group
    staff.subject_group = "Tổ mới"
    staff_save(staff=staff, changed_by=principal)

    change = person_entries(user=principal, staff=staff).get(action="accounts.staff.changed")
    assert (change.before, change.after) == ({"tổ chuyên môn": old_group}, {"tổ chuyên môn": "Tổ mới"})

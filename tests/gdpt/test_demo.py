"""The demo step (run by seed_demo): module 1–2 statuses of the demo staff and an open module-1 campaign."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import OrgUnit, Staff, User
from gdpt import selectors
from gdpt.models import Campaign, ModuleStatus

pytestmark = pytest.mark.django_db


def test_step_gdpt_on_the_small_demo(gdpt_modules):
    call_command("seed_demo", "--size", "small", stdout=StringIO())
    department = OrgUnit.objects.get(kind=OrgUnit.Kind.DEPARTMENT)
    campaign = Campaign.objects.get()
    assert campaign.department == department
    assert ModuleStatus.objects.filter(module=gdpt_modules[1]).exists()
    assert not ModuleStatus.objects.filter(staff__is_active=False).exists()
    principal = User.objects.get(username="hieutruong")
    rows = selectors.review_rows(user=principal, campaign=campaign, school=principal.unit)
    assert rows
    counts = selectors.campaign_counts(user=User.objects.get(username="so"), campaign=campaign)
    assert counts.total.total == Staff.objects.filter(is_active=True, level__in=selectors.ELIGIBLE_LEVELS).count()

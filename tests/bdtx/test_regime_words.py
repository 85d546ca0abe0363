"""The home page card "Kế hoạch BDTX của tôi" names the year's contents in the year's regime: "Chương trình bồi
dưỡng 01" under TT 19/2019, "Nội dung 1" under TT 26/2012."""

import pytest
from django.urls import reverse

from plans.models import Plan, PlanItem, PlanStatus
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


def _year(cast, start_year, ruleset, quotas):
    q1, q2, q3 = quotas
    return TrainingYear.objects.create(
        department=cast.so,
        start_year=start_year,
        is_current=True,
        ruleset=ruleset,
        quota_content1=q1,
        quota_content2=q2,
        quota_content3=q3,
    )


def _home(cast, login, year, hours):
    staff = cast.teacher_a1.staff
    plan = Plan.objects.create(year=year, staff=staff, school=staff.unit, status=PlanStatus.DRAFT)
    PlanItem.objects.create(plan=plan, content=1, hours=hours, order=0)
    response = login(cast.teacher_a1).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_card_of_a_tt19_year_names_its_programmes(cast, login):
    body = _home(cast, login, _year(cast, 2026, "TT19_2019", (40, 40, 40)), 40)

    assert "Chương trình bồi dưỡng 01: 40/40 tiết" in body
    assert "Chương trình bồi dưỡng 03: 0/40 tiết" in body
    assert "Nội dung 1" not in body


def test_the_home_card_of_a_tt26_year_names_its_contents(cast, login):
    body = _home(cast, login, _year(cast, 2018, "TT26_2012", (30, 30, 60)), 30)

    assert "Nội dung 1: 30/30 tiết" in body
    assert "Chương trình bồi dưỡng" not in body

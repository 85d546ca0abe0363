"""A manager's certificate waits for the unit that scores managers to confirm their results (assessment's
``managers_locked``); the principal's confirmation of the teachers is not enough."""

import datetime

import pytest

from assessment.models import SchoolConfirmation
from certificates import services
from certificates.models import Certificate
from tests.factories import GAP_REASON

pytestmark = pytest.mark.django_db


def test_a_managers_certificate_waits_for_the_phongs_confirmation(cast, year, a1_ready, make_result):
    principal = cast.principal_a1.staff
    make_result(principal, year, "DAT", 120)
    services.personal_data_confirm(staff=principal, year=year, user=cast.principal_a1)

    def issue():
        return services.certificates_issue(
            school=cast.school_a1,
            year=year,
            user=cast.phong_a_officer,
            issue_date=datetime.date(2026, 5, 25),
            reason=GAP_REASON,
        )

    issue()
    assert not Certificate.objects.filter(staff=principal).exists()
    assert Certificate.objects.filter(staff=a1_ready["hang"]).exists()

    SchoolConfirmation.objects.filter(school=cast.school_a1, year=year).update(managers_locked=True)
    issue()
    assert Certificate.objects.filter(staff=principal).exists()

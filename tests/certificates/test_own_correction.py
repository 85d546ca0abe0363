"""Nobody decides their own correction request: a principal's goes to the unit above or another manager."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Position, Role
from certificates import selectors, services
from certificates.models import CheckStatus
from certificates.services import CertificateError
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def principal_request(cast, year, with_birth):
    staff = with_birth(cast.principal_a1.staff)
    return services.personal_data_request_correction(
        staff=staff,
        year=year,
        user=cast.principal_a1,
        full_name="Lê Thị Hoà",
        birth_date=datetime.date(1984, 1, 2),
        birth_place="Mai Sơn, Sơn La",
        note="Sai ngày sinh",
    )


def test_a_principal_cannot_apply_his_own_correction(cast, principal_request):
    with pytest.raises(CertificateError, match="chính mình"):
        services.personal_data_apply(check=principal_request, user=cast.principal_a1)

    principal_request.refresh_from_db()
    assert principal_request.status == CheckStatus.CORRECTION_REQUESTED
    assert cast.principal_a1.staff.full_name == "Lê Thị Hoa"


def test_a_principal_cannot_reject_his_own_correction(cast, principal_request):
    with pytest.raises(CertificateError, match="chính mình"):
        services.personal_data_reject(check=principal_request, user=cast.principal_a1, reason="Thôi")


def test_the_corrections_page_offers_no_decision_on_ones_own_request(cast, year, login, principal_request):
    page = login(cast.principal_a1).get(reverse("certificates:corrections") + f"?year={year.pk}").content.decode()

    assert f'data-testid="apply-{principal_request.pk}"' not in page
    assert "đơn vị cấp trên" in page


def test_the_unit_above_decides_the_principals_correction(cast, principal_request):
    assert selectors.can_decide_corrections(user=cast.phong_a_officer, staff=principal_request.staff)

    services.personal_data_apply(check=principal_request, user=cast.phong_a_officer)

    principal_request.staff.refresh_from_db()
    assert principal_request.staff.full_name == "Lê Thị Hoà"


def test_a_deputy_decides_the_principals_correction(cast, principal_request):
    deputy = UserFactory(
        role=Role.SCHOOL_MANAGER,
        unit=cast.school_a1,
        staff=StaffFactory(unit=cast.school_a1, position=Position.DEPUTY_PRINCIPAL),
    )

    services.personal_data_reject(check=principal_request, user=deputy, reason="Giấy khai sinh ghi 1985")

    principal_request.refresh_from_db()
    assert principal_request.status == CheckStatus.REJECTED


def test_the_unit_above_still_leaves_teachers_corrections_to_the_school(cast, year, with_birth):
    assert not selectors.can_decide_corrections(user=cast.phong_a_officer, staff=cast.teacher_a1.staff)
    assert not selectors.can_decide_corrections(user=cast.phong_b_officer, staff=cast.principal_a1.staff)

"""A decision on the corrections page with a malformed unit (e.g. "²") is refused before anything is saved."""

import pytest
from django.urls import reverse

from certificates import selectors
from certificates.models import CheckStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_of_a1(cast, year, login, with_birth):
    staff = with_birth(cast.teacher_a1.staff)
    login(cast.teacher_a1).post(
        f"{reverse('certificates:my_data_request')}?year={year.pk}",
        {"full_name": "Nguyễn Văn Ân", "birth_date": "01/04/1986", "birth_place": "Mộc Châu", "note": "Sai dấu"},
    )
    return selectors.own_check(staff=staff, year=year)


@pytest.mark.parametrize("unit", ["²", "٣x", "1e999999", "-1"])
@pytest.mark.parametrize(("name", "data"), [("correction_apply", {}), ("correction_reject", {"reason": "Sai"})])
def test_a_malformed_unit_is_refused_and_the_decision_not_saved(cast, login, request_of_a1, unit, name, data):
    staff = request_of_a1.staff
    response = login(cast.principal_a1).post(
        reverse(f"certificates:{name}", args=[request_of_a1.pk]), {**data, "unit": unit}
    )
    assert response.status_code in (302, 400, 404)
    request_of_a1.refresh_from_db()
    staff.refresh_from_db()
    assert request_of_a1.status == CheckStatus.CORRECTION_REQUESTED
    assert staff.full_name == "Nguyễn Văn An"

"""Giấy chứng nhận của tôi prints a year result only once it is confirmed, by the rule of "Kết quả của tôi"
(assessment.selectors.plan_results_locked): before, it says the result is not confirmed yet, never "Không hoàn
thành kế hoạch BDTX (không đủ điều kiện cấp giấy chứng nhận)"."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(login, user, year):
    response = login(user).get(reverse("certificates:my_certificates"), {"year": year.pk})
    assert response.status_code == 200
    return response.content.decode()


def test_an_unconfirmed_result_is_not_printed(cast, tt19_year, make_result, login):
    make_result(cast.teacher_a1.staff, tt19_year, "KHONG_HOAN_THANH", 80)

    body = _page(login, cast.teacher_a1, tt19_year)

    assert "Không hoàn thành kế hoạch BDTX" not in body
    assert "không đủ điều kiện cấp giấy chứng nhận" not in body
    assert 'data-testid="result-unconfirmed"' in body
    assert "Kết quả BDTX năm học này chưa được xác nhận." in body


def test_the_result_shows_once_the_school_confirms(cast, tt19_year, make_result, lock, login):
    make_result(cast.teacher_a1.staff, tt19_year, "KHONG_HOAN_THANH", 80)
    lock(cast.school_a1, tt19_year, cast.principal_a1)

    body = _page(login, cast.teacher_a1, tt19_year)

    assert "Kết quả: <strong>Không hoàn thành kế hoạch BDTX</strong>" in body
    assert "không đủ điều kiện cấp giấy chứng nhận" in body
    assert 'data-testid="result-unconfirmed"' not in body


def test_a_school_confirmation_does_not_confirm_a_managers_result(cast, tt19_year, make_result, lock, login):
    """A manager's result is confirmed by the unit above, not by the school's confirmation of its teachers."""
    make_result(cast.principal_a1.staff, tt19_year, "HOAN_THANH", 120)
    lock(cast.school_a1, tt19_year, cast.principal_a1)

    body = _page(login, cast.principal_a1, tt19_year)

    assert "Hoàn thành kế hoạch BDTX" not in body
    assert 'data-testid="result-unconfirmed"' in body

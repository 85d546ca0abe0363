"""Ids posted in forms: "²".isdigit() is true and int("²") raises, so such values are ignored, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from core.ids import plain_id, plain_ids
from years.models import TrainingYear

pytestmark = pytest.mark.django_db

ODD = ["²", "٣", "1e5", "-1", "9" * 40, ""]


def test_only_ascii_digits_are_ids():
    assert [plain_id(value) for value in ["12", 12, "٣", "²", "1.0", True, None, "9" * 19]] == [
        12,
        12,
        None,
        None,
        None,
        None,
        None,
        None,
    ]
    assert plain_ids(["3", "²", "4"]) == [3, 4]


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2026, is_current=True)


@pytest.mark.parametrize(
    ("url_name", "field", "who"),
    [
        ("plans:plan_batch_approve", "plan", "principal_a1"),
        ("study:study_confirm", "log", "group_head_a1"),
        ("reports:chain_remind", "unit", "phong_a_officer"),
    ],
)
def test_odd_digits_in_a_list_of_ids_are_ignored(cast, year, url_name, field, who):
    client = Client(raise_request_exception=False)
    client.force_login(getattr(cast, who))
    response = client.post(reverse(url_name), {field: ODD})
    assert response.status_code < 500

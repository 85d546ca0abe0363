"""Records written in bulk (the demo, an import) have no history row: their pages still open, with no changes."""

import pytest
from django.urls import reverse

from accounts.models import Staff
from accounts.services import staff_history
from qualifications.models import Qualification
from qualifications.selectors import staff_history as qualification_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulk_staff(cast):
    (staff,) = Staff.objects.bulk_create(
        [Staff(code="BULK01", full_name="Nguyễn Thị Bích", unit=cast.school_a1, level="TH", subject_group="Tổ 1")]
    )
    Qualification.objects.bulk_create([Qualification(staff=staff)])
    return staff


def test_a_record_without_history_has_an_empty_history(bulk_staff):
    assert not bulk_staff.history.exists()
    assert staff_history(staff=bulk_staff) == []
    assert qualification_history(staff=bulk_staff) == []


def test_the_staff_and_qualification_pages_of_a_bulk_record_open(cast, bulk_staff, login):
    client = login(cast.principal_a1)
    assert client.get(reverse("accounts:staff_detail", args=[bulk_staff.pk])).status_code == 200
    assert client.get(reverse("qualifications:staff_detail", args=[bulk_staff.pk])).status_code == 200


def test_a_change_after_a_bulk_write_is_listed_alone(cast, bulk_staff):
    bulk_staff.full_name = "Nguyễn Thị Bích Ngọc"
    bulk_staff.save()
    ((record, changes),) = staff_history(staff=bulk_staff)
    assert record.full_name == "Nguyễn Thị Bích Ngọc" and changes == []

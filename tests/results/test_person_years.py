"""A person's BDTX years move with them (issue 15): the principal of the school a teacher moved to sees the teacher's
past years, read-only, each under the school and result of that year; an unconfirmed result is not shown."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Role
from assessment.models import SchoolConfirmation
from tests.factories import UserFactory
from tests.reports.test_chain import give_result
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved_teacher(cast):
    """Nguyễn Văn An: 2018–2019 (Khá, confirmed) and 2026–2027 (Hoàn thành, not yet confirmed) at A1, then moved
    to A2."""
    past = TrainingYear.objects.create(department=cast.so, start_year=2018, is_current=False)
    current = TrainingYear.objects.create(department=cast.so, start_year=2026, is_current=True, ruleset="TT19_2019")
    staff = cast.teacher_a1.staff
    give_result(staff, past, "KHA", "8.0")
    give_result(staff, current, "HOAN_THANH")
    SchoolConfirmation.objects.create(
        school=cast.school_a1, year=past, is_locked=True, confirmed_by=cast.principal_a1, confirmed_at=timezone.now()
    )
    staff.unit = cast.school_a2
    staff.save()
    return staff


def test_the_new_principal_reads_the_teachers_past_years(cast, moved_teacher, client):
    principal_a2 = UserFactory(username="ht_a2", role=Role.SCHOOL_MANAGER, unit=cast.school_a2)
    client.force_login(principal_a2)
    body = client.get(reverse("accounts:staff_detail", args=[moved_teacher.pk])).content.decode()
    table = body.split('data-testid="bdtx-years"')[1].split("</table>")[0]
    rows = [row for row in table.split("<tr>")[2:]]
    assert "2026–2027" in rows[0] and "Chưa xác nhận" in rows[0] and "Hoàn thành" not in rows[0]
    assert "2018–2019" in rows[1] and escape("Trường Tiểu học A1") in rows[1] and "Khá" in rows[1]


def test_the_old_principal_no_longer_sees_the_teacher(cast, moved_teacher, client):
    client.force_login(cast.principal_a1)
    assert client.get(reverse("accounts:staff_detail", args=[moved_teacher.pk])).status_code == 404

"""The unit list's "Số CB, GV" is the active staff of the unit's whole subtree: a Sở counts everyone below it, a
Phòng the staff of its schools, not only the few people whose record sits at the office itself."""

import pytest
from django.urls import reverse

from accounts import scoping
from accounts.models import Staff
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _active_in_subtree(unit):
    return scoping.in_subtree(Staff.objects.filter(is_active=True), unit, via="unit").count()


def _active_at(unit):
    return Staff.objects.filter(unit=unit, is_active=True).count()


@pytest.fixture
def staffed(cast):
    """An officer's record at the Phòng and one at the Sở, and a teacher of B1 who has left (not counted)."""
    StaffFactory(unit=cast.phong_a, full_name="Cán bộ Phòng A")
    StaffFactory(unit=cast.so, full_name="Chuyên viên Sở")
    StaffFactory(unit=cast.school_b1, full_name="Đã nghỉ", is_active=False)
    return cast


def _rows(client):
    response = client.get(reverse("accounts:unit_list"))
    assert response.status_code == 200
    return {unit.pk: unit.staff_count for unit in response.context["page"].object_list}, response.content.decode()


def test_the_so_row_counts_everyone_below_it(staffed, login):
    cast = staffed
    rows, _html = _rows(login(cast.so_officer))
    expected = _active_in_subtree(cast.so)
    assert rows[cast.so.pk] == expected
    # Everyone of the province: its own officer, both Phòng (with their schools) and the THPT school.
    assert expected == sum(
        _active_at(unit)
        for unit in (cast.so, cast.phong_a, cast.phong_b, cast.school_a1, cast.school_a2, cast.school_b1)
    ) + _active_at(cast.school_t1)
    assert rows[cast.school_t1.pk] == _active_at(cast.school_t1)


def test_a_phong_row_is_the_sum_of_its_schools_and_its_own_staff(staffed, login):
    cast = staffed
    for viewer in (cast.so_officer, cast.phong_a_officer):
        rows, html = _rows(login(viewer))
        schools = rows[cast.school_a1.pk] + rows[cast.school_a2.pk]
        assert schools == _active_at(cast.school_a1) + _active_at(cast.school_a2) > 0
        assert rows[cast.phong_a.pk] == schools + _active_at(cast.phong_a)
        assert f'?unit={cast.phong_a.pk}">{rows[cast.phong_a.pk]}</a>' in html
    rows, _html = _rows(login(cast.so_officer))
    assert rows[cast.phong_b.pk] == _active_at(cast.school_b1)  # the teacher who left is not counted


def test_the_unit_page_lists_its_children_with_their_subtree_totals(staffed, login):
    cast = staffed
    response = login(cast.so_officer).get(reverse("accounts:unit_detail", args=[cast.so.pk]))
    children = {unit.pk: unit.staff_count for unit in response.context["children"]}
    assert children[cast.phong_a.pk] == _active_in_subtree(cast.phong_a)
    assert children[cast.school_t1.pk] == _active_at(cast.school_t1)

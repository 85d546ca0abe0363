"""Who sees which staff and units: a matrix over the cast, with an outsider at every level of the tree."""

import pytest
from django.urls import reverse

from accounts import scoping
from accounts.models import Staff

pytestmark = pytest.mark.django_db


def _names(queryset):
    return set(queryset.values_list("full_name", flat=True))


def test_teacher_sees_only_their_own_record(cast):
    assert _names(scoping.visible_staff(cast.teacher_a1)) == {"Nguyễn Văn An"}


def test_group_head_sees_their_group_only(cast):
    assert _names(scoping.visible_staff(cast.group_head_a1)) == {"Phạm Văn Minh", "Nguyễn Văn An", "Lê Thị Hoa"}


def test_principal_sees_the_whole_school_and_nothing_else(cast):
    assert set(scoping.visible_staff(cast.principal_a1)) == set(Staff.objects.filter(unit=cast.school_a1))


def test_phong_officer_sees_its_schools_only(cast):
    seen = {staff.unit.code for staff in scoping.visible_staff(cast.phong_a_officer)}
    assert seen == {"A1", "A2"}
    assert {unit.code for unit in scoping.visible_units(cast.phong_a_officer)} == {"PH-A", "A1", "A2"}


def test_so_officer_sees_its_province_including_schools_without_phong(cast):
    seen = {staff.unit.code for staff in scoping.visible_staff(cast.so_officer)}
    assert seen == {"A1", "A2", "B1", "T1"}


def test_province_without_phong_works(cast):
    assert {staff.unit.code for staff in scoping.visible_staff(cast.so_z_officer)} == {"Z1"}


def test_admin_sees_everything(cast):
    assert scoping.visible_staff(cast.admin).count() == Staff.objects.count()


def test_anonymous_and_unbound_users_see_nothing(cast, django_user_model):
    unbound = django_user_model.objects.create_user("nobody", role="DEPARTMENT_OFFICER")
    assert not scoping.visible_staff(unbound).exists()
    assert not scoping.visible_units(unbound).exists()


VIEWERS = [
    "teacher_a1",
    "group_head_a1",
    "principal_a1",
    "phong_a_officer",
    "phong_b_officer",
    "so_officer",
    "so_z_officer",
]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_staff_detail_is_404_outside_scope_and_200_inside(cast, login, viewer):
    user = getattr(cast, viewer)
    client = login(user)
    visible = set(scoping.visible_staff(user).values_list("pk", flat=True))
    for staff in Staff.objects.all():
        response = client.get(reverse("accounts:staff_detail", args=[staff.pk]))
        assert response.status_code == (200 if staff.pk in visible else 404), (viewer, staff.full_name)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_staff_list_shows_only_scope(cast, login, viewer):
    user = getattr(cast, viewer)
    response = login(user).get(reverse("accounts:staff_list"))
    listed = {staff.pk for staff in response.context["page"].object_list}
    assert listed == set(scoping.visible_staff(user).values_list("pk", flat=True))


def test_principal_cannot_edit_another_schools_staff(cast, login):
    client = login(cast.principal_a1)
    outsider = cast.teacher_a2.staff
    assert client.get(reverse("accounts:staff_edit", args=[outsider.pk])).status_code == 404
    response = client.post(reverse("accounts:staff_edit", args=[outsider.pk]), {"full_name": "X"})
    assert response.status_code == 404


def test_teacher_may_see_but_not_edit_own_record(cast, login):
    client = login(cast.teacher_a1)
    assert client.get(reverse("accounts:staff_edit", args=[cast.teacher_a1.staff_id])).status_code == 403


def test_unit_filter_outside_scope_is_404(cast, login):
    response = login(cast.phong_a_officer).get(reverse("accounts:staff_list"), {"unit": cast.school_b1.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("viewer", VIEWERS)
def test_unit_detail_404_outside_scope(cast, login, viewer):
    from accounts.models import OrgUnit

    user = getattr(cast, viewer)
    client = login(user)
    visible = set(scoping.visible_units(user).values_list("pk", flat=True))
    for unit in OrgUnit.objects.all():
        expected = 200 if unit.pk in visible else 404
        assert client.get(reverse("accounts:unit_detail", args=[unit.pk])).status_code == expected


def test_moving_a_staff_record_moves_the_teachers_account(cast):
    from accounts.services import staff_save

    staff = cast.teacher_a1.staff
    staff.unit = cast.school_a2
    staff_save(staff=staff, changed_by=cast.phong_a_officer)
    cast.teacher_a1.refresh_from_db()
    assert cast.teacher_a1.unit == cast.school_a2
    assert {s.full_name for s in scoping.visible_staff(cast.teacher_a1)} == {"Nguyễn Văn An"}

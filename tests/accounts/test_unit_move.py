"""Chuyển đơn vị: the subtree goes along, in one service; every other way of changing a parent is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import scoping
from accounts.models import OrgUnit, Role, User
from accounts.services import AccountsError, unit_move
from plans.models import Plan, PlanStatus
from tests.factories import OrgUnitFactory, UserFactory
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


def _link(unit):
    return f'href="{reverse("accounts:unit_detail", args=[unit.pk])}"'


def _move_phong_a_to_so_z(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return unit_move(cast.phong_a, cast.so_z, actor=cast.admin, reason="Sáp nhập tỉnh")


def test_a_phong_moved_under_another_department_takes_its_schools(cast, django_capture_on_commit_callbacks):
    done = _move_phong_a_to_so_z(cast, django_capture_on_commit_callbacks)

    assert (done.old_parent, done.new_parent, done.units_moved) == (cast.so, cast.so_z, 3)
    for unit in (cast.school_a1, cast.school_a2):
        unit.refresh_from_db()
        assert unit.path == f"{cast.so_z.path}{cast.phong_a.pk:06d}/{unit.pk:06d}/"
        assert unit.depth == cast.so_z.depth + 2
    # Units elsewhere are untouched.
    assert OrgUnit.objects.get(pk=cast.school_b1.pk).path.startswith(cast.so.path)
    # The change is in the unit's history, with who and why.
    record = cast.phong_a.history.latest()
    assert (record.parent_id, record.history_user, record.history_change_reason) == (
        cast.so_z.pk,
        cast.admin,
        "Sáp nhập tỉnh",
    )


def test_both_departments_see_the_moved_phong_its_schools_and_staff_on_the_other_side(
    cast, login, django_capture_on_commit_callbacks
):
    teacher = cast.teacher_a1.staff
    old_so, new_so = cast.so_officer, cast.so_z_officer
    assert login(old_so).get(reverse("accounts:staff_detail", args=[teacher.pk])).status_code == 200

    _move_phong_a_to_so_z(cast, django_capture_on_commit_callbacks)

    old_client = login(old_so)
    staff_list = old_client.get(reverse("accounts:staff_list")).content.decode()
    unit_list = old_client.get(reverse("accounts:unit_list")).content.decode()
    assert teacher.full_name not in staff_list and cast.teacher_b1.staff.full_name in staff_list
    assert _link(cast.school_a1) not in unit_list and _link(cast.phong_a) not in unit_list
    assert _link(cast.school_b1) in unit_list
    assert old_client.get(reverse("accounts:staff_detail", args=[teacher.pk])).status_code == 404
    assert old_client.get(reverse("accounts:unit_detail", args=[cast.school_a1.pk])).status_code == 404

    new_client = login(new_so)
    staff_list = new_client.get(reverse("accounts:staff_list")).content.decode()
    unit_list = new_client.get(reverse("accounts:unit_list")).content.decode()
    assert teacher.full_name in staff_list and cast.teacher_z1.staff.full_name in staff_list
    assert _link(cast.school_a1) in unit_list and _link(cast.phong_a) in unit_list
    assert new_client.get(reverse("accounts:staff_detail", args=[teacher.pk])).status_code == 200
    assert new_client.get(reverse("accounts:unit_detail", args=[cast.school_a1.pk])).status_code == 200
    # The Phòng's own officer keeps their schools.
    phong_officer = User.objects.get(pk=cast.phong_a_officer.pk)
    assert scoping.visible_schools(phong_officer).filter(pk=cast.school_a1.pk).exists()


def test_the_plans_of_the_moved_schools_follow_them(cast, login, django_capture_on_commit_callbacks):
    year = TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)
    teacher = cast.teacher_a1.staff
    plan = Plan.objects.create(year=year, staff=teacher, school=teacher.unit, status=PlanStatus.SUBMITTED)
    url = reverse("plans:plan_detail", args=[plan.pk])
    assert login(cast.so_officer).get(url).status_code == 200

    _move_phong_a_to_so_z(cast, django_capture_on_commit_callbacks)

    assert login(cast.so_officer).get(url).status_code == 404
    assert login(cast.so_z_officer).get(url).status_code == 200


def test_saving_a_unit_with_another_parent_is_refused(cast):
    cast.school_a2.parent = cast.phong_b
    with pytest.raises(ValidationError):
        cast.school_a2.full_clean()
    with pytest.raises(ValidationError):
        cast.school_a2.save()
    assert OrgUnit.objects.get(pk=cast.school_a2.pk).parent_id == cast.phong_a.pk


def test_the_moved_copy_cannot_be_moved_again_by_saving_it(cast, django_capture_on_commit_callbacks):
    done = _move_phong_a_to_so_z(cast, django_capture_on_commit_callbacks)
    done.unit.parent = cast.so
    with pytest.raises(ValidationError):
        done.unit.save()


def test_a_stale_copy_saved_after_a_move_keeps_the_new_path(cast, django_capture_on_commit_callbacks):
    stale = OrgUnit.objects.get(pk=cast.school_a1.pk)
    _move_phong_a_to_so_z(cast, django_capture_on_commit_callbacks)
    stale.name = "Trường Tiểu học A1 (mới)"
    stale.save()
    assert OrgUnit.objects.get(pk=cast.school_a1.pk).path.startswith(cast.so_z.path)


@pytest.mark.parametrize(
    ("unit", "new_parent", "message"),
    [
        ("phong_a", "phong_a", "chính nó"),
        ("phong_a", "school_a1", "chính nó"),
        ("school_a1", "school_b1", "Trường / trung tâm dưới một Trường / trung tâm"),
        ("phong_a", "phong_b", "Phòng GD&ĐT dưới một Phòng GD&ĐT"),
        ("so", "phong_b", "chính nó"),
        ("so_z", "phong_b", "Sở GD&ĐT dưới một Phòng GD&ĐT"),
        ("school_t1", "phong_a", "THPT"),
        ("school_a1", "phong_a", "đã trực thuộc"),
    ],
)
def test_moves_that_make_no_sense_are_refused(cast, unit, new_parent, message):
    unit, new_parent = getattr(cast, unit), getattr(cast, new_parent)
    old_path = unit.path
    with pytest.raises(AccountsError, match=message):
        unit_move(unit, new_parent, actor=cast.admin)
    assert OrgUnit.objects.get(pk=unit.pk).path == old_path


def test_no_move_into_a_closed_unit(cast):
    closed = OrgUnitFactory(kind=OrgUnit.Kind.DISTRICT, code="PH-C", parent=cast.so, is_active=False, levels="")
    with pytest.raises(AccountsError, match="ngừng hoạt động"):
        unit_move(cast.school_a1, closed, actor=cast.admin)


def test_an_officer_moves_units_only_inside_their_subtree(cast):
    with pytest.raises(AccountsError, match="phạm vi"):
        unit_move(cast.school_a1, cast.so_z, actor=cast.so_z_officer)
    with pytest.raises(AccountsError, match="phạm vi"):
        unit_move(cast.school_a1, cast.phong_b, actor=cast.phong_a_officer)
    with pytest.raises(AccountsError, match="phạm vi"):
        unit_move(cast.school_a1, cast.phong_b, actor=cast.principal_a1)

    unit_move(cast.school_a1, cast.phong_b, actor=cast.so_officer)
    assert OrgUnit.objects.get(pk=cast.school_a1.pk).parent_id == cast.phong_b.pk


def test_the_admin_change_form_shows_the_parent_read_only_and_moves_through_the_service(cast, login):
    client = login(cast.admin)
    change = client.get(reverse("admin:accounts_orgunit_change", args=[cast.school_a2.pk])).content.decode()
    assert 'name="parent"' not in change
    assert reverse("admin:accounts_orgunit_move", args=[cast.school_a2.pk]) in change

    url = reverse("admin:accounts_orgunit_move", args=[cast.school_a2.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"new_parent": cast.school_t1.pk})  # not an office: not offered
    assert refused.status_code == 200
    response = client.post(url, {"new_parent": cast.phong_b.pk, "reason": "Điều chỉnh địa giới"})
    assert response.status_code == 302
    assert OrgUnit.objects.get(pk=cast.school_a2.pk).path.startswith(cast.phong_b.path)


def test_the_admin_action_opens_the_move_form_for_one_unit(cast, login):
    client = login(cast.admin)
    response = client.post(
        reverse("admin:accounts_orgunit_changelist"), {"action": "move_unit", "_selected_action": [cast.school_a2.pk]}
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:accounts_orgunit_move", args=[cast.school_a2.pk])


def test_a_new_unit_gets_its_path_on_creation(cast):
    unit = OrgUnit.objects.create(kind=OrgUnit.Kind.SCHOOL, code="A9", name="Trường A9", parent=cast.phong_a)
    assert unit.path == f"{cast.phong_a.path}{unit.pk:06d}/"
    assert UserFactory(role=Role.SCHOOL_MANAGER, unit=unit).unit.path == unit.path


def test_a_move_is_one_audit_entry_with_the_old_and_new_superior(cast, django_capture_on_commit_callbacks):
    from audit.models import AuditEntry
    from audit.registry import describe

    _move_phong_a_to_so_z(cast, django_capture_on_commit_callbacks)

    entry = AuditEntry.objects.get(action="accounts.unit.moved")
    assert (entry.actor, entry.unit_id, entry.reason) == (cast.admin, cast.phong_a.pk, "Sáp nhập tỉnh")
    assert (entry.before, entry.after) == (str(cast.so), str(cast.so_z))
    assert str(cast.so) in describe(entry) and str(cast.so_z) in describe(entry)
    assert not AuditEntry.objects.filter(action="accounts.unit.changed", object_id=cast.phong_a.pk).exists()

"""The units' admin: a kind or cấp học that no longer fits the tree is refused, the move form offers only the
units that would accept the unit, and the admin speaks as BDTX."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.admin import UnitMoveForm
from accounts.models import OrgUnit, placement_error
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

K = OrgUnit.Kind


def _change_form_data(unit, **changes):
    data = {"kind": unit.kind, "code": unit.code, "name": unit.name, "levels": unit.levels, "is_active": "on"}
    return {**data, **changes}


def _save_in_admin(client, unit, **changes):
    url = reverse("admin:accounts_orgunit_change", args=[unit.pk])
    return client.post(url, _change_form_data(unit, **changes))


# Changing a unit's kind or cấp học in the admin.


def test_a_phong_with_schools_cannot_become_a_school(cast, login):
    response = _save_in_admin(login(cast.admin), cast.phong_a, kind=K.SCHOOL, levels="TH")

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "kind" in errors
    assert "2 đơn vị cấp dưới" in errors["kind"][0] and cast.school_a1.name in errors["kind"][0]
    assert OrgUnit.objects.get(pk=cast.phong_a.pk).kind == K.DISTRICT


def test_a_kind_that_may_not_sit_under_the_parent_is_refused(cast):
    cast.so_z.kind = K.DISTRICT  # a Phòng straight under the Bộ
    with pytest.raises(ValidationError) as refused:
        cast.so_z.full_clean()
    assert "Phòng GD&ĐT dưới một Bộ GD&ĐT" in refused.value.message_dict["kind"][0]


def test_a_kind_whose_children_could_not_stay_for_their_levels_is_refused(cast):
    # A unit wrongly entered as a school, with a THPT school under it: it may not become a Phòng.
    centre = OrgUnitFactory(code="TT", name="Trung tâm X", parent=cast.so, levels="GDTX")
    OrgUnitFactory(code="TT-1", name="Trường THPT X1", parent=centre, levels="THPT")
    centre.kind, centre.levels = K.DISTRICT, ""
    with pytest.raises(ValidationError) as refused:
        centre.full_clean()
    assert "Trường THPT X1" in refused.value.message_dict["kind"][0]


def test_a_kind_that_fits_is_saved(cast, login):
    # Phòng B's only school went to Phòng A: Phòng B may become a centre under the Sở.
    OrgUnit.objects.filter(pk=cast.school_b1.pk).update(parent=cast.phong_a)

    response = _save_in_admin(login(cast.admin), cast.phong_b, kind=K.SCHOOL, levels="GDTX")

    assert response.status_code == 302
    assert OrgUnit.objects.get(pk=cast.phong_b.pk).kind == K.SCHOOL


def test_a_school_under_a_phong_cannot_take_on_thpt(cast, login):
    client = login(cast.admin)
    response = _save_in_admin(client, cast.school_a1, levels="TH,THPT")

    assert response.status_code == 200
    assert "THPT" in response.context["adminform"].form.errors["levels"][0]
    assert OrgUnit.objects.get(pk=cast.school_a1.pk).levels == "TH"
    # Under the Sở it may.
    assert _save_in_admin(client, cast.school_t1, levels="THCS,THPT").status_code == 302


def test_an_old_misplaced_unit_can_still_be_renamed(cast, login):
    OrgUnit.objects.filter(pk=cast.school_a1.pk).update(levels="TH,THPT")  # imported before the rule
    unit = OrgUnit.objects.get(pk=cast.school_a1.pk)
    assert _save_in_admin(login(cast.admin), unit, name="Trường TH&THPT A1").status_code == 302


def test_the_rule_is_the_one_unit_move_uses():
    assert placement_error(K.SCHOOL, ["TH"], K.DISTRICT) is None
    assert placement_error(K.SCHOOL, ["THPT"], K.DISTRICT).field == "levels"
    assert placement_error(K.DISTRICT, [], K.DISTRICT).field == "kind"
    assert placement_error(K.MINISTRY, [], K.DEPARTMENT).field == "kind"


# The move form's choices.


def _choices(unit, actor):
    return list(UnitMoveForm(unit=unit, actor=actor).fields["new_parent"].queryset)


def test_a_school_is_offered_the_offices_it_may_report_to_except_its_own(cast):
    closed = OrgUnitFactory(kind=K.DISTRICT, code="PH-C", name="Phòng đã giải thể", parent=cast.so, levels="")
    OrgUnit.objects.filter(pk=closed.pk).update(is_active=False)

    choices = _choices(cast.school_a2, cast.admin)

    assert choices == sorted([cast.so, cast.phong_b, cast.so_z], key=lambda unit: unit.path)


def test_a_thpt_school_is_offered_only_departments(cast):
    assert _choices(cast.school_t1, cast.admin) == [cast.so_z]


def test_a_phong_is_offered_neither_itself_its_schools_nor_another_phong(cast):
    assert _choices(cast.phong_a, cast.admin) == [cast.so_z]


def test_an_officer_is_offered_only_units_in_their_scope(cast):
    assert _choices(cast.school_a2, cast.so_officer) == sorted([cast.so, cast.phong_b], key=lambda unit: unit.path)
    assert _choices(cast.school_a1, cast.so_z_officer) == []


def test_the_move_page_lists_valid_targets_with_their_kind(cast, login):
    page = login(cast.admin).get(reverse("admin:accounts_orgunit_move", args=[cast.school_a2.pk])).content.decode()

    assert f'<option value="{cast.phong_b.pk}">Phòng GD&amp;ĐT Huyện B (Phòng GD&amp;ĐT)</option>' in page
    for unit in (cast.ministry, cast.phong_a, cast.school_a2, cast.school_a1, cast.school_t1):
        assert f'<option value="{unit.pk}"' not in page
    assert page.index(f'value="{cast.so.pk}"') < page.index(f'value="{cast.phong_b.pk}"')


def test_the_move_page_says_so_when_no_unit_can_take_it(cast, login):
    page = login(cast.admin).get(reverse("admin:accounts_orgunit_move", args=[cast.ministry.pk])).content.decode()
    assert "Không có đơn vị nào có thể nhận" in page
    assert 'name="new_parent"' not in page


def test_an_officer_with_no_target_in_scope_sees_the_empty_state(cast, login):
    officer = cast.so_officer
    officer.is_staff = True
    officer.save()
    officer.user_permissions.add(Permission.objects.get(codename="change_orgunit"))

    response = login(officer).get(reverse("admin:accounts_orgunit_move", args=[cast.phong_a.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Không có đơn vị nào có thể nhận Phòng GD&amp;ĐT Huyện A" in page
    assert 'name="new_parent"' not in page


# The header.


def test_the_admin_speaks_as_bdtx(cast, login):
    page = login(cast.admin).get(reverse("admin:index")).content.decode()
    assert "BDTX — Quản trị hệ thống" in page
    assert "<title>Quản trị | BDTX</title>" in page
    assert "Django" not in page.split("<body", 1)[1].split('id="content"', 1)[0]

"""Nobody changes their own authority: a principal cannot edit the position, unit or status of their own record."""

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Position, Staff

pytestmark = pytest.mark.django_db


def _form_data(staff, **changes):
    data = {
        "code": staff.code,
        "full_name": staff.full_name,
        "birth_date": "",
        "birth_place": staff.birth_place,
        "gender": staff.gender,
        "unit": staff.unit_id,
        "position": staff.position,
        "level": staff.level,
        "subject_group": staff.subject_group,
        "is_active": "on" if staff.is_active else "",
    }
    if staff.is_core_teacher:
        data["is_core_teacher"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_a_principal_cannot_make_himself_a_teacher(cast, login):
    own = cast.principal_a1.staff
    client = login(cast.principal_a1)

    url = reverse("accounts:staff_edit", args=[own.pk])

    form_page = client.get(url).content.decode()
    client.post(url, _form_data(own, position=Position.TEACHER))

    own.refresh_from_db()
    assert own.position == Position.PRINCIPAL
    assert "Bạn không thể tự đổi chức vụ" in form_page


@pytest.mark.parametrize("field", ["unit", "is_active", "level"])
def test_a_principal_cannot_move_or_retire_his_own_record(cast, field):
    own = Staff.objects.get(pk=cast.principal_a1.staff_id)
    if field == "unit":
        own.unit = cast.school_a2
    elif field == "level":
        own.level = "THCS"  # a manager's cấp học decides how his own result is classified
    else:
        own.is_active = False

    with pytest.raises(services.AccountsError):
        services.staff_save(staff=own, changed_by=cast.principal_a1)

    own.refresh_from_db()
    assert own.unit_id == cast.school_a1.pk
    assert own.is_active and own.level == "TH"


def test_a_principal_still_corrects_his_own_birth_place(cast, login):
    own = cast.principal_a1.staff
    client = login(cast.principal_a1)

    client.post(reverse("accounts:staff_edit", args=[own.pk]), _form_data(own, birth_place="Huế"))

    own.refresh_from_db()
    assert own.birth_place == "Huế"
    assert own.position == Position.PRINCIPAL


def test_a_principal_still_changes_a_teachers_position(cast, login):
    teacher = cast.teacher_a1.staff
    client = login(cast.principal_a1)

    client.post(reverse("accounts:staff_edit", args=[teacher.pk]), _form_data(teacher, position=Position.GROUP_HEAD))

    teacher.refresh_from_db()
    assert teacher.position == Position.GROUP_HEAD


def test_the_superior_office_changes_the_principals_position(cast):
    own = Staff.objects.get(pk=cast.principal_a1.staff_id)
    own.position = Position.TEACHER

    services.staff_save(staff=own, changed_by=cast.phong_a_officer)

    own.refresh_from_db()
    assert own.position == Position.TEACHER


def test_a_principal_cannot_make_himself_a_teacher_by_importing_a_file(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from people import importers
    from tests.people.test_staff_import import row, workbook_bytes

    own = cast.principal_a1.staff
    upload = SimpleUploadedFile(
        "can-bo.xlsx", workbook_bytes([row(code=own.code, name=own.full_name, position="GV", group=own.subject_group)])
    )

    result = importers.staff_import_parse(file=upload, user=cast.principal_a1)

    assert [error.message for error in result.errors] == [str(services.OWN_AUTHORITY_REFUSED)]
    own.refresh_from_db()
    assert own.position == Position.PRINCIPAL


def test_a_principal_may_import_his_own_unchanged_record(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from people import importers
    from tests.people.test_staff_import import row, workbook_bytes

    own = cast.principal_a1.staff
    upload = SimpleUploadedFile(
        "can-bo.xlsx",
        workbook_bytes([row(code=own.code, name=own.full_name, position="HT", group=own.subject_group, place="Huế")]),
    )

    result = importers.staff_import_parse(file=upload, user=cast.principal_a1)

    assert not result.errors

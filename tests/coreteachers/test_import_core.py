"""One source of truth for "cốt cán": a staff record imported with "x" is a core teacher in the core-teacher pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Staff
from coreteachers import selectors
from coreteachers.models import Designation, Subject
from people import importers
from tests.people.test_staff_import import row, workbook_bytes

pytestmark = pytest.mark.django_db


def _import(user, rows):
    upload = SimpleUploadedFile("can-bo.xlsx", workbook_bytes(rows))
    result = importers.staff_import_parse(file=upload, user=user)
    assert not result.errors, result.errors
    return importers.staff_import_apply(result=result, user=user)


def test_a_new_record_imported_as_core_is_on_the_core_teacher_page(cast, year, login):
    _import(cast.principal_a1, [row(code="NV001", name="Trần Văn Bảo", core="x")])

    bao = Staff.objects.get(code="NV001")
    designation = Designation.objects.get(staff=bao, year=year)
    assert designation.active and designation.school == cast.school_a1
    assert bao.is_core_teacher
    page = login(cast.principal_a1).get(reverse("coreteachers:designation_list"), {"year": year.pk})
    assert "Trần Văn Bảo" in page.content.decode()


def test_an_existing_record_marked_core_by_an_import_gets_its_designation(cast, year):
    teacher = cast.teacher_a1.staff
    _import(cast.principal_a1, [row(code=teacher.code, name=teacher.full_name, core="x")])

    assert selectors.designations_visible_to(user=cast.principal_a1, year=year).filter(staff=teacher).exists()


def test_an_import_does_not_designate_twice(cast, year, designation):
    teacher = cast.teacher_a1.staff
    _import(cast.principal_a1, [row(code=teacher.code, name=teacher.full_name, core="x")])

    assert Designation.objects.filter(staff=teacher, year=year).count() == 1
    assert Designation.objects.get(staff=teacher, year=year).subject == Subject.TOAN


def test_an_empty_core_cell_leaves_a_designated_teacher_a_core_teacher(cast, year, designation):
    teacher = cast.teacher_a1.staff
    _import(cast.principal_a1, [row(code=teacher.code, name=teacher.full_name, core="", place="Huế")])

    teacher.refresh_from_db()
    designation.refresh_from_db()
    assert designation.active
    assert teacher.is_core_teacher


def test_the_staff_form_no_longer_ticks_core_without_a_designation(cast, login):
    page = login(cast.principal_a1).get(reverse("accounts:staff_edit", args=[cast.teacher_a1.staff_id]))

    assert 'name="is_core_teacher"' not in page.content.decode()


def test_the_subject_of_an_imported_core_teacher_comes_from_the_group(cast, year):
    _import(cast.principal_a1, [row(code="NV002", name="Hà Thị Lan", group="Tổ Tiếng Anh", core="x")])

    assert Designation.objects.get(staff__code="NV002").subject == Subject.NGOAI_NGU


def test_a_large_file_without_new_core_teachers_costs_three_queries(cast, year, django_assert_max_num_queries):
    from coreteachers.services import designations_follow_import
    from tests.factories import StaffFactory

    flags = {StaffFactory(unit=cast.school_a1).code: False for _ in range(30)}

    with django_assert_max_num_queries(3):
        made = designations_follow_import(flags_by_code=flags, by=cast.principal_a1)

    assert made == 0

"""Units from Excel: the Sở sets up its communes and schools from one file, all or nothing, with every wrong row
named; a middle tier imports only the schools under it; a known code updates, never moves."""

import pytest
from django.urls import reverse

from accounts.models import OrgUnit
from audit.models import AuditEntry
from people import units_import

from .test_staff_import import messages_of, upload, workbook_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên", "Cấp học", "Địa chỉ"]
URL = reverse("people:units_import")


def units_file(rows):
    return upload(workbook_bytes(rows, header=HEADER))


def good():
    return [
        ["XA-01", "UBND xã Tân Lập", "UBND xã", "SO-A", "", "Xã Tân Lập"],
        ["TH-01", "Trường Tiểu học Tân Lập", "Trường", "XA-01", "TH", "Bản Nà"],
        ["MN-01", "Trường Mầm non Tân Lập", "Trường", "XA-01", "MN", ""],
        ["THPT-01", "Trường THPT Tân Lập", "Trường", "SO-A", "THPT", ""],
    ]


def test_the_so_sets_up_its_communes_and_schools_from_one_file(cast, login):
    response = login(cast.so_officer).post(URL, {"file": units_file(good())}, follow=True)
    assert "Đã nhập 4 đơn vị: 4 thêm mới" in messages_of(response)[0]
    commune = OrgUnit.objects.get(code="XA-01")
    school = OrgUnit.objects.get(code="TH-01")
    assert (commune.kind, commune.parent, commune.address) == (OrgUnit.Kind.COMMUNE, cast.so, "Xã Tân Lập")
    assert (school.parent, school.level_list, school.path.startswith(commune.path)) == (commune, ["TH"], True)
    assert OrgUnit.objects.get(code="THPT-01").parent == cast.so
    assert AuditEntry.objects.filter(action="accounts.unit.created", reason="Nhập từ Excel").count() == 4


def test_a_file_with_a_wrong_row_writes_nothing_and_names_every_wrong_row(cast, login):
    rows = [
        *good(),
        ["TH-01", "Trùng mã", "Trường", "XA-01", "TH", ""],  # row 6: the code again
        ["THPT-02", "Trường THPT dưới xã", "Trường", "XA-01", "THPT", ""],  # row 7: a THPT under a commune
        ["TH-09", "Trường ở tỉnh khác", "Trường", "SO-Z", "TH", ""],  # row 8: outside the province
        ["TH-10", "Trường không rõ loại", "Trường học viện", "SO-A", "TH", ""],  # row 9
        ["TH-11", "Trường không cấp học", "Trường", "SO-A", "", ""],  # row 10
    ]
    before = OrgUnit.objects.count()
    response = login(cast.so_officer).post(URL, {"file": units_file(rows)})
    assert OrgUnit.objects.count() == before
    rows_with_errors = {error.row for error in response.context["errors"]}
    assert rows_with_errors == {6, 7, 8, 9, 10}, rows_with_errors  # every wrong row in one pass, the THPT too


def test_a_middle_tier_imports_only_the_schools_under_it(cast, login):
    rows = [
        ["A9", "Trường Tiểu học A9", "Trường", "PH-A", "TH", ""],
        ["XA-02", "UBND xã khác", "UBND xã", "SO-A", "", ""],
        ["B9", "Trường ở Phòng B", "Trường", "PH-B", "TH", ""],
    ]
    result = units_import.units_import_parse(file=units_file(rows), user=cast.phong_a_officer)
    assert {error.row for error in result.errors} == {3, 4}
    result = units_import.units_import_parse(file=units_file(rows[:1]), user=cast.phong_a_officer)
    units_import.units_import_apply(result=result, user=cast.phong_a_officer)
    assert OrgUnit.objects.get(code="A9").parent == cast.phong_a
    assert login(cast.teacher_a1).get(URL).status_code == 403


def test_a_known_code_is_updated_but_never_moved_by_a_file(cast):
    renamed = [["A1", "Trường Tiểu học A1 (đổi tên)", "Trường", "PH-A", "TH", "Số 1 đường Lê Lợi"]]
    result = units_import.units_import_parse(file=units_file(renamed), user=cast.so_officer)
    counts = units_import.units_import_apply(result=result, user=cast.so_officer)
    assert (counts.updated, OrgUnit.objects.get(code="A1").address) == (1, "Số 1 đường Lê Lợi")
    moved = [["A1", "Trường Tiểu học A1", "Trường", "PH-B", "TH", ""]]
    result = units_import.units_import_parse(file=units_file(moved), user=cast.so_officer)
    assert "Chuyển" in result.errors[0].message and OrgUnit.objects.get(code="A1").parent == cast.phong_a


def test_one_unit_by_form_added_under_an_office_in_scope_and_edited(cast, login):
    client = login(cast.so_officer)
    data = {"code": "xa-09", "name": "UBND xã Nà Bó", "kind": "XA", "parent": cast.so.pk, "address": "Nà Bó"}
    response = client.post(reverse("people:unit_create"), data)
    commune = OrgUnit.objects.get(code="XA-09")
    assert response.url == reverse("accounts:unit_detail", args=[commune.pk]) and commune.parent == cast.so
    school = {
        "code": "TH-09",
        "name": "Trường Tiểu học Nà Bó",
        "kind": "SCHOOL",
        "parent": commune.pk,
        "levels": ["THPT"],
    }
    refused = client.post(reverse("people:unit_create"), school)
    assert refused.status_code == 200 and not OrgUnit.objects.filter(code="TH-09").exists()  # no THPT under a commune
    client.post(reverse("people:unit_create"), {**school, "levels": ["TH"]})
    created = OrgUnit.objects.get(code="TH-09")
    client.post(reverse("people:unit_edit", args=[created.pk]), {"name": "Trường TH Nà Bó", "levels": ["TH", "MN"]})
    created.refresh_from_db()
    assert (created.name, created.level_list) == ("Trường TH Nà Bó", ["MN", "TH"])
    assert login(cast.phong_b_officer).get(reverse("people:unit_edit", args=[cast.school_a1.pk])).status_code == 404
    assert login(cast.principal_a1).get(reverse("people:unit_create")).status_code == 403

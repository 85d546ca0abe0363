"""Staff import from Excel: the template, validation of every row, all-or-nothing writes, scope."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from accounts.models import Gender, Level, OrgUnit, Position, Staff
from people import importers

from ..factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("people:staff_import")
TEMPLATE_URL = reverse("people:staff_import_template")
HEADER = [
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh (dd/mm/yyyy)",
    "Nơi sinh",
    "Giới tính (Nam/Nữ)",
    "Mã trường",
    "Chức vụ",
    "Cấp học",
    "Tổ chuyên môn",
    "Cốt cán (x)",
    "Đang công tác (x)",
]
FIELDS = ["code", "name", "birth", "place", "gender", "school", "position", "level", "group", "core", "active"]


def row(**values):
    defaults = {
        "code": "NV001",
        "name": "Trần Văn Bảo",
        "birth": "05/09/1985",
        "place": "Hà Nội",
        "gender": "Nam",
        "school": "A1",
        "position": "GV",
        "level": "TH",
        "group": "Tổ 1-2-3",
        "core": "",
        "active": "x",
    }
    defaults.update(values)
    return [defaults[key] for key in FIELDS]


def workbook_bytes(rows, header=HEADER, above=()):
    workbook = Workbook()
    sheet = workbook.active
    for line in above:
        sheet.append(line)
    if header is not None:
        sheet.append(header)
    for line in rows:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="danh-sach.xlsx"):
    return SimpleUploadedFile(name, content, content_type=importers.XLSX_CONTENT_TYPE)


def xlsx(rows, **kwargs):
    return upload(workbook_bytes(rows, **kwargs))


def good_rows():
    return [
        row(),
        row(
            code="NV002",
            name="  Nguyễn   Thị Cúc ",
            birth=dt.datetime(1990, 1, 31),
            gender="Nữ",
            position="TTCM",
            group="Tổ 4-5",
            core="x",
        ),
        row(code="NV003", name="Lê Văn Dũng", birth="", place="", gender="", active="", position="pht"),
    ]


def post(client, file):
    return client.post(IMPORT_URL, {"file": file}, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def snapshot(cast):
    """What a failed import must leave untouched: how many records, and one record's values."""
    staff = cast.teacher_a1.staff
    staff.refresh_from_db()
    return Staff.objects.count(), staff.full_name, staff.subject_group, staff.history.count()


# --- a good file ------------------------------------------------------------------------------------------------


def test_good_file_imports_every_row(cast, login):
    client = login(cast.principal_a1)
    response = post(client, xlsx(good_rows()))
    assert response.status_code == 200
    assert "Đã nhập 3 dòng: 3 thêm mới, 0 cập nhật" in messages_of(response)[0]

    bao = Staff.objects.get(code="NV001")
    assert bao.full_name == "Trần Văn Bảo"
    assert bao.birth_date == dt.date(1985, 9, 5)
    assert bao.birth_place == "Hà Nội"
    assert bao.gender == Gender.MALE
    assert bao.unit == cast.school_a1
    assert (bao.position, bao.level, bao.subject_group) == (Position.TEACHER, Level.TH, "Tổ 1-2-3")
    assert (bao.is_core_teacher, bao.is_active) == (False, True)

    cuc = Staff.objects.get(code="NV002")
    assert cuc.full_name == "Nguyễn Thị Cúc"
    assert cuc.birth_date == dt.date(1990, 1, 31)
    assert (cuc.gender, cuc.position, cuc.is_core_teacher) == (Gender.FEMALE, Position.GROUP_HEAD, True)

    dung = Staff.objects.get(code="NV003")
    assert dung.birth_date is None
    assert (dung.gender, dung.position, dung.is_active) == ("", Position.DEPUTY_PRINCIPAL, False)

    record = bao.history.get()
    assert record.history_user == cast.principal_a1
    assert record.history_change_reason == "Nhập từ Excel"
    assert record.history_type == "+"


def test_reimport_updates_and_never_duplicates(cast, login):
    client = login(cast.principal_a1)
    post(client, xlsx(good_rows()))
    count = Staff.objects.count()
    history = Staff.history.count()

    response = post(client, xlsx(good_rows()))
    assert "Đã nhập 3 dòng: 0 thêm mới, 0 cập nhật, 3 không đổi" in messages_of(response)[0]
    assert Staff.objects.count() == count
    assert Staff.history.count() == history, "unchanged rows must not be saved again"

    changed = good_rows()
    changed[0] = row(name="Trần Văn Bảo Anh", group="Tổ 4-5")
    response = post(client, xlsx(changed))
    assert "Đã nhập 3 dòng: 0 thêm mới, 1 cập nhật, 2 không đổi" in messages_of(response)[0]
    assert Staff.objects.count() == count
    bao = Staff.objects.get(code="NV001")
    assert (bao.full_name, bao.subject_group) == ("Trần Văn Bảo Anh", "Tổ 4-5")
    latest = bao.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == cast.principal_a1
    assert Staff.history.count() == history + 1


def test_import_updates_an_existing_record_in_scope(cast, login):
    staff = cast.teacher_a1.staff
    response = post(login(cast.principal_a1), xlsx([row(code=staff.code, name="Nguyễn Văn An", birth="01/02/1988")]))
    assert "1 cập nhật" in messages_of(response)[0]
    staff.refresh_from_db()
    assert staff.birth_date == dt.date(1988, 2, 1)


def test_phong_officer_may_move_staff_between_its_schools(cast, login):
    staff = cast.teacher_a1.staff
    post(login(cast.phong_a_officer), xlsx([row(code=staff.code, name=staff.full_name, school="a2")]))
    staff.refresh_from_db()
    assert staff.unit == cast.school_a2


def test_header_matches_without_case_diacritics_or_hints(cast, login):
    header = ["ma can bo", "HO VA TEN", "Ngay sinh", "noi sinh", "gioi tinh", "MA TRUONG", "Chuc vu", "cap hoc"]
    response = post(login(cast.principal_a1), xlsx([row()[:8]], header=header))
    assert "1 thêm mới" in messages_of(response)[0]
    assert Staff.objects.get(code="NV001").birth_date == dt.date(1985, 9, 5)


def test_title_rows_above_the_header_are_skipped(cast, login):
    response = post(login(cast.principal_a1), xlsx([row()], above=[["DANH SÁCH CÁN BỘ"], []]))
    assert "1 thêm mới" in messages_of(response)[0]


def test_absent_optional_columns_keep_existing_values(cast, login):
    staff = cast.teacher_a1.staff
    staff.birth_place, staff.is_core_teacher = "Huế", True
    staff.save()
    header = ["Mã cán bộ", "Họ và tên", "Mã trường", "Chức vụ", "Cấp học"]
    post(login(cast.principal_a1), xlsx([[staff.code, "Nguyễn Văn An Mới", "A1", "GV", "TH"]], header=header))
    staff.refresh_from_db()
    assert (staff.full_name, staff.birth_place, staff.is_core_teacher) == ("Nguyễn Văn An Mới", "Huế", True)


def test_empty_level_takes_the_schools_only_level(cast, login):
    post(login(cast.principal_a1), xlsx([row(level="")]))
    assert Staff.objects.get(code="NV001").level == Level.TH


def test_position_and_level_may_be_written_in_words(cast, login):
    post(login(cast.principal_a1), xlsx([row(position="Tổ trưởng chuyên môn", level="tieu hoc")]))
    staff = Staff.objects.get(code="NV001")
    assert (staff.position, staff.level) == (Position.GROUP_HEAD, Level.TH)


# --- bad rows: the right error, and nothing written -------------------------------------------------------------


def tomorrow():
    """Read when the case runs, not when the module is collected: a run may cross midnight in Hà Nội."""
    return timezone.localdate() + dt.timedelta(days=1)


BAD_ROWS = [
    ("missing name", lambda cast: {"name": "  "}, "Họ và tên", "Chưa nhập họ và tên."),
    ("name too long", lambda cast: {"name": "A" * 129}, "Họ và tên", "dài quá 128 ký tự"),
    ("missing code", lambda cast: {"code": ""}, "Mã cán bộ", "Chưa nhập mã cán bộ."),
    ("duplicate code", lambda cast: {"code": "NV002"}, "Mã cán bộ", "Mã cán bộ “NV002” bị trùng với dòng 3."),
    (
        "code outside scope",
        lambda cast: {"code": cast.teacher_a2.staff.code},
        "Mã cán bộ",
        "Mã cán bộ này không dùng được.",
    ),
    ("date not a date", lambda cast: {"birth": "khoảng 1985"}, "Ngày sinh", "không hợp lệ; hãy ghi theo dạng dd/mm"),
    ("date in ISO order", lambda cast: {"birth": "1985-09-05"}, "Ngày sinh", "không hợp lệ"),
    ("date as a bare number", lambda cast: {"birth": 31000}, "Ngày sinh", "không hợp lệ"),
    ("date not on the calendar", lambda cast: {"birth": "31/02/1985"}, "Ngày sinh", "không có trên lịch"),
    (
        "date in the future",
        lambda cast: {"birth": dt.datetime.combine(tomorrow(), dt.time())},
        "Ngày sinh",
        "tương lai",
    ),
    ("date before 1940", lambda cast: {"birth": "31/12/1939"}, "Ngày sinh", "trước năm 1940"),
    ("gender", lambda cast: {"gender": "Khác"}, "Giới tính", "Giới tính “Khác” không hợp lệ"),
    ("missing school", lambda cast: {"school": ""}, "Mã trường", "Chưa nhập mã trường."),
    (
        "unknown school",
        lambda cast: {"school": "KHONG-CO"},
        "Mã trường",
        "Mã trường không tồn tại hoặc ngoài phạm vi quản lý.",
    ),
    (
        "school outside scope",
        lambda cast: {"school": "A2"},
        "Mã trường",
        "Mã trường không tồn tại hoặc ngoài phạm vi quản lý.",
    ),
    ("missing position", lambda cast: {"position": ""}, "Chức vụ", "Chưa nhập chức vụ."),
    ("unknown position", lambda cast: {"position": "ABC"}, "Chức vụ", "Chức vụ “ABC” không hợp lệ"),
    ("unknown level", lambda cast: {"level": "XYZ"}, "Cấp học", "Cấp học “XYZ” không hợp lệ"),
    ("level not offered", lambda cast: {"level": "THCS"}, "Cấp học", "Trường A1 không có cấp học THCS"),
    ("bad flag", lambda cast: {"core": "có lẽ"}, "Cốt cán", "Giá trị “có lẽ” không hợp lệ"),
]


@pytest.mark.parametrize(("case", "values", "column", "message"), BAD_ROWS, ids=[case[0] for case in BAD_ROWS])
def test_a_bad_row_is_reported_and_nothing_is_written(cast, login, case, values, column, message):
    before = snapshot(cast)
    staff = cast.teacher_a1.staff
    rows = [
        row(code=staff.code, name="Tên Đã Đổi", school="A1", group="Tổ mới"),  # would update: must not land
        row(code="NV002", name="Người Mới"),  # would create: must not land
        row(**{"code": "NV003", **values(cast)}),
    ]
    response = post(login(cast.principal_a1), xlsx(rows))

    errors = response.context["errors"]
    assert [(error.row, error.column) for error in errors] == [(4, column)], errors
    assert message in errors[0].message
    assert errors[0].letter == get_column_letter(HEADER.index(next(h for h in HEADER if column in h)) + 1)
    assert message in response.content.decode()
    assert snapshot(cast) == before
    assert not Staff.objects.filter(code__in=["NV002", "NV003"]).exists()


def test_every_bad_row_is_reported_at_once(cast, login):
    rows = [row(), row(code="NV002", name=""), row(code="NV003", school="ZZ", level="??")]
    response = post(login(cast.principal_a1), xlsx(rows))
    found = [(error.row, error.column) for error in response.context["errors"]]
    assert found == [(3, "Họ và tên"), (4, "Mã trường"), (4, "Cấp học")]
    assert not Staff.objects.filter(code="NV001").exists()


def test_principal_of_a1_cannot_place_staff_in_a2(cast, login):
    before = snapshot(cast)
    response = post(login(cast.principal_a1), xlsx([row(school="A2")]))
    (error,) = response.context["errors"]
    assert (error.row, error.column, error.message) == (
        2,
        "Mã trường",
        "Mã trường không tồn tại hoặc ngoài phạm vi quản lý.",
    )
    assert "Trường Tiểu học A2" not in response.content.decode()
    assert snapshot(cast) == before


def test_missing_required_columns_are_named(cast, login):
    header = ["Mã cán bộ", "Ngày sinh", "Chức vụ", "Cấp học"]
    before = snapshot(cast)
    response = post(login(cast.principal_a1), xlsx([["NV001", "05/09/1985", "GV", "TH"]], header=header))
    found = {(error.row, error.column) for error in response.context["errors"]}
    assert found == {(1, "Họ và tên"), (1, "Mã trường")}
    assert "Thiếu cột “Họ và tên” trong dòng tiêu đề." in response.content.decode()
    assert snapshot(cast) == before


# --- bad files --------------------------------------------------------------------------------------------------


def _zip_without_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        "Mã cán bộ;Họ và tên\nNV001;Trần Văn Bảo\n".encode(),
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200),
        _zip_without_workbook(),
        workbook_bytes([row()])[:2000],
    ],
    ids=["csv renamed", "exe renamed", "zip of other files", "truncated xlsx"],
)
def test_a_file_that_is_not_a_workbook_is_refused(cast, login, content):
    before = snapshot(cast)
    response = post(login(cast.principal_a1), upload(content, name="danh-sach.xlsx"))
    messages = [error.message for error in response.context["errors"]]
    assert messages == ["Tệp không phải là tệp Excel (.xlsx) hợp lệ."]
    assert snapshot(cast) == before


def test_an_empty_workbook_is_refused(cast, login):
    response = post(login(cast.principal_a1), xlsx([], header=None))
    assert [error.message for error in response.context["errors"]] == ["Tệp không có dữ liệu."]


def test_a_workbook_with_only_the_header_is_refused(cast, login):
    response = post(login(cast.principal_a1), xlsx([]))
    assert [error.message for error in response.context["errors"]] == ["Không có dòng dữ liệu nào dưới dòng tiêu đề."]


def test_an_empty_upload_is_refused(cast):
    result = importers.staff_import_parse(file=io.BytesIO(b""), user=cast.principal_a1)
    assert [error.message for error in result.errors] == ["Tệp tải lên trống rỗng."]


def test_a_file_over_five_megabytes_is_refused(cast, login):
    assert importers.MAX_FILE_BYTES == 5 * 1024 * 1024
    before = snapshot(cast)
    response = post(login(cast.principal_a1), upload(b"0" * (importers.MAX_FILE_BYTES + 1)))
    (error,) = response.context["errors"]
    assert error.message.startswith("Tệp quá lớn")
    assert snapshot(cast) == before


def test_too_many_rows_are_refused(cast, login, monkeypatch):
    assert importers.MAX_ROWS == 20_000
    monkeypatch.setattr(importers, "MAX_ROWS", 3)
    rows = [row(code=f"NV{n:03d}") for n in range(4)]
    response = post(login(cast.principal_a1), xlsx(rows))
    (error,) = response.context["errors"]
    assert error.message.startswith("Tệp có quá nhiều dòng")
    assert not Staff.objects.filter(code__startswith="NV").exists()

    response = post(login(cast.principal_a1), xlsx(rows[:3]))
    assert "3 thêm mới" in messages_of(response)[0]


def test_no_file_chosen(cast, login):
    response = login(cast.principal_a1).post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "Hãy chọn tệp Excel để tải lên." in response.content.decode()


# --- who may import ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["teacher_a1", "group_head_a1", "teacher_t1"])
def test_teachers_and_group_heads_get_403(cast, login, persona):
    client = login(getattr(cast, persona))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": xlsx([row()])}).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
    assert not Staff.objects.filter(code="NV001").exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert "login" in response.url or "dang-nhap" in response.url


def test_import_page_lists_the_schools_in_scope(cast, login):
    content = login(cast.principal_a1).get(IMPORT_URL).content.decode()
    assert "Trường Tiểu học A1" in content
    assert "Trường Tiểu học A2" not in content


def test_apply_refuses_a_result_with_errors_or_for_another_user(cast):
    bad = importers.staff_import_parse(file=xlsx([row(school="A2")]), user=cast.principal_a1)
    with pytest.raises(importers.AccountsError):
        importers.staff_import_apply(result=bad, user=cast.principal_a1)
    good = importers.staff_import_parse(file=xlsx([row()]), user=cast.principal_a1)
    with pytest.raises(importers.AccountsError):
        importers.staff_import_apply(result=good, user=cast.phong_a_officer)
    assert not Staff.objects.filter(code="NV001").exists()


def test_parsing_runs_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    existing = [staff.code for staff in Staff.objects.filter(unit=cast.school_a1)]
    rows = [row(code=code, name=f"Người {n}") for n, code in enumerate(existing)]
    rows += [row(code=f"NV{n:04d}", name=f"Người mới {n}") for n in range(200)]
    file = xlsx(rows)
    with django_assert_max_num_queries(4):
        result = importers.staff_import_parse(file=file, user=cast.phong_a_officer)
    assert result.ok, result.errors
    assert len(result.rows) == len(rows)


# --- the template -----------------------------------------------------------------------------------------------


def _template(client):
    response = client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == importers.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def _guide_codes(workbook):
    return {cell.value for cell in workbook["Hướng dẫn"]["A"] if isinstance(cell.value, str)}


def test_template_has_the_headers_and_the_users_schools(cast, login):
    workbook = _template(login(cast.principal_a1))
    sheet = workbook.worksheets[0]
    # The template also has the optional contact columns (the files of these tests leave them out).
    assert [cell.value for cell in sheet[1]] == [
        *HEADER[:9],
        "Mã định danh (CCCD)",
        "E-mail",
        "Điện thoại",
        *HEADER[9:],
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert sheet.max_row == 1, "the template holds no sample rows that could be imported by mistake"
    codes = _guide_codes(workbook)
    assert {"A1", "GV", "TTCM", "TPCM", "PHT", "HT", "PGD", "GD", "MN", "TH", "THCS", "THPT", "GDTX"} <= codes
    assert not {"A2", "B1", "T1", "Z1"} & codes


def test_template_for_a_phong_officer_lists_its_schools_only(cast, login):
    codes = _guide_codes(_template(login(cast.phong_a_officer)))
    assert {"A1", "A2"} <= codes
    assert not {"B1", "T1", "Z1"} & codes


def test_template_writes_formula_like_names_as_text(cast, login):
    OrgUnitFactory(code="A3", name='=HYPERLINK("http://x.invalid","bấm")', parent=cast.phong_a, levels="TH")
    guide = _template(login(cast.phong_a_officer))["Hướng dẫn"]
    cells = [cell for row_cells in guide.iter_rows() for cell in row_cells if cell.value and "HYPERLINK" in cell.value]
    assert len(cells) == 1
    assert cells[0].data_type == "s"


def test_a_filled_in_template_imports(cast, login):
    client = login(cast.principal_a1)
    workbook = _template(client)
    filled = row()
    filled[9:9] = ["", "", ""]  # the template's contact columns, left empty
    workbook.worksheets[0].append(filled)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post(client, upload(buffer.getvalue()))
    assert "1 thêm mới" in messages_of(response)[0]
    assert OrgUnit.objects.get(code="A1").staff.filter(code="NV001").exists()


def test_a_sheet_with_a_wrong_dimension_is_read_in_full(cast):
    """Some programs declare the used range as A1 only; every row and column must still be read."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([row(), row(code="NV002")])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            target.writestr(item, data)
    result = importers.staff_import_parse(file=upload(buffer.getvalue()), user=cast.principal_a1)
    assert result.ok, result.errors
    assert [parsed.values["unit"].code for parsed in result.rows] == ["A1", "A1"]


def test_an_import_writes_one_audit_entry_per_record_it_created_or_changed(cast, login):
    from audit.models import AuditEntry
    from audit.selectors import person_entries

    client = login(cast.principal_a1)
    post(client, xlsx(good_rows()))
    created = AuditEntry.objects.filter(action="accounts.staff.created", reason="Nhập từ Excel")
    assert {entry.person.code for entry in created} == {"NV001", "NV002", "NV003"}
    assert {(entry.actor, entry.unit) for entry in created} == {(cast.principal_a1, cast.school_a1)}

    changed = good_rows()
    changed[0] = row(name="Trần Văn Bảo", group="Tổ 4-5")
    post(client, xlsx(changed))
    change = AuditEntry.objects.get(action="accounts.staff.changed", person__code="NV001")
    assert change.after == {"tổ chuyên môn": "Tổ 4-5"}
    bao = Staff.objects.get(code="NV001")
    assert [entry.action for entry in person_entries(user=cast.principal_a1, staff=bao)] == [
        "accounts.staff.changed",
        "accounts.account.created",  # the import gave the new record its account
        "accounts.staff.created",
    ]


def test_contact_columns_are_checked_and_the_email_reaches_the_account(cast, login):
    header = [*HEADER, "Mã định danh (CCCD)", "E-mail", "Điện thoại"]
    rows = [
        row() + ["012345678901", "Bao.Tran@Truong.edu.vn", "+84 912 345 678"],
        row(code="NV002") + ["12", "x@", "12"],
    ]
    response = post(login(cast.principal_a1), upload(workbook_bytes(rows, header=header)))
    assert {error.column for error in response.context["errors"]} == {"Mã định danh (CCCD)", "E-mail", "Điện thoại"}
    response = post(login(cast.principal_a1), upload(workbook_bytes(rows[:1], header=header)))
    bao = Staff.objects.get(code="NV001")
    assert (bao.id_number, bao.email, bao.phone) == ("012345678901", "bao.tran@truong.edu.vn", "0912345678")
    assert bao.user.email == "bao.tran@truong.edu.vn"

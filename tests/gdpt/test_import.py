"""LMS export import: good files, re-import, every kind of bad file (nothing saved), who may import."""

import io
import zipfile

import pytest
from django.urls import reverse

from gdpt import importers
from gdpt.models import ImportBatch, LmsStatus, ModuleStatus
from jobs.models import Job

from .conftest import upload, xlsx

pytestmark = pytest.mark.django_db

URL = reverse("gdpt:lms_import")


def parse(user, content, name="lms.xlsx"):
    return importers.lms_import_parse(file=upload(content, name), user=user)


def messages_of(result):
    return [error.message for error in result.errors]


def state():
    """Everything the import writes, to compare before and after a refused file."""
    return (
        sorted(ModuleStatus.objects.values_list("staff_id", "module_id", "status", "lms_full_name")),
        ImportBatch.objects.count(),
    )


@pytest.fixture
def good_rows(cast):
    return [
        [cast.teacher_a1.staff.code, "Nguyễn Văn An", "MĐ1", "Đạt"],
        [cast.principal_a1.staff.code, "Lê Thị Hoa", "1", "Đã ghi danh"],
        [cast.teacher_b1.staff.code, "Đỗ Thị Dung", 1, "Hoàn thành"],
        [cast.teacher_t1.staff.code, "Vu Van Em", "Mô đun 2", "HOÀN THÀNH"],
    ]


def test_good_file_is_saved_with_every_status_and_module_form(cast, gdpt_modules, good_rows, login):
    client = login(cast.so_officer)
    # Title lines above the header, headers in other cases and without diacritics, as LMS exports vary.
    content = xlsx(
        good_rows,
        header=["MÃ CÁN BỘ", "ho va ten", "Mô-đun", "trạng thái"],
        above=[["DANH SÁCH HỌC VIÊN"], ["Đợt bồi dưỡng 2021"]],
    )
    response = client.post(URL, {"file": upload(content)}, follow=True)
    assert response.status_code == 200
    assert "Đã nhập 4 dòng: 4 thêm mới, 0 cập nhật, 0 không đổi." in response.content.decode()
    saved = {
        (status.staff_id, status.module.code): status.status for status in ModuleStatus.objects.select_related("module")
    }
    assert saved == {
        (cast.teacher_a1.staff_id, "MĐ1"): LmsStatus.PASSED,
        (cast.principal_a1.staff_id, "MĐ1"): LmsStatus.ENROLLED,
        (cast.teacher_b1.staff_id, "MĐ1"): LmsStatus.COMPLETED,
        (cast.teacher_t1.staff_id, "MĐ2"): LmsStatus.COMPLETED,
    }
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.created, batch.updated, batch.department) == (4, 4, 0, cast.so)
    # The name the LMS holds is kept, to show the school where it differs.
    assert ModuleStatus.objects.get(staff=cast.teacher_t1.staff).lms_full_name == "Vu Van Em"


def test_reimport_updates_statuses(cast, gdpt_modules, good_rows):
    first = parse(cast.so_officer, xlsx(good_rows))
    importers.lms_import_apply(result=first, user=cast.so_officer)
    good_rows[1][3] = "Hoàn thành"  # the principal finished meanwhile
    again = parse(cast.so_officer, xlsx(good_rows))
    summary = importers.lms_import_apply(result=again, user=cast.so_officer)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 3)
    status = ModuleStatus.objects.get(staff=cast.principal_a1.staff, module=gdpt_modules[1])
    assert status.status == LmsStatus.COMPLETED
    assert status.batch == summary.batch
    assert ModuleStatus.objects.count() == 4


def test_identifier_column_and_lowercase_codes_are_accepted(cast, gdpt_modules):
    content = xlsx(
        [[cast.teacher_a1.staff.code.lower(), "MD 3", "Đạt"]],
        header=["Mã định danh", "Mô đun", "Trạng thái"],
    )
    result = parse(cast.so_officer, content)
    assert result.ok, messages_of(result)
    importers.lms_import_apply(result=result, user=cast.so_officer)
    assert ModuleStatus.objects.get().module == gdpt_modules[3]


def test_unknown_staff_code_saves_nothing(cast, gdpt_modules, good_rows, login):
    before = state()
    good_rows.append(["KHONG-CO", "Ai Đó", "MĐ1", "Đạt"])
    response = login(cast.so_officer).post(URL, {"file": upload(xlsx(good_rows))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Không có cán bộ nào mang mã “KHONG-CO” trong phạm vi của bạn." in page
    assert "chưa có dòng nào được ghi" in page
    assert state() == before
    errors = parse(cast.so_officer, xlsx(good_rows)).errors
    assert [(error.row, error.column, error.letter) for error in errors] == [(6, "Mã cán bộ", "A")]


def test_staff_outside_the_importers_scope_saves_nothing(cast, gdpt_modules, good_rows):
    before = state()
    good_rows.append([cast.teacher_z1.staff.code, "Bùi Thị Giang", "MĐ1", "Đạt"])  # another province
    result = parse(cast.so_officer, xlsx(good_rows))
    # The same words as for a code nobody holds: the import never says that a code exists elsewhere.
    code = cast.teacher_z1.staff.code
    assert messages_of(result) == [f"Không có cán bộ nào mang mã “{code}” trong phạm vi của bạn."]
    assert result.rows == []
    with pytest.raises(importers.services.GdptError):
        importers.lms_import_apply(result=result, user=cast.so_officer)
    assert state() == before


def test_duplicated_staff_and_module_saves_nothing(cast, gdpt_modules, good_rows):
    before = state()
    good_rows.append([cast.teacher_a1.staff.code, "Nguyễn Văn An", "1", "Hoàn thành"])  # MĐ1 again, as "1"
    result = parse(cast.so_officer, xlsx(good_rows))
    assert messages_of(result) == ["Trùng dòng 2: Nguyễn Văn An đã có trạng thái mô đun MĐ1."]
    assert result.errors[0].row == 6
    assert state() == before


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Mã cán bộ", "Họ và tên", "Mô đun"], ["Thiếu cột “Trạng thái” trong dòng tiêu đề."]),
        (["Mã cán bộ", "Họ và tên", "Trạng thái"], ["Thiếu cột “Mô đun” trong dòng tiêu đề."]),
        (
            ["Mã cán bộ", "Mô đun", "Trạng thái", "Trạng thái"],
            ["Cột “Trạng thái” xuất hiện hai lần."],
        ),
        (
            ["STT", "Họ và tên", "Ngày sinh", "Điểm"],
            [
                "Không tìm thấy dòng tiêu đề có các cột “Mã cán bộ” (hoặc “Mã định danh”), “Mô đun” và “Trạng thái”. "
                "Hãy dùng tệp xuất từ LMS hoặc tệp mẫu."
            ],
        ),
    ],
)
def test_wrong_or_missing_columns_save_nothing(cast, gdpt_modules, header, expected):
    before = state()
    row = [cast.teacher_a1.staff.code, "Nguyễn Văn An", "MĐ1", "Đạt"][: len(header)]
    result = parse(cast.so_officer, xlsx([row], header=header))
    assert messages_of(result) == expected
    assert not result.ok
    assert state() == before


def test_unknown_module_and_status_are_reported_per_cell(cast, gdpt_modules):
    before = state()
    content = xlsx(
        [
            [cast.teacher_a1.staff.code, "Nguyễn Văn An", "MĐ10", "Đạt"],
            [cast.principal_a1.staff.code, "Lê Thị Hoa", "MĐ1", "Xuất sắc"],
            [cast.group_head_a1.staff.code, "Phạm Văn Minh", "", ""],
        ]
    )
    result = parse(cast.so_officer, content)
    assert [(error.row, error.letter, error.message) for error in result.errors] == [
        (2, "C", "Mô đun “MĐ10” không có trong danh sách mô đun GDPT 2018 (ghi MĐ1 … MĐ9 hoặc 1 … 9)."),
        (3, "D", "Trạng thái “Xuất sắc” không hợp lệ; ghi một trong: “Đã ghi danh”, “Hoàn thành”, “Đạt”."),
        (4, "C", "Chưa ghi mô đun."),
        (4, "D", "Chưa ghi trạng thái."),
    ]
    assert state() == before


@pytest.mark.parametrize(
    "content",
    [
        "Mã cán bộ;Mô đun;Trạng thái\nGV1;MĐ1;Đạt\n".encode(),  # a CSV renamed .xlsx
        b"%PDF-1.4 not a workbook",
        b"",
    ],
    ids=["csv", "pdf", "empty"],
)
def test_a_file_that_is_not_a_workbook_saves_nothing(cast, gdpt_modules, content, login):
    before = state()
    response = login(cast.so_officer).post(URL, {"file": upload(content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert ("không phải là tệp Excel (.xlsx) hợp lệ" in page) or ("Tệp tải lên trống rỗng." in page)
    assert state() == before


def test_a_zip_that_is_not_a_workbook_is_refused(cast, gdpt_modules):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    result = parse(cast.so_officer, buffer.getvalue())
    assert messages_of(result) == [
        "Tệp không phải là tệp Excel (.xlsx) hợp lệ. Hãy mở tệp xuất từ LMS bằng Excel và lưu dạng .xlsx."
    ]


def test_one_bad_row_among_good_ones_saves_none_of_them(cast, gdpt_modules, good_rows):
    before = state()
    good_rows.insert(2, [cast.teacher_a2.staff.code, "Hoàng Văn Cường", "MĐ1", "Chưa biết"])
    result = parse(cast.so_officer, xlsx(good_rows))
    assert len(result.errors) == 1
    assert result.rows == []
    assert state() == before


def test_a_district_officer_imports_only_inside_their_district(cast, gdpt_modules):
    """Only the Sở imports; a Phòng officer's page is refused and the service refuses them too."""
    result = parse(cast.phong_a_officer, xlsx([[cast.teacher_a1.staff.code, "", "MĐ1", "Đạt"]]))
    with pytest.raises(importers.services.GdptError):
        importers.lms_import_apply(result=result, user=cast.phong_a_officer)
    assert not ModuleStatus.objects.exists()


@pytest.mark.parametrize("who", ["phong_a_officer", "principal_a1", "teacher_a1"])
def test_only_the_department_imports(cast, gdpt_modules, login, who):
    client = login(getattr(cast, who))
    assert client.get(URL).status_code == 403
    content = xlsx([[cast.teacher_a1.staff.code, "", "MĐ1", "Đạt"]])
    assert client.post(URL, {"file": upload(content)}).status_code == 403
    assert client.get(reverse("gdpt:lms_template")).status_code == 403
    assert not ModuleStatus.objects.exists()


def test_admin_imports_any_province(cast, gdpt_modules):
    content = xlsx([[cast.teacher_z1.staff.code, "", "MĐ1", "Đạt"], [cast.teacher_a1.staff.code, "", "MĐ1", "Đạt"]])
    result = parse(cast.admin, content)
    assert result.ok, messages_of(result)
    importers.lms_import_apply(result=result, user=cast.admin)
    assert ModuleStatus.objects.count() == 2
    assert ImportBatch.objects.get().department is None


def test_template_downloads_and_reads_back_as_empty(cast, gdpt_modules, login):
    response = login(cast.so_officer).get(reverse("gdpt:lms_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == importers.XLSX_CONTENT_TYPE
    result = parse(cast.so_officer, response.content)
    assert messages_of(result) == ["Không có dòng dữ liệu nào dưới dòng tiêu đề."]


def test_a_large_lms_file_is_saved_by_a_worker(
    cast, gdpt_modules, good_rows, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS, settings.PRIVATE_MEDIA_ROOT = 2, tmp_path
    client = login(cast.so_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": upload(xlsx(good_rows), "lms-dot-1.xlsx")})
    job = Job.objects.get(kind="lms_import")
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert (job.status, job.message) == (Job.Status.SUCCEEDED, "Đã nhập 4 dòng: 4 thêm mới, 0 cập nhật, 0 không đổi.")
    assert ModuleStatus.objects.count() == 4
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.filename, batch.uploaded_by) == (4, "lms-dot-1.xlsx", cast.so_officer)


def test_a_large_lms_file_with_an_unknown_code_saves_nothing(
    cast, gdpt_modules, good_rows, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS, settings.PRIVATE_MEDIA_ROOT = 2, tmp_path
    good_rows[1][0] = "KHONG-CO"
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.so_officer).post(URL, {"file": upload(xlsx(good_rows))})
    job = Job.objects.get(kind="lms_import")
    assert job.status == Job.Status.FAILED
    assert [(error["row"], error["letter"]) for error in job.import_errors] == [(3, "A")]
    assert state() == ([], 0)

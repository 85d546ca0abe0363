"""Catalog import from Excel: all or nothing, every error with its row and column, files checked by content."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job
from modules import importers, services
from modules.models import Module

from .conftest import catalog_snapshot, xlsx_upload

pytestmark = pytest.mark.django_db
URL = reverse("modules:catalog_import")


def test_good_file_updates_existing_codes_and_adds_new_ones(cast):
    upload = xlsx_upload(
        [
            ("TH1", "TH", "Tìm hiểu đặc điểm tâm sinh lý học sinh tiểu học", 15, "Nhóm 1"),
            ("th2", "Tiểu học", "", 20, ""),  # lower-case code, level by name, empty title keeps the current one
            ("MN1", "MN", None, None, None),  # nothing to change
            ("TH-DP5", "tieu hoc", "Giáo dục địa phương", None, ""),
        ],
        title_row="DANH MỤC MÔ ĐUN NĂM 2025",
    )
    result = services.catalog_import(file=upload, user=cast.admin)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (1, 2, 1)
    th1 = Module.objects.get(code="TH1")
    assert (th1.title, th1.hours, th1.group, th1.owner) == (
        "Tìm hiểu đặc điểm tâm sinh lý học sinh tiểu học",
        15,
        "Nhóm 1",
        None,
    )
    th2 = Module.objects.get(code="TH2")
    assert (th2.title, th2.hours) == ("", 20)
    new = Module.objects.get(code="TH-DP5")
    assert (new.level, new.hours, new.owner, new.title) == ("TH", 15, None, "Giáo dục địa phương")
    assert Module.objects.count() == 196


def _errors(upload, user):
    before = catalog_snapshot()
    result = services.catalog_import(file=upload, user=user)
    assert not result.ok
    assert catalog_snapshot() == before, "a refused file must not change the catalog"
    return [(error.row, error.column, error.message) for error in result.errors]


GOOD_ROW = ("TH1", "TH", "Tên mới cho TH1", 15, "")


def test_unknown_level(cast):
    errors = _errors(xlsx_upload([GOOD_ROW, ("TH4", "Đại học", "X", 15, "")]), cast.admin)
    assert errors == [(3, "Cấp học", errors[0][2])]
    assert "Đại học" in errors[0][2] and "không hợp lệ" in errors[0][2]


def test_empty_code(cast):
    errors = _errors(xlsx_upload([GOOD_ROW, ("", "TH", "Mô đun không mã", 15, "")]), cast.admin)
    assert errors == [(3, "Mã mô đun", "Thiếu mã mô đun.")]


def test_non_numeric_hours(cast):
    errors = _errors(
        xlsx_upload([GOOD_ROW, ("TH4", "TH", "", "mười lăm", ""), ("TH5", "TH", "", 15.5, "")]), cast.admin
    )
    assert [(row, column) for row, column, _ in errors] == [(3, "Số tiết"), (4, "Số tiết")]
    assert "mười lăm" in errors[0][2]


def test_hours_out_of_range(cast):
    errors = _errors(xlsx_upload([GOOD_ROW, ("TH4", "TH", "", 0, "")]), cast.admin)
    assert errors[0][:2] == (3, "Số tiết")


def test_duplicate_code_in_file(cast):
    errors = _errors(xlsx_upload([GOOD_ROW, ("TH2", "TH", "", 15, ""), ("th1", "TH", "Lặp", 15, "")]), cast.admin)
    assert errors == [(4, "Mã mô đun", "Mã TH1 trùng với dòng 2.")]


def test_renamed_text_file(cast):
    upload = SimpleUploadedFile("danh-muc.xlsx", "Mã mô đun,Cấp học\nTH1,TH\n".encode(), content_type="text/csv")
    errors = _errors(upload, cast.so_officer)
    assert len(errors) == 1 and "không phải là tệp Excel" in errors[0][2]


def test_every_error_is_reported_at_once(cast):
    errors = _errors(
        xlsx_upload(
            [
                ("", "TH", "", 15, ""),
                ("TH4", "XYZ", "", "abc", ""),
                ("NEW-1", "TH", "", 15, ""),  # a new module needs a title
                ("THCS1", "TH", "", 15, ""),  # an existing module keeps its level
            ]
        ),
        cast.admin,
    )
    assert [(row, column) for row, column, _ in errors] == [
        (2, "Mã mô đun"),
        (3, "Cấp học"),
        (3, "Số tiết"),
        (4, "Tên mô đun"),
        (5, "Cấp học"),
    ]


def test_missing_columns_and_empty_sheets(cast):
    errors = _errors(xlsx_upload([("TH1", "Tên")], header=("Mã mô đun", "Tên mô đun")), cast.so_officer)
    assert errors == [(1, "Cấp học", "Thiếu cột “Cấp học” ở dòng tiêu đề.")]
    errors = _errors(xlsx_upload([]), cast.so_officer)
    assert "Không có dòng dữ liệu" in errors[0][2]


def test_another_provinces_local_code_is_refused(cast, local_module):
    errors = _errors(xlsx_upload([("TH-DP1", "TH", "Chiếm mã", 15, "")]), cast.so_z_officer)
    assert errors[0][:2] == (2, "Mã mô đun")


def test_only_so_officers_and_admin_import(cast):
    with pytest.raises(services.ModulesError):
        services.catalog_import(file=xlsx_upload([GOOD_ROW]), user=cast.phong_a_officer)


def test_import_page_shows_the_error_table(cast, login):
    client = login(cast.so_officer)
    response = client.post(URL, {"file": xlsx_upload([GOOD_ROW, ("", "TH", "", "x", "")])})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="import-errors"' in html
    assert "Thiếu mã mô đun." in html
    assert Module.objects.get(code="TH1").title == ""


def test_import_page_good_file_redirects_with_counts(cast, login):
    client = login(cast.admin)
    response = client.post(URL, {"file": xlsx_upload([GOOD_ROW])}, follow=True)
    assert "1 cập nhật" in response.content.decode()
    assert Module.objects.get(code="TH1").title == "Tên mới cho TH1"


@pytest.mark.parametrize("persona", ["teacher_a1", "principal_a1", "phong_a_officer"])
def test_import_pages_are_forbidden_to_others(cast, login, persona):
    client = login(getattr(cast, persona))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("modules:catalog_template")).status_code == 403
    assert client.post(URL, {"file": xlsx_upload([GOOD_ROW])}).status_code == 403
    assert Module.objects.get(code="TH1").title == ""


def test_template_holds_the_catalog_and_round_trips(cast, login, local_module):
    Module.objects.filter(code="TH2").update(title='=HYPERLINK("http://x")')
    response = login(cast.admin).get(reverse("modules:catalog_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook[importers.DATA_SHEET_TITLE]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Mã mô đun", "Cấp học", "Tên mô đun", "Số tiết", "Nhóm", "Đối tượng", "Quy chế")
    codes = [row[0] for row in rows[1:]]
    assert len(codes) == 196 and "TH-DP1" in codes and codes[0] == "MN1"
    formula_cell = next(row for row in sheet.iter_rows() if row[0].value == "TH2")[2]
    assert formula_cell.data_type == "s"
    assert importers.GUIDE_SHEET_TITLE in workbook.sheetnames
    # The template as downloaded imports cleanly and changes nothing.
    before = catalog_snapshot()
    upload = SimpleUploadedFile("mau.xlsx", response.content)
    result = services.catalog_import(file=upload, user=cast.admin)
    assert result.ok, result.errors[:3]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 196)
    assert catalog_snapshot() == before


def test_template_for_another_province_leaves_out_our_local_module(cast, login, local_module):
    response = login(cast.so_z_officer).get(reverse("modules:catalog_template"))
    sheet = load_workbook(io.BytesIO(response.content))[importers.DATA_SHEET_TITLE]
    assert "TH-DP1" not in [row[0] for row in sheet.iter_rows(values_only=True)]


def test_a_failure_while_writing_leaves_nothing_behind(cast, monkeypatch):
    from django.db import IntegrityError

    original_save = Module.save

    def failing_save(self, *args, **kwargs):
        if self.code == "NEW-2":
            raise IntegrityError("simulated")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Module, "save", failing_save)
    before = catalog_snapshot()
    upload = xlsx_upload([GOOD_ROW, ("NEW-1", "TH", "Một", 15, ""), ("NEW-2", "TH", "Hai", 15, "")])
    with pytest.raises(services.ModulesError, match="chưa ghi dòng nào"):
        services.catalog_import(file=upload, user=cast.admin)
    assert catalog_snapshot() == before


def test_a_large_catalog_is_imported_by_a_worker(
    cast, login, settings, tmp_path, django_capture_on_commit_callbacks, local_module
):
    settings.IMPORT_BACKGROUND_ROWS, settings.PRIVATE_MEDIA_ROOT = 1, tmp_path
    rows = [
        ("TH-DP1", "TH", "Tên mới cho TH-DP1", 15, ""),
        ("TH-DP5", "TH", "Giáo dục địa phương", 10, ""),
        ("TH-DP6", "TH", "Kĩ năng số", 10, ""),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.so_officer).post(URL, {"file": xlsx_upload(rows)})
    job = Job.objects.get(kind="catalog_import")
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert (job.status, job.message) == (Job.Status.SUCCEEDED, "Đã nhập 3 dòng: 2 thêm mới, 1 cập nhật, 0 không đổi.")
    assert Module.objects.get(code="TH-DP1").title == "Tên mới cho TH-DP1"
    assert Module.objects.get(code="TH-DP6").owner == cast.so


def test_a_large_catalog_with_errors_changes_nothing(
    cast, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS, settings.PRIVATE_MEDIA_ROOT = 1, tmp_path
    before = catalog_snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.so_officer).post(URL, {"file": xlsx_upload([GOOD_ROW, ("", "TH", "", "x", ""), GOOD_ROW])})
    job = Job.objects.get(kind="catalog_import")
    assert job.status == Job.Status.FAILED
    assert "Thiếu mã mô đun." in [error["message"] for error in job.import_errors]
    assert catalog_snapshot() == before

"""The staff_export job kind end to end: start from the staff list's filters, run eagerly, download, read back."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from accounts import selectors
from accounts.models import Level, Staff
from jobs import jobs
from jobs.models import Job
from jobs.tasks import run_job
from tests.factories import StaffFactory
from tests.jobs.conftest import job_files, make_job
from tests.official_forms import assert_official_form

pytestmark = pytest.mark.django_db

HEADERS = [
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Nơi sinh",
    "Đơn vị",
    "Chức vụ",
    "Cấp học",
    "Tổ chuyên môn",
    "Cốt cán",
    "Trạng thái",
]
FORMULA_NAMES = ['=HYPERLINK("http://x")', "+84 123", "-abc", "@SUM(A1)"]


@pytest.fixture
def start(login, django_capture_on_commit_callbacks):
    """POST to staff_export_start as ``user`` (the task runs eagerly at commit); returns client and response."""

    def _start(user, data=None, query=""):
        client = login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("people:staff_export_start") + query, data or {})
        return client, response

    return _start


def read_export(content):
    """(header row values, data rows as lists of cells, the sheet) of the first sheet; the data rows end at the
    blank row above the signature block."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows())
    header_index = next(index for index, row in enumerate(rows) if row[0].value == "STT")
    end = next(
        (i for i in range(header_index + 1, len(rows)) if all(cell.value is None for cell in rows[i])), len(rows)
    )
    return [cell.value for cell in rows[header_index]], rows[header_index + 1 : end], sheet


def download(client, job):
    response = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_principal_exports_exactly_the_school_list(cast, start):
    a1 = cast.school_a1
    for name in FORMULA_NAMES:
        StaffFactory(unit=a1, full_name=name, birth_place="=1+1")
    StaffFactory(unit=a1, full_name="Đặng Thị Ngọc Ánh", birth_date=datetime.date(1985, 3, 7), is_core_teacher=True)
    StaffFactory(unit=cast.school_a2, full_name="=EVIL()")  # an outsider never appears

    client, response = start(cast.principal_a1)

    job = Job.objects.get(requester=cast.principal_a1)
    assert response.status_code == 302 and response.url == reverse("jobs:job_detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED, job.message
    download_response, content = download(client, job)
    assert "attachment" in download_response["Content-Disposition"]
    assert ".xlsx" in download_response["Content-Disposition"]
    assert download_response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheet")

    headers, rows, sheet = read_export(content)
    assert headers == HEADERS
    in_scope = Staff.objects.filter(unit=a1).count()
    assert len(rows) == in_scope == selectors.staff_search(user=cast.principal_a1).count() == 9
    assert [row[0].value for row in rows] == list(range(1, in_scope + 1))
    assert {row[6].value for row in rows} == {"Trường Tiểu học A1"}
    names = {row[2].value for row in rows}
    assert {"Lê Thị Hoa", "Phạm Văn Minh", "Nguyễn Văn An", "Trần Thị Bình", "Đặng Thị Ngọc Ánh"} <= names
    assert "=EVIL()" not in names and "Hoàng Văn Cường" not in names
    assert job.done == in_scope and job.total == in_scope

    by_name = {row[2].value: row for row in rows}
    for name in FORMULA_NAMES:
        row = by_name[name]
        assert row[2].data_type == "s" and row[2].value == name
        assert row[5].data_type == "s" and row[5].value == "=1+1"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)

    anh = by_name["Đặng Thị Ngọc Ánh"]
    assert anh[3].value == datetime.datetime(1985, 3, 7) and anh[3].number_format == "dd/mm/yyyy"
    assert anh[10].value == "x" and anh[11].value == "Đang công tác" and anh[8].value == "Tiểu học"
    # The school's heading under its Phòng, and its principal's signature block (accounts.letterheads).
    cells = assert_official_form(
        sheet, superior="PHÒNG GD&ĐT HUYỆN A", issuer="TRƯỜNG TIỂU HỌC A1", signer="HIỆU TRƯỞNG", place="A"
    )
    assert cells[-1] == "Lê Thị Hoa"  # the school's only principal signs
    assert sheet["A4"].value == "DANH SÁCH CÁN BỘ, GIÁO VIÊN"


def test_the_screen_filters_are_applied(cast, start):
    StaffFactory(unit=cast.school_a2, full_name="Ngô Thị An", is_active=False)
    data = {"unit": str(cast.phong_a.pk), "level": Level.TH, "active": "1", "q": "an"}
    client, _ = start(cast.so_officer, data)

    job = Job.objects.get(requester=cast.so_officer)
    assert job.params == {"q": "an", "unit": cast.phong_a.pk, "level": "TH", "position": "", "active": "1"}
    _, rows, sheet = read_export(download(client, job)[1])
    # The file is about the unit chosen on the screen: Phòng A's heading, not the Sở's.
    assert_official_form(
        sheet, superior="UBND HUYỆN A", issuer="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", signer="TRƯỞNG PHÒNG", place="A"
    )
    expected = selectors.staff_search(
        user=cast.so_officer, query="an", unit=cast.phong_a, level=Level.TH, active=True
    ).values_list("code", flat=True)
    assert [row[1].value for row in rows] == list(expected)
    assert "Nguyễn Văn An" in {row[2].value for row in rows} and "Ngô Thị An" not in {row[2].value for row in rows}


def test_filters_can_come_from_the_query_string(cast, start):
    client, _ = start(cast.so_officer, query=f"?unit={cast.school_b1.pk}")
    job = Job.objects.get(requester=cast.so_officer)
    _, rows, _ = read_export(download(client, job)[1])
    assert {row[6].value for row in rows} == {"Trường THCS B1"}
    assert len(rows) == Staff.objects.filter(unit=cast.school_b1).count()


def test_a_unit_outside_the_scope_is_refused(cast, start):
    _, response = start(cast.principal_a1, {"unit": str(cast.school_b1.pk)})
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_the_task_recomputes_scope_and_ignores_tampered_parameters(cast, test_job_behaviour):
    """A job whose stored unit is outside the requester's scope fails; it never exports that unit."""
    job = make_job(cast.principal_a1, kind="staff_export", params={"unit": cast.school_z1.pk, "level": "nonsense"})
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "phạm vi" in job.message
    assert job_files(job) == []


def test_junk_parameters_fall_back_to_the_requester_scope(cast):
    job = make_job(cast.teacher_a1, kind="staff_export", params={"level": "<script>", "q": 5, "active": "maybe"})
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    _, rows, sheet = read_export(jobs.job_file_path(job).read_bytes())
    assert [row[2].value for row in rows] == ["Nguyễn Văn An"]  # a teacher sees only their own record
    # No unit chosen: the file covers the user's whole scope and carries the user's own unit.
    assert_official_form(
        sheet, superior="PHÒNG GD&ĐT HUYỆN A", issuer="TRƯỜNG TIỂU HỌC A1", signer="HIỆU TRƯỞNG", place="A"
    )


def test_export_queries_do_not_grow_with_the_list(cast, django_assert_max_num_queries):
    StaffFactory.create_batch(120, unit=cast.school_a1)
    job = make_job(cast.principal_a1, kind="staff_export", params={})
    with django_assert_max_num_queries(15):
        run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.done == 124

"""Job kinds: a whole school's certificates as one PDF, and the corrections list as Excel."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from certificates import job_handlers, services
from certificates.models import Certificate
from jobs.models import Job
from tests.factories import StaffFactory
from tests.official_forms import assert_official_form

from .conftest import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

HEADERS = [
    "STT",
    "Mã cán bộ",
    "Đơn vị",
    "Họ và tên hiện tại",
    "Họ và tên đề nghị",
    "Ngày sinh hiện tại",
    "Ngày sinh đề nghị",
    "Nơi sinh hiện tại",
    "Nơi sinh đề nghị",
    "Lý do",
    "Trạng thái",
]


@pytest.fixture
def start(login, django_capture_on_commit_callbacks):
    def _start(user, url, data=None):
        client = login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data or {})
        return client, response

    return _start


def _download(client, response):
    assert response.status_code == 302
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert download.status_code == 200
    return job, b"".join(download.streaming_content)


def test_manager_prints_the_whole_school_as_one_pdf(cast, year, issued, start):
    url = f"{reverse('certificates:school_pdf', args=[cast.school_a1.pk])}?year={year.pk}"
    client, response = start(cast.principal_a1, url)
    job, content = _download(client, response)
    assert job.kind == job_handlers.SCHOOL_PDF and job.file_name == f"giay-chung-nhan-A1-{year.start_year}.pdf"
    assert content.startswith(b"%PDF")
    pages = pdf_pages(content)
    assert len(pages) == Certificate.objects.filter(school=cast.school_a1, status="VALID").count() == 2
    text = pdf_text(content)
    assert "Nguyễn Thị Hằng" in text and "Nguyễn Văn An" in text


def test_school_pdf_is_refused_outside_scope(cast, year, issued, start):
    url = f"{reverse('certificates:school_pdf', args=[cast.school_a1.pk])}?year={year.pk}"
    for user in (cast.phong_b_officer, cast.teacher_a1, cast.so_z_officer):
        _client, response = start(user, url)
        assert response.status_code == 404
    assert not Job.objects.exists()


def test_school_pdf_job_rechecks_scope_from_the_requester(cast, year, issued):
    from jobs.jobs import JobError

    job = Job(
        requester=cast.phong_b_officer,
        kind=job_handlers.SCHOOL_PDF,
        params={"school": cast.school_a1.pk, "year": year.pk},
    )
    with pytest.raises(JobError):
        job_handlers.school_pdf(job, lambda done, total: None)


def _request(staff, year, user, name, note="Theo giấy khai sinh"):
    return services.personal_data_request_correction(
        staff=staff,
        year=year,
        user=user,
        full_name=name,
        birth_date=datetime.date(1990, 1, 2),
        birth_place="Mộc Châu",
        note=note,
    )


def test_corrections_excel_has_the_headers_and_keeps_formulas_as_text(cast, year, with_birth, start):
    a1 = with_birth(cast.teacher_a1.staff)
    a2 = with_birth(cast.teacher_a2.staff)
    b1 = with_birth(cast.teacher_b1.staff)
    _request(a1, year, cast.teacher_a1, '=HYPERLINK("http://x","Bấm")', note="+84 sai")
    _request(a2, year, cast.teacher_a2, "Hoàng Văn Cường Em")
    _request(b1, year, cast.teacher_b1, "Đỗ Thị Dung Em")
    evil = StaffFactory(
        unit=cast.school_a1, full_name="@SUM(A1)", birth_date=datetime.date(1980, 1, 1), birth_place="-1"
    )
    services.personal_data_request_correction(
        staff=evil,
        year=year,
        user=cast.principal_a1,
        full_name="Lê Văn Tốt",
        birth_date=evil.birth_date,
        birth_place="Sơn La",
        note="-",
    )

    client, response = start(cast.phong_a_officer, f"{reverse('certificates:corrections_export')}?year={year.pk}")
    job, content = _download(client, response)
    assert job.file_name == f"dieu-chinh-thong-tin-PH-A-{year.start_year}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    # The Phòng's heading (the list is about the user's unit) and its head's signature block.
    assert_official_form(
        sheet, superior="UBND HUYỆN A", issuer="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", signer="TRƯỞNG PHÒNG", place="A"
    )
    rows = list(sheet.iter_rows())
    header_index = next(i for i, row in enumerate(rows) if row[0].value == "STT")
    assert [cell.value for cell in rows[header_index]] == HEADERS
    end = next(i for i in range(header_index + 1, len(rows)) if all(cell.value is None for cell in rows[i]))
    data = rows[header_index + 1 : end]
    assert len(data) == 3  # A1 (two) and A2 of Phòng A; B1 belongs to Phòng B
    by_code = {row[1].value: row for row in data}
    assert set(by_code) == {a1.code, a2.code, evil.code}
    formula = by_code[a1.code]
    assert formula[4].value == '=HYPERLINK("http://x","Bấm")' and formula[4].data_type == "s"
    assert formula[3].value == "Nguyễn Văn An" and formula[6].value == datetime.datetime(1990, 1, 2)
    assert formula[9].value == "+84 sai" and formula[9].data_type == "s"
    assert formula[10].value == "Đề nghị điều chỉnh"
    evil_row = by_code[evil.code]
    assert evil_row[3].value == "@SUM(A1)" and evil_row[3].data_type == "s"
    assert evil_row[7].value == "-1" and evil_row[7].data_type == "s"
    assert all(cell.data_type != "f" for row in data for cell in row)


def test_school_manager_exports_only_the_school(cast, year, with_birth, start):
    _request(with_birth(cast.teacher_a1.staff), year, cast.teacher_a1, "Nguyễn Văn Ánh")
    _request(with_birth(cast.teacher_a2.staff), year, cast.teacher_a2, "Hoàng Văn Cường Em")
    client, response = start(cast.principal_a1, f"{reverse('certificates:corrections_export')}?year={year.pk}")
    _job, content = _download(client, response)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Nguyễn Văn Ánh" in values and "Hoàng Văn Cường Em" not in values
    cells = assert_official_form(
        sheet, superior="PHÒNG GD&ĐT HUYỆN A", issuer="TRƯỜNG TIỂU HỌC A1", signer="HIỆU TRƯỞNG", place="A"
    )
    assert cells[-1] == "Lê Thị Hoa"  # the school's principal
    _client, response = start(
        cast.principal_a1, f"{reverse('certificates:corrections_export')}?year={year.pk}", {"unit": cast.school_a2.pk}
    )
    assert response.status_code == 404

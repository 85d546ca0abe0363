"""Large Excel imports run as background jobs: progress, the same all-or-nothing rule, errors on the job page."""

import pytest
from django.urls import reverse

from accounts.models import Staff, User
from jobs import jobs
from jobs.models import Job

from ..people.test_staff_import import IMPORT_URL, row, workbook_bytes, xlsx
from ..people.test_staff_import import upload as staff_upload
from .conftest import stored_inputs


@pytest.fixture(autouse=True)
def small_threshold(settings):
    """Files over five data rows go to a worker, so the tests stay small."""
    settings.IMPORT_BACKGROUND_ROWS = 5


def many_rows(count, **values):
    return [row(code=f"NV{index:03d}", name=f"Nguyễn Văn Số {index}", **values) for index in range(1, count + 1)]


def start(client, url, file, django_capture_on_commit_callbacks, **data):
    """POST the file; the job's task runs (eagerly) once the request's transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": file, **data})
    return response


def test_a_large_staff_file_is_imported_by_a_worker(cast, login, django_capture_on_commit_callbacks):
    client = login(cast.principal_a1)
    before = Staff.objects.count()

    response = start(client, IMPORT_URL, xlsx(many_rows(8)), django_capture_on_commit_callbacks)

    job = Job.objects.get(requester=cast.principal_a1, kind="staff_import")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED
    assert job.message.startswith("Đã nhập 8 dòng: 8 thêm mới, 0 cập nhật, 0 không đổi. 8 tài khoản mới")
    assert (job.done, job.total) == (8, 8)
    assert Staff.objects.count() == before + 8
    record = Staff.objects.get(code="NV008").history.get()
    assert (record.history_user, record.history_change_reason) == (cast.principal_a1, "Nhập từ Excel")
    assert stored_inputs() == [], "the upload is deleted once imported"

    page = client.get(response["Location"])
    assert "Đã nhập 8 dòng" in page.content.decode()
    assert f'href="{IMPORT_URL}"' in page.content.decode()


def test_a_small_file_is_still_imported_at_once(cast, login):
    client = login(cast.principal_a1)
    response = client.post(IMPORT_URL, {"file": xlsx(many_rows(5))}, follow=True)
    assert "Đã nhập 5 dòng" in str(list(response.context["messages"])[0])
    assert not Job.objects.exists()


def test_a_large_file_with_errors_writes_nothing_and_lists_them(cast, login, django_capture_on_commit_callbacks):
    client = login(cast.principal_a1)
    rows = many_rows(8)
    rows[2] = row(code="NV003", name="")
    rows[6] = row(code="NV007", birth="31/02/1990")
    before = Staff.objects.count()

    response = start(client, IMPORT_URL, xlsx(rows), django_capture_on_commit_callbacks)

    job = Job.objects.get(kind="staff_import")
    assert job.status == Job.Status.FAILED
    assert "có 2 lỗi; chưa có dòng nào được ghi" in job.message
    assert [error["row"] for error in job.import_errors] == [4, 8]
    assert job.import_errors[0]["column"] == "Họ và tên"
    assert Staff.objects.count() == before
    assert stored_inputs() == []

    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-errors"' in page
    assert "Chưa nhập họ và tên." in page
    assert 'data-testid="job-upload-again"' in page
    assert reverse("jobs:job_retry", args=[job.pk]) not in page, "the same file would fail the same way"


def test_the_worker_moves_accounts_with_their_records(cast, login, django_capture_on_commit_callbacks):
    teacher = cast.teacher_a1.staff
    rows = many_rows(6) + [row(code=teacher.code, name=teacher.full_name, school=cast.school_a2.code)]
    client = login(cast.phong_a_officer)

    start(client, IMPORT_URL, xlsx(rows), django_capture_on_commit_callbacks)

    assert Job.objects.get(kind="staff_import").status == Job.Status.SUCCEEDED
    assert User.objects.get(pk=cast.teacher_a1.pk).unit == cast.school_a2


def test_the_same_file_twice_while_queued_is_one_job(cast, login, django_capture_on_commit_callbacks):
    client = login(cast.principal_a1)
    content = workbook_bytes(many_rows(8))
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(IMPORT_URL, {"file": staff_upload(content)})
        second = client.post(IMPORT_URL, {"file": staff_upload(content)})
    assert first["Location"] == second["Location"]
    assert Job.objects.count() == 1
    assert len(stored_inputs()) == 1


def test_an_upload_gone_from_the_disk_asks_for_it_again(cast, login, django_capture_on_commit_callbacks):
    client = login(cast.principal_a1)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(IMPORT_URL, {"file": xlsx(many_rows(8))})
    for name in stored_inputs():
        jobs.job_input_discard(name)
    job = Job.objects.get()

    jobs.job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Hãy tải tệp lên lại" in job.message
    assert job.details["upload_again"] is True


def test_nobody_else_sees_the_import_job(cast, login, django_capture_on_commit_callbacks):
    response = start(login(cast.principal_a1), IMPORT_URL, xlsx(many_rows(8)), django_capture_on_commit_callbacks)
    other = login(cast.phong_a_officer)  # even the school's superior
    assert other.get(response["Location"]).status_code == 404


@pytest.mark.parametrize("name", ["../etc/passwd", "1-abc.xlsx", "", None, 7, "12-" + "0" * 40 + ".xlsx/.."])
def test_a_stored_input_name_from_params_is_checked(name):
    assert jobs.job_input_open(name) is None


def test_the_import_pages_say_when_a_file_goes_to_the_background(cast, login):
    page = login(cast.principal_a1).get(IMPORT_URL).content.decode()
    assert "Tệp trên 5 dòng được kiểm tra và ghi ở chế độ chạy nền" in page

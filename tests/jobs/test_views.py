"""Job pages: only the requester sees a job; the progress part polls every 2 s until the job is finished."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs import jobs
from jobs.models import Job

from .conftest import make_job

pytestmark = pytest.mark.django_db


def _succeeded(user, content=b"PK data"):
    job = make_job(user, title="Danh sách thử")
    claimed = jobs.job_claim(job_id=job.pk)
    return jobs.job_succeed(job=claimed, filename="danh-sach.xlsx", content=content)


def test_the_requester_downloads_the_file(cast, login):
    job = _succeeded(cast.principal_a1)
    response = login(cast.principal_a1).get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK data"
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach.xlsx"'
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", ["teacher_a1", "so_officer", "phong_a_officer", "admin", "teacher_z1"])
def test_nobody_else_sees_or_downloads_a_job(cast, login, name):
    job = _succeeded(cast.principal_a1)
    client = login(getattr(cast, name))
    for url_name in ("job_download", "job_detail", "job_progress"):
        assert client.get(reverse(f"jobs:{url_name}", args=[job.pk])).status_code == 404, url_name
    for url_name in ("job_retry", "job_cancel"):
        assert client.post(reverse(f"jobs:{url_name}", args=[job.pk])).status_code == 404, url_name


def test_anonymous_users_are_sent_to_login(cast, client):
    job = _succeeded(cast.principal_a1)
    response = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 302 and reverse("login") in response.url


def test_a_poll_after_the_session_ended_sends_the_page_to_login(cast, client):
    job = make_job(cast.principal_a1, status=Job.Status.RUNNING)
    url = reverse("jobs:job_progress", args=[job.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert reverse("jobs:job_detail", args=[job.pk]) in response["HX-Redirect"]
    assert client.get(url).status_code == 302


def test_the_job_page_polls_every_two_seconds_while_running(cast, login):
    job = make_job(cast.principal_a1, status=Job.Status.RUNNING, done=50, total=200)
    client = login(cast.principal_a1)
    progress_url = reverse("jobs:job_progress", args=[job.pk])

    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and f'hx-get="{progress_url}"' in page

    partial = client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in partial and 'hx-swap="outerHTML"' in partial
    assert "25%" in partial and "50/200" in partial
    assert '<progress class="w-100" max="100" value="25"' in partial
    assert "<html" not in partial and "<script" not in partial


def test_the_progress_part_stops_polling_and_offers_the_file_when_done(cast, login):
    job = _succeeded(cast.principal_a1)
    partial = login(cast.principal_a1).get(reverse("jobs:job_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in partial
    assert reverse("jobs:job_download", args=[job.pk]) in partial and "danh-sach.xlsx" in partial


def test_a_failed_job_shows_its_message_and_offers_a_retry(cast, login):
    job = make_job(cast.principal_a1, status=Job.Status.FAILED, message="Đơn vị đã chọn không còn thuộc phạm vi.")
    page = login(cast.principal_a1).get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "Đơn vị đã chọn không còn thuộc phạm vi." in page
    assert reverse("jobs:job_retry", args=[job.pk]) in page and "hx-trigger" not in page


def test_an_expired_job_says_so_and_serves_no_file(cast, login):
    job = _succeeded(cast.principal_a1)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    jobs.job_expire_old()
    client = login(cast.principal_a1)
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "Đã hết hạn" in page and reverse("jobs:job_download", args=[job.pk]) not in page
    response = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 302 and response.url == reverse("jobs:job_detail", args=[job.pk])
    listing = client.get(reverse("jobs:job_list")).content.decode()
    assert "Đã hết hạn" in listing


def test_my_jobs_lists_only_my_jobs_with_pages(cast, login):
    for number in range(30):
        make_job(cast.principal_a1, title=f"Việc số {number}")
    make_job(cast.teacher_a1, title="Việc của người khác")
    client = login(cast.principal_a1)
    first = client.get(reverse("jobs:job_list")).content.decode()
    assert "Việc số 29" in first and "Việc của người khác" not in first and "Trang 1/2" in first
    second = client.get(reverse("jobs:job_list") + "?page=2").content.decode()
    assert "Việc số 0<" in second


def test_every_role_has_my_jobs_in_the_menu(cast, login):
    for user in (cast.teacher_a1, cast.principal_a1, cast.so_officer, cast.admin):
        page = login(user).get(reverse("home")).content.decode()
        assert 'data-nav="my_jobs"' in page and "Tệp xuất, nhập của tôi" in page


def test_retry_and_cancel(cast, login, test_job_behaviour, django_capture_on_commit_callbacks):
    client = login(cast.principal_a1)
    waiting = make_job(cast.principal_a1)
    client.post(reverse("jobs:job_cancel", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == Job.Status.CANCELLED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:job_retry", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == Job.Status.SUCCEEDED


def test_starting_an_export_needs_a_post(cast, login):
    client = login(cast.principal_a1)
    assert client.get(reverse("people:staff_export_start")).status_code == 405
    assert not Job.objects.exists()

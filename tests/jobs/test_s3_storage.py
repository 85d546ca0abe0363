"""Job files in an S3 bucket (several web hosts): against a real S3-compatible server (moto in server mode).

A worker stores its result in the bucket, a web host checks the requester and sends them to the bucket with a link
signed for a minute (or streams the file from the bucket); uploads waiting for an import are kept in the bucket
too; expiry, failures and the janitor delete there. Nothing stays on the hosts' disks.
"""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Staff
from jobs import jobs
from jobs.models import Job
from jobs.tasks import run_job

from ..people.test_staff_import import IMPORT_URL, row, xlsx
from .conftest import make_job
from .s3_server import ACCESS_KEY, REGION, SECRET_KEY, bucket_fixture, fetch, server_fixture  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(login, user, django_capture_on_commit_callbacks):
    """The staff list exported by ``user`` through the page; the worker's task runs (eagerly) at commit."""
    client = login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:staff_export_start"))
    job = Job.objects.get(requester=user)
    assert job.status == Job.Status.SUCCEEDED, job.message
    return client, job


def test_an_export_is_stored_in_the_bucket_and_downloaded_by_a_short_signed_link(
    cast, login, s3, django_capture_on_commit_callbacks
):
    client, job = _export(login, cast.principal_a1, django_capture_on_commit_callbacks)

    assert s3.keys() == [job.file_path] and job.file_path.startswith(f"jobs/{job.pk}/")
    stored = s3.read(job.file_path)
    assert len(stored) == job.file_size and s3.local_files() == []

    response = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    link = urlsplit(response["Location"])
    assert f"{link.scheme}://{link.netloc}" == s3.endpoint and link.path == f"/{s3.name}/{job.file_path}"
    query = parse_qs(link.query)
    assert query["X-Amz-Expires"] == ["60"] and query["X-Amz-Signature"]

    status, headers, body = fetch(response["Location"])
    assert status == 200 and body == stored
    assert headers["Content-Type"] == XLSX
    assert headers["Content-Disposition"].startswith("attachment;") and ".xlsx" in headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert any(cell.value == "DANH SÁCH CÁN BỘ, GIÁO VIÊN" for row_ in sheet.iter_rows() for cell in row_)

    # The bucket is private: without the signature the same address is refused.
    assert fetch(f"{s3.endpoint}/{s3.name}/{job.file_path}")[0] == 403


@pytest.mark.parametrize("name", ["teacher_a1", "phong_a_officer", "so_officer", "teacher_z1"])
def test_nobody_else_gets_a_link(cast, login, s3, name):
    job = make_job(cast.principal_a1)
    jobs.job_succeed(job=jobs.job_claim(job_id=job.pk), filename="danh-sach.xlsx", content=b"PK data")
    response = login(getattr(cast, name)).get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 404 and "Location" not in response


def test_without_redirects_the_file_is_streamed_from_the_bucket(cast, login, s3, settings):
    settings.PRIVATE_STORAGE_REDIRECT = False
    job = make_job(cast.principal_a1)
    job = jobs.job_succeed(job=jobs.job_claim(job_id=job.pk), filename="danh-sach.xlsx", content=b"PK data")
    assert s3.read(job.file_path) == b"PK data"

    response = login(cast.principal_a1).get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK data"
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach.xlsx"'
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"


def test_a_file_gone_from_the_bucket_is_404(cast, login, s3):
    job = make_job(cast.principal_a1)
    job = jobs.job_succeed(job=jobs.job_claim(job_id=job.pk), filename="a.xlsx", content=b"PK data")
    s3.client.delete_object(Bucket=s3.name, Key=job.file_path)
    assert login(cast.principal_a1).get(reverse("jobs:job_download", args=[job.pk])).status_code == 404


def test_a_failed_job_leaves_nothing_in_the_bucket_or_on_the_disk(cast, s3, test_job_behaviour):
    def crash(job, progress):
        jobs.job_temp_path(job=job, suffix=".txt").write_bytes(b"half")
        raise RuntimeError("boom")

    test_job_behaviour["action"] = crash
    job = make_job(cast.teacher_a1)
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert s3.keys() == [] and s3.local_files() == []


def test_a_rerun_keeps_one_file_in_the_bucket(cast, s3, test_job_behaviour):
    """A worker died after storing a result (before the row said so): the rerun's file is the only one kept."""
    job = make_job(cast.teacher_a1)
    jobs.job_claim(job_id=job.pk, task_id="dead-worker")
    s3.put(f"jobs/{job.pk}/0123456789abcdef.txt", b"the lost worker's file")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))

    run_job.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2
    assert s3.keys() == [job.file_path] and s3.read(job.file_path) == "Xin chào, Việt Nam".encode()
    assert s3.local_files() == []


def test_expiry_and_the_janitor_delete_in_the_bucket(cast, s3, settings):
    settings.JOB_STALE_SECONDS = 600
    old, fresh = make_job(cast.teacher_a1), make_job(cast.teacher_a1)
    old, fresh = (
        jobs.job_succeed(job=jobs.job_claim(job_id=job.pk), filename="a.xlsx", content=b"PK data")
        for job in (old, fresh)
    )
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    orphan = "jobs/999999/0123456789abcdef.xlsx"  # a job deleted between two steps
    s3.put(orphan, b"PK orphan")
    old_input = f"job-inputs/{cast.teacher_a1.pk}-{'0' * 40}.xlsx"
    s3.put(old_input, b"PK input")

    assert jobs.job_expire_old() == 1
    old.refresh_from_db()
    assert old.status == Job.Status.EXPIRED
    # The orphan and the upload are too recent to be swept yet (a worker may still be writing).
    assert s3.keys() == sorted([fresh.file_path, orphan, old_input])

    later = timezone.now() + datetime.timedelta(hours=jobs.ttl_hours(), minutes=1)
    Job.objects.filter(pk=fresh.pk).update(expires_at=later + datetime.timedelta(days=1))
    jobs.job_expire_old(now=later)
    assert s3.keys() == [fresh.file_path]


def test_a_large_import_keeps_its_upload_in_the_bucket_until_imported(
    cast, login, s3, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 5
    client = login(cast.principal_a1)
    before = Staff.objects.count()
    rows = [row(code=f"NV{index:03d}", name=f"Nguyễn Văn Số {index}") for index in range(1, 9)]
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(IMPORT_URL, {"file": xlsx(rows)})
    job = Job.objects.get(requester=cast.principal_a1, kind="staff_import")
    assert response.status_code == 302 and job.status == Job.Status.PENDING
    assert s3.keys() == [f"job-inputs/{job.params['input']}"] and s3.local_files() == []

    run_job.apply(args=[job.pk])  # a worker on another host: it reads the upload from the bucket

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert Staff.objects.count() == before + 8
    assert s3.keys() == [] and s3.local_files() == []


def test_the_environment_switches_the_private_storage_to_the_bucket(s3):
    """Production settings with only the bucket's variables set: files go to the bucket, privately."""
    script = (
        "import django; django.setup()\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "name = s.save('evidence/thu.txt', ContentFile(b'du lieu'))\n"
        "print(name, type(s._wrapped).__name__, s.default_acl, s.querystring_auth, s.querystring_expire,"
        " s.file_overwrite)\n"
    )
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "bdtx.settings.production",
        "SECRET_KEY": "x" * 50,
        "BDTX_VAR_DIR": str(Path(django_settings.PRIVATE_MEDIA_ROOT).parent / "var"),
        "AWS_STORAGE_BUCKET_NAME": s3.name,
        "AWS_S3_ENDPOINT_URL": s3.endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_S3_REGION_NAME": REGION,
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["evidence/thu.txt", "S3Storage", "private", "True", "60", "False"]
    assert s3.read("evidence/thu.txt") == b"du lieu"

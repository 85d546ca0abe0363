"""A job counts what it makes: five certificates are "5 giấy chứng nhận", not "5 dòng"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import job_handlers
from jobs.models import Job

pytestmark = pytest.mark.django_db


def _job(user, kind, status, done):
    return Job.objects.create(
        requester=user,
        kind=kind,
        status=status,
        done=done,
        total=5,
        file_path="jobs/x.pdf" if status == Job.Status.SUCCEEDED else "",
        file_name="giay-chung-nhan-A1-2025.pdf",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )


def test_a_finished_certificate_print_counts_certificates(cast, login):
    job = _job(cast.principal_a1, job_handlers.SCHOOL_PDF, Job.Status.SUCCEEDED, 5)

    page = login(cast.principal_a1).get(reverse("jobs:job_detail", args=[job.pk])).content.decode()

    assert "Đã xong: 5 giấy chứng nhận." in page
    assert "5 dòng" not in page


def test_a_running_certificate_print_counts_certificates(cast, login):
    job = _job(cast.principal_a1, job_handlers.SCHOOL_PDF, Job.Status.RUNNING, 2)

    page = login(cast.principal_a1).get(reverse("jobs:job_progress", args=[job.pk])).content.decode()

    assert "đã xử lý 2/5 giấy chứng nhận" in page
    assert "dòng" not in page


def test_an_excel_list_still_counts_rows(cast, login):
    job = _job(cast.principal_a1, job_handlers.CORRECTIONS_EXPORT, Job.Status.SUCCEEDED, 5)

    page = login(cast.principal_a1).get(reverse("jobs:job_detail", args=[job.pk])).content.decode()

    assert "Đã xong: 5 dòng." in page

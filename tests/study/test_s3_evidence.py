"""Evidence and signed report scans in an S3 bucket (several web hosts), against a real S3-compatible server (moto
in server mode): stored in the bucket, never on the host's disk; downloaded in scope only, by a link signed for a
minute; shown inline (a photo, a PDF) streamed from the bucket with the page's headers; deleted from the bucket."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import chain
from study import uploads
from study.models import Evidence
from tests.jobs.s3_server import bucket_fixture, fetch, server_fixture  # noqa: F401 (fixtures)
from tests.reports.test_ministry import MISSING_REASON
from tests.study.test_study import make_plan
from tests.study.test_uploads import PDF_BYTES, PNG_BYTES, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

OUTSIDERS = ["teacher_a1_other_group", "teacher_a2", "teacher_b1", "teacher_z1", "phong_b_officer", "so_z_officer"]


@pytest.fixture
def item(cast, year, th_modules):
    return make_plan(cast.teacher_a1.staff, year, th_modules[:4]).items.get(module__code="TH1")


@pytest.fixture
def evidence(cast, login, item, s3):
    """A PDF and a photo sent with a study log through the page, by the teacher."""
    response = login(cast.teacher_a1).post(
        reverse("study:study_log_add", args=[item.pk]),
        {
            "date": "2025-11-02",
            "hours": "2",
            "description": "Thu hoạch mô đun",
            "files": [upload("biên bản.pdf", PDF_BYTES), upload("anh.png", PNG_BYTES)],
        },
    )
    assert response.status_code == 302
    return {e.content_type: e for e in Evidence.objects.all()}


def test_evidence_is_stored_in_the_bucket_only(evidence, s3):
    pdf, png = evidence[uploads.PDF], evidence[uploads.PNG]
    assert s3.keys() == sorted([pdf.file.name, png.file.name])
    assert pdf.file.name.startswith("evidence/") and pdf.file.name.endswith(".pdf")
    assert s3.read(pdf.file.name) == PDF_BYTES and s3.read(png.file.name) == PNG_BYTES
    assert s3.local_files() == []
    # The bucket is private: its address without a signature is refused.
    assert fetch(f"{s3.endpoint}/{s3.name}/{pdf.file.name}")[0] == 403


@pytest.mark.parametrize("who", ["teacher_a1", "principal_a1", "phong_a_officer"])
def test_in_scope_the_download_is_a_short_signed_link_to_the_file(cast, login, evidence, s3, who):
    pdf = evidence[uploads.PDF]
    response = login(getattr(cast, who)).get(reverse("study:evidence_download", args=[pdf.pk]))
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    link = urlsplit(response["Location"])
    assert f"{link.scheme}://{link.netloc}" == s3.endpoint and parse_qs(link.query)["X-Amz-Expires"] == ["60"]

    status, headers, body = fetch(response["Location"])
    assert status == 200 and body == PDF_BYTES
    assert headers["Content-Type"] == uploads.PDF
    assert headers["Content-Disposition"].startswith("attachment;")
    assert f"utf-8''{quote('biên bản.pdf')}" in headers["Content-Disposition"]  # the owner's name


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outside_scope_there_is_no_link(cast, login, evidence, who):
    client = login(getattr(cast, who))
    for url_name in ("study:evidence_download", "study:evidence_preview"):
        response = client.get(reverse(url_name, args=[evidence[uploads.PDF].pk]))
        assert response.status_code == 404 and "Location" not in response, url_name


def test_a_photo_is_shown_inline_streamed_from_the_bucket(cast, login, evidence):
    response = login(cast.principal_a1).get(reverse("study:evidence_preview", args=[evidence[uploads.PNG].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert response["Content-Type"] == uploads.PNG and response["Content-Disposition"].startswith("inline;")
    assert "sandbox" in response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"


def test_deleted_evidence_leaves_the_bucket(cast, login, evidence, s3, django_capture_on_commit_callbacks):
    png = evidence[uploads.PNG]
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.teacher_a1).post(reverse("study:evidence_delete", args=[png.pk]))
    assert response.status_code == 302
    assert s3.keys() == [evidence[uploads.PDF].file.name]


def test_the_signed_report_scan_is_kept_in_the_bucket_and_in_scope(cast, login, year, s3):
    chain.report_submit(unit=cast.so, year=year, user=cast.so_officer, allow_missing=True, reason=MISSING_REASON)
    client = login(cast.so_officer)
    scan = SimpleUploadedFile("bao-cao-da-ky.pdf", PDF_BYTES)
    page = client.post(reverse("reports:ministry_scan"), {"year": year.pk, "scan": scan}, follow=True)
    assert "Đã lưu bản chụp văn bản đã ký" in page.content.decode()
    (key,) = s3.keys()
    assert key.startswith("reports/") and s3.read(key) == PDF_BYTES and s3.local_files() == []

    response = client.get(reverse("reports:ministry_scan_download"), {"year": year.pk})
    assert response.status_code == 302
    status, headers, body = fetch(response["Location"])
    assert status == 200 and body == PDF_BYTES and "bao-cao-da-ky.pdf" in headers["Content-Disposition"]
    outsider = login(cast.so_z_officer).get(reverse("reports:ministry_scan_download"), {"year": year.pk})
    assert outsider.status_code == 404 and "Location" not in outsider


def test_a_bucket_that_does_not_answer_is_a_plain_message_not_a_server_error(cast, login, item, s3, settings):
    # The bucket named in the settings is gone (deleted, or a wrong name): nothing is kept, the teacher is told why.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"]}},
    }
    settings.STORAGES["default"]["OPTIONS"]["bucket_name"] = f"{s3.name}-khong-con"
    response = login(cast.teacher_a1).post(
        reverse("study:study_log_add", args=[item.pk]),
        {"date": "2025-11-02", "hours": "2", "description": "Thu hoạch", "files": [upload("a.pdf", PDF_BYTES)]},
    )
    assert response.status_code == 200
    assert "Kho lưu trữ tệp không trả lời" in response.content.decode()
    assert not Evidence.objects.exists() and s3.keys() == []

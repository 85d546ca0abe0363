"""Uploads a phone can do (issue 20): several files sent at once are kept or refused each on its own, the page's
uploader gets one JSON entry per file, and a photo or a PDF is shown in the browser to whoever may download it."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.urls import reverse

from core.http import private_file_response
from study import services as study
from study import uploads
from study.models import Evidence
from tests.study.test_study import log_on, make_plan
from tests.study.test_uploads import DOCX_BYTES, EXE_BYTES, JPEG_BYTES, PDF_BYTES, PNG_BYTES, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today", "private_media")]

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest", "HTTP_ACCEPT": "application/json"}


@pytest.fixture
def log(cast, year, th_modules):
    item = make_plan(cast.teacher_a1.staff, year, th_modules[:1]).items.get()
    return log_on(item, cast.teacher_a1)


def _add(client, log, *files, **extra):
    return client.post(reverse("study:evidence_add", args=[log.pk]), {"files": list(files)}, **extra)


def _files_on_disk():
    return sorted(path for path in Path(django_settings.MEDIA_ROOT).rglob("*") if path.is_file())


# --- several files, each on its own --------------------------------------------------------------------------


def test_several_files_at_once_keep_the_good_ones_and_name_the_refused_one(cast, login, log):
    response = _add(
        login(cast.teacher_a1),
        log,
        upload("bien-ban.pdf", PDF_BYTES),
        upload("bai-thu-hoach.pdf", EXE_BYTES, "application/pdf"),
        upload("anh.png", PNG_BYTES),
        follow=True,
    )
    body = response.content.decode()
    assert sorted(log.evidence.values_list("original_name", "content_type")) == [
        ("anh.png", uploads.PNG),
        ("bien-ban.pdf", uploads.PDF),
    ]
    assert "Đã thêm 2 tệp minh chứng." in body
    assert "Tệp “bai-thu-hoach.pdf” không phải PDF, DOCX, XLSX, JPG hoặc PNG" in body
    assert len(_files_on_disk()) == 2


def test_the_uploader_gets_one_json_entry_per_file_in_order(cast, login, log):
    response = _add(
        login(cast.teacher_a1),
        log,
        upload("anh.jpg", JPEG_BYTES),
        upload("rong.pdf", b""),
        upload("cu.docx", EXE_BYTES),
        upload("bang.xlsx", PDF_BYTES),  # judged by content: kept as a PDF
        **XHR,
    )
    assert response.status_code == 200
    answer = response.json()
    kept = {evidence.original_name: evidence for evidence in log.evidence.all()}
    assert answer["added"] == 2
    assert answer["files"] == [
        {"name": "anh.jpg", "ok": True, "id": kept["anh.jpg"].pk, "size": "1 KB"},
        {"name": "rong.pdf", "ok": False, "message": "Tệp “rong.pdf” rỗng."},
        {
            "name": "cu.docx",
            "ok": False,
            "message": "Tệp “cu.docx” không phải PDF, DOCX, XLSX, JPG hoặc PNG nên không được nhận. "
            "Hãy chọn đúng tệp minh chứng.",
        },
        {"name": "bang.xlsx", "ok": True, "id": kept["bang.pdf"].pk, "size": "1 KB"},  # the name as chosen
    ]
    assert kept["bang.pdf"].content_type == uploads.PDF


def test_one_refused_file_on_its_own_is_a_400_with_its_reason(cast, login, log, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = _add(login(cast.teacher_a1), log, upload("lon.pdf", PDF_BYTES + b"0" * 4096), **XHR)
    assert response.status_code == 400
    (entry,) = response.json()["files"]
    assert entry["ok"] is False and "vượt quá giới hạn 1 KB" in entry["message"]
    assert not Evidence.objects.exists()


def test_files_past_the_tenth_are_refused_and_the_ones_that_fit_kept(cast, login, log):
    for number in range(study.MAX_FILES_PER_LOG - 1):
        Evidence.objects.create(
            log=log,
            file=ContentFile(PDF_BYTES, name=f"{number}.pdf"),
            original_name=f"{number}.pdf",
            content_type=uploads.PDF,
            size=len(PDF_BYTES),
            uploaded_by=cast.teacher_a1,
        )
    response = _add(
        login(cast.teacher_a1), log, upload("muoi.pdf", PDF_BYTES), upload("muoi-mot.png", PNG_BYTES), **XHR
    )
    assert [entry["ok"] for entry in response.json()["files"]] == [True, False]
    assert response.json()["files"][1]["message"] == (
        "Tệp “muoi-mot.png” chưa được thêm: mỗi nhật ký có tối đa 10 tệp minh chứng."
    )
    assert log.evidence.count() == study.MAX_FILES_PER_LOG


def test_a_full_disk_keeps_the_files_written_before_it_filled(cast, login, log, settings):
    from tests.study.full_disk import FullDiskStorage

    settings.STORAGES = {**django_settings.STORAGES, "default": {"BACKEND": "tests.study.full_disk.FullDiskStorage"}}
    FullDiskStorage.free_bytes = len(PDF_BYTES) + 100  # room for the first file only
    big = PDF_BYTES + b"%" + b"0" * 64 * 1024
    response = _add(
        login(cast.teacher_a1),
        log,
        upload("nho.pdf", PDF_BYTES),
        upload("lon.pdf", big),
        upload("anh.png", PNG_BYTES),
        **XHR,
    )
    files = response.json()["files"]
    assert [entry["ok"] for entry in files] == [True, False, False]
    assert all("hết chỗ lưu tệp" in entry["message"] for entry in files[1:])
    assert list(log.evidence.values_list("original_name", flat=True)) == ["nho.pdf"]
    assert _files_on_disk() == [Path(log.evidence.get().file.path)]  # the partial file of lon.pdf is gone


@pytest.mark.parametrize(
    ("who", "status", "message"),
    [("principal_a1", 400, "Chỉ người có kế hoạch"), ("teacher_a2", 404, None)],
)
def test_only_the_owner_adds_evidence_through_the_uploader(cast, login, log, who, status, message):
    response = _add(login(getattr(cast, who)), log, upload("a.pdf", PDF_BYTES), **XHR)
    assert response.status_code == status
    if message:
        assert message in response.json()["message"]
    assert not Evidence.objects.exists()


def test_no_evidence_through_the_uploader_once_confirmed(cast, login, log):
    study.study_log_confirm(logs=[log], by=cast.principal_a1)
    response = _add(login(cast.teacher_a1), log, upload("a.pdf", PDF_BYTES), **XHR)
    assert response.status_code == 400
    assert response.json() == {
        "message": "Nhật ký đã được xác nhận nên không thêm minh chứng được nữa.",
        "files": [],
    }
    assert not Evidence.objects.exists()


# --- the pages ---------------------------------------------------------------------------------------------------


def test_the_log_page_offers_files_and_the_camera(cast, login, log):
    body = login(cast.teacher_a1).get(reverse("study:study_log_detail", args=[log.pk])).content.decode()
    assert 'data-evidence-upload="each"' in body
    assert f'data-max-bytes="{django_settings.UPLOAD_MAX_BYTES}"' in body
    assert 'multiple accept="image/*,.pdf,.docx,.xlsx"' in body
    assert 'accept="image/*" capture="environment"' in body
    assert ">Chọn tệp</button>" in body and ">Chụp ảnh</button>" in body
    assert "mỗi tệp không quá 10 MB" in body
    assert "js/evidence_upload.js" in body and "vendor/image-compression/browser-image-compression.js" in body


def test_the_new_log_form_offers_the_camera_too(cast, login, log):
    body = login(cast.teacher_a1).get(reverse("study:study_log_add", args=[log.item.pk])).content.decode()
    assert 'data-evidence-upload="form"' in body
    assert 'accept="image/*" capture="environment"' in body
    assert "js/evidence_upload.js" in body


def test_a_confirmer_sees_no_upload_form(cast, login, log):
    body = login(cast.principal_a1).get(reverse("study:study_log_detail", args=[log.pk])).content.decode()
    assert "data-evidence-picker" not in body and "evidence_upload.js" not in body


@pytest.fixture
def evidence(cast, log):
    """A photo, a PDF and a Word file on the teacher's log."""
    study.evidence_attach(
        log=log,
        by=cast.teacher_a1,
        files=[upload("anh lop.png", PNG_BYTES), upload("bien-ban.pdf", PDF_BYTES), upload("bai.docx", DOCX_BYTES)],
    )
    return {evidence.content_type: evidence for evidence in log.evidence.all()}


def test_the_list_shows_thumbnails_and_preview_links_but_not_for_word(cast, login, log, evidence):
    body = login(cast.group_head_a1).get(reverse("study:study_log_detail", args=[log.pk])).content.decode()
    photo, pdf, docx = evidence[uploads.PNG], evidence[uploads.PDF], evidence[uploads.DOCX]
    preview = reverse("study:evidence_preview", args=[photo.pk])
    assert f'src="{preview}" alt="anh lop.png" width="64" height="48" loading="lazy"' in body
    assert body.count('data-testid="evidence-thumb"') == 1
    assert f'href="{reverse("study:evidence_preview", args=[pdf.pk])}" target="_blank" rel="noopener"' in body
    assert reverse("study:evidence_preview", args=[docx.pk]) not in body
    assert reverse("study:evidence_download", args=[docx.pk]) in body


# --- the preview --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["teacher_a1", "group_head_a1", "principal_a1", "phong_a_officer", "so_officer"])
def test_a_photo_is_shown_inline_with_headers_that_run_nothing(cast, login, evidence, who):
    response = login(getattr(cast, who)).get(reverse("study:evidence_preview", args=[evidence[uploads.PNG].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == uploads.PNG
    assert response["Content-Disposition"].startswith("inline;") and "anh lop.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none';") and policy.endswith("; sandbox")
    assert "script-src" not in policy and "frame-ancestors 'none'" in policy
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_a_pdf_is_shown_inline_by_the_browsers_viewer(cast, login, evidence):
    response = login(cast.teacher_a1).get(reverse("study:evidence_preview", args=[evidence[uploads.PDF].pk]))
    assert response["Content-Type"] == uploads.PDF
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none';") and "object-src 'self'" in policy
    assert "script-src" not in policy and "sandbox" not in policy  # a sandboxed document may not host the viewer


def test_a_word_file_has_no_preview(cast, login, evidence):
    client = login(cast.teacher_a1)
    docx = evidence[uploads.DOCX]
    assert client.get(reverse("study:evidence_preview", args=[docx.pk])).status_code == 404
    assert client.get(reverse("study:evidence_download", args=[docx.pk]))["Content-Disposition"].startswith(
        "attachment;"
    )


@pytest.mark.parametrize(
    "who", ["teacher_a1_other_group", "teacher_a2", "teacher_b1", "phong_b_officer", "so_z_officer"]
)
def test_no_preview_outside_scope(cast, login, evidence, who):
    # (tests/scoping_cases.py runs the other outsiders, the principal of school A2 among them.)
    response = login(getattr(cast, who)).get(reverse("study:evidence_preview", args=[evidence[uploads.PNG].pk]))
    assert response.status_code == 404


def test_preview_needs_login(client, evidence):
    response = client.get(reverse("study:evidence_preview", args=[evidence[uploads.PNG].pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_only_pictures_and_pdfs_are_ever_sent_inline(cast, evidence):
    with pytest.raises(ValueError, match="never sent inline"):
        private_file_response(evidence[uploads.DOCX].file, filename="bai.docx", content_type=uploads.DOCX, inline=True)

"""Evidence uploads: checked by content (not by name) and size, stored outside the web root, served only in scope."""

import base64
import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from study import services as study
from study import uploads
from study.models import Evidence, StudyLog
from study.services import StudyError
from tests.study.conftest import TODAY
from tests.study.test_study import log_on, make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today", "private_media")]

PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
OLE_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCX_BYTES = zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w:document/>"})
XLSX_BYTES = zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": "<workbook/>"})


def upload(name, data, content_type="application/octet-stream"):
    # The browser's content type is deliberately wrong or generic: it must never be trusted.
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def item(cast, year, th_modules):
    return make_plan(cast.teacher_a1.staff, year, th_modules[:4]).items.get(module__code="TH1")


# --- content checks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("bien-ban.pdf", PDF_BYTES, uploads.PDF),
        ("anh.png", PNG_BYTES, uploads.PNG),
        ("anh.JPG", JPEG_BYTES, uploads.JPEG),
        ("bai-thu-hoach.docx", DOCX_BYTES, uploads.DOCX),
        ("bang-diem.xlsx", XLSX_BYTES, uploads.XLSX),
        ("doi-ten.png", PDF_BYTES, uploads.PDF),  # judged by content: a PDF named .png is a PDF
    ],
)
def test_allowed_types_detected_by_content(name, data, mime):
    assert uploads.validate_upload(upload(name, data, "image/png")) == mime


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bai-thu-hoach.pdf", EXE_BYTES, "không phải PDF, DOCX, XLSX, JPG hoặc PNG"),
        ("tai-lieu.docx", zip_bytes({"readme.txt": "hello"}), "không phải PDF"),
        ("slide.docx", zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": "<p/>"}), "không phải"),
        ("hong.docx", b"PK\x03\x04 not really a zip", "không phải PDF"),
        ("cu.doc", OLE_BYTES, "DOC/XLS"),
        ("ghi-chu.txt", b"just some text", "không phải PDF"),
        ("trang.html", b"<html><script>alert(1)</script></html>", "không phải PDF"),
        ("rong.pdf", b"", "rỗng"),
        (
            "macro.docx",
            zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w/>", "word/vbaProject.bin": "x"}),
            "macro",
        ),
    ],
)
def test_refused_types_have_a_clear_message(name, data, message):
    with pytest.raises(StudyError, match=message) as error:
        uploads.validate_upload(upload(name, data, "application/pdf"))
    assert name in str(error.value)


def test_oversized_file_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(StudyError, match="vượt quá giới hạn 1 KB"):
        uploads.validate_upload(upload("lon.pdf", PDF_BYTES + b"0" * 2048))
    assert uploads.validate_upload(upload("nho.pdf", PDF_BYTES)) == uploads.PDF


def test_download_name_takes_the_real_extension():
    assert uploads.download_name("anh.jpeg", uploads.JPEG) == "anh.jpeg"
    assert uploads.download_name("doi-ten.png", uploads.PDF) == "doi-ten.pdf"
    assert uploads.download_name("../../etc/passwd", uploads.PDF) == "passwd.pdf"


# --- attaching through the service ---------------------------------------------------------------------------


def test_log_with_files_stores_them_outside_the_web_root(cast, item, private_media):
    log = log_on(item, cast.teacher_a1, files=[upload("a.pdf", PDF_BYTES), upload("b.png", PNG_BYTES)])
    stored = list(log.evidence.order_by("id"))
    assert [(e.original_name, e.content_type, e.size) for e in stored] == [
        ("a.pdf", uploads.PDF, len(PDF_BYTES)),
        ("b.png", uploads.PNG, len(PNG_BYTES)),
    ]
    for evidence in stored:
        path = Path(evidence.file.path)
        assert path.is_relative_to(private_media) and path.read_bytes()
        assert not path.is_relative_to(Path(django_settings.BASE_DIR) / "static")
        assert evidence.file.name.startswith("evidence/")


def test_one_bad_file_keeps_nothing(cast, item, private_media):
    with pytest.raises(StudyError, match="virus.pdf"):
        log_on(item, cast.teacher_a1, files=[upload("a.pdf", PDF_BYTES), upload("virus.pdf", EXE_BYTES)])
    assert not StudyLog.objects.exists() and not Evidence.objects.exists()
    assert not any(Path(private_media).rglob("*.*"))


def test_attach_to_someone_elses_log_refused(cast, item):
    log = log_on(item, cast.teacher_a1)
    for user in [cast.principal_a1, cast.group_head_a1, cast.teacher_a2]:
        with pytest.raises(StudyError, match="Chỉ người có kế hoạch"):
            study.evidence_attach(log=log, by=user, files=[upload("a.pdf", PDF_BYTES)])
    assert not Evidence.objects.exists()


def test_no_more_evidence_once_confirmed(cast, item):
    log = log_on(item, cast.teacher_a1)
    study.study_log_confirm(logs=[log], by=cast.principal_a1)
    with pytest.raises(StudyError, match="đã được xác nhận"):
        study.evidence_attach(log=log, by=cast.teacher_a1, files=[upload("a.pdf", PDF_BYTES)])


def test_deleting_a_log_removes_its_files(cast, item, django_capture_on_commit_callbacks):
    log = log_on(item, cast.teacher_a1, files=[upload("a.pdf", PDF_BYTES)])
    path = Path(log.evidence.get().file.path)
    with django_capture_on_commit_callbacks(execute=True):
        study.study_log_delete(log=log, by=cast.teacher_a1)
    assert not path.exists()


# --- through the pages ---------------------------------------------------------------------------------------


def _post_entry(client, item, *files):
    return client.post(
        reverse("study:study_log_add", args=[item.pk]),
        {"date": "2025-11-02", "hours": "2", "description": "Thu hoạch mô đun", "files": list(files)},
    )


def test_upload_real_pdf_and_png_through_the_form(cast, login, item):
    response = _post_entry(
        login(cast.teacher_a1), item, upload("bien-ban.pdf", PDF_BYTES), upload("anh.png", PNG_BYTES)
    )
    assert response.status_code == 302
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == [uploads.PDF, uploads.PNG]


def test_renamed_executable_refused_on_the_page(cast, login, item):
    response = _post_entry(login(cast.teacher_a1), item, upload("bai-thu-hoach.pdf", EXE_BYTES, "application/pdf"))
    assert response.status_code == 200
    assert "Tệp “bai-thu-hoach.pdf” không phải PDF, DOCX, XLSX, JPG hoặc PNG" in response.content.decode()
    assert not StudyLog.objects.exists() and not Evidence.objects.exists()


def test_oversized_file_refused_on_the_page(cast, login, item, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    response = _post_entry(login(cast.teacher_a1), item, upload("lon.pdf", PDF_BYTES + b"0" * 4096))
    assert response.status_code == 200
    assert "vượt quá giới hạn 2 KB" in response.content.decode()
    assert not StudyLog.objects.exists()


def test_upload_against_another_school_teachers_item_is_404(cast, login, year, th_modules):
    other_item = make_plan(cast.teacher_a2.staff, year, th_modules[:1]).items.get()
    response = _post_entry(login(cast.teacher_a1), other_item, upload("a.pdf", PDF_BYTES))
    assert response.status_code == 404
    assert not StudyLog.objects.exists()


def test_adding_evidence_to_another_school_teachers_log_is_404(cast, login, year, th_modules):
    other_item = make_plan(cast.teacher_a2.staff, year, th_modules[:1]).items.get()
    log = log_on(other_item, cast.teacher_a2)
    response = login(cast.teacher_a1).post(
        reverse("study:evidence_add", args=[log.pk]), {"files": [upload("a.pdf", PDF_BYTES)]}
    )
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_principal_adding_evidence_to_a_teachers_log_gets_a_message(cast, login, item):
    log = log_on(item, cast.teacher_a1)
    response = login(cast.principal_a1).post(
        reverse("study:evidence_add", args=[log.pk]), {"files": [upload("a.pdf", PDF_BYTES)]}, follow=True
    )
    assert "Chỉ người có kế hoạch" in response.content.decode()
    assert not Evidence.objects.exists()


def test_owner_adds_and_removes_evidence_on_a_pending_log(cast, login, item):
    log = log_on(item, cast.teacher_a1)
    client = login(cast.teacher_a1)
    client.post(reverse("study:evidence_add", args=[log.pk]), {"files": [upload("a.png", PNG_BYTES)]})
    evidence = log.evidence.get()
    assert client.post(reverse("study:evidence_delete", args=[evidence.pk])).status_code == 302
    assert not log.evidence.exists()


# --- downloads -----------------------------------------------------------------------------------------------


@pytest.fixture
def evidence(cast, item):
    log = log_on(item, cast.teacher_a1, files=[upload("bien ban.pdf", PDF_BYTES)])
    return log.evidence.get()


@pytest.mark.parametrize("who", ["teacher_a1", "principal_a1", "group_head_a1", "phong_a_officer", "so_officer"])
def test_download_in_scope_is_an_attachment(cast, login, evidence, who):
    response = login(getattr(cast, who)).get(reverse("study:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "bien ban.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == uploads.PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    "who",
    [
        "teacher_a1_other_group",
        "teacher_a2",
        "teacher_b1",
        "teacher_t1",
        "teacher_z1",
        "phong_b_officer",
        "so_z_officer",
    ],
)
def test_download_outside_scope_is_404(cast, login, evidence, who):
    assert login(getattr(cast, who)).get(reverse("study:evidence_download", args=[evidence.pk])).status_code == 404


def test_download_needs_login(client, evidence):
    response = client.get(reverse("study:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_media_is_not_served_by_any_url(client, cast, login, evidence):
    # MEDIA_URL is never routed: the only way to a file is the scoped view above.
    response = login(cast.teacher_a1).get("/media/" + evidence.file.name)
    assert response.status_code == 404


def test_date_is_checked_for_entries_with_files_too(cast, item):
    with pytest.raises(StudyError, match="tương lai"):
        log_on(item, cast.teacher_a1, date=TODAY + datetime.timedelta(days=3), files=[upload("a.pdf", PDF_BYTES)])
    assert not Evidence.objects.exists()


def test_a_full_disk_is_a_clear_error_and_leaves_no_file_or_row(cast, item, private_media, monkeypatch):
    import errno

    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage._save

    def full_disk(self, name, content):
        real_save(self, name, ContentFile(b"%PDF-1.4 partial"))  # what a disk writes before it runs out
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full_disk)
    logs_before, evidence_before = StudyLog.objects.count(), Evidence.objects.count()
    with pytest.raises(StudyError, match="hết chỗ lưu tệp"):
        log_on(item, cast.teacher_a1, files=[upload("minh-chung.pdf", PDF_BYTES, "application/pdf")])
    assert (StudyLog.objects.count(), Evidence.objects.count()) == (logs_before, evidence_before)
    assert [path for path in Path(django_settings.MEDIA_ROOT).rglob("*") if path.is_file()] == []


# --- a full evidence disk, through the pages ------------------------------------------------------------------


@pytest.fixture
def disk_with(settings, private_media):
    """The evidence folder on a disk with ``n`` bytes left (tests/study/full_disk.py)."""
    from tests.study.full_disk import FullDiskStorage

    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "tests.study.full_disk.FullDiskStorage"},
    }

    def set_free(n):
        FullDiskStorage.free_bytes = n

    return set_free


def _files_on_disk():
    return [path for path in Path(django_settings.MEDIA_ROOT).rglob("*") if path.is_file()]


BIG_PDF = PDF_BYTES + b"%" + b"0" * 400 * 1024  # 400 KB


def test_a_log_with_evidence_on_a_full_disk_says_so_and_leaves_nothing(cast, login, item, disk_with):
    disk_with(64 * 1024)
    response = login(cast.teacher_a1).post(
        reverse("study:study_log_add", args=[item.pk]),
        {
            "date": "2025-11-02",
            "hours": "2",
            "description": "Học mô đun TH1",
            "files": [upload("bien-ban.pdf", BIG_PDF)],
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Máy chủ hết chỗ lưu tệp nên chưa lưu được minh chứng" in body
    assert "Học mô đun TH1" in body  # what was typed stays in the form
    assert (StudyLog.objects.count(), Evidence.objects.count()) == (0, 0)
    assert _files_on_disk() == []


def test_a_second_file_that_does_not_fit_takes_the_first_away_too(cast, login, item, disk_with):
    disk_with(len(PDF_BYTES) + 100)  # room for the small file, not for the big one
    response = login(cast.teacher_a1).post(
        reverse("study:study_log_add", args=[item.pk]),
        {
            "date": "2025-11-02",
            "hours": "2",
            "description": "Hai tệp",
            "files": [upload("nho.pdf", PDF_BYTES), upload("lon.pdf", BIG_PDF)],
        },
    )
    assert "hết chỗ lưu tệp" in response.content.decode()
    assert (StudyLog.objects.count(), Evidence.objects.count()) == (0, 0)
    assert _files_on_disk() == []


def test_evidence_added_on_a_full_disk_says_so_and_leaves_nothing(cast, login, item, disk_with):
    log = log_on(item, cast.teacher_a1)
    disk_with(64 * 1024)
    response = login(cast.teacher_a1).post(
        reverse("study:evidence_add", args=[log.pk]), {"files": [upload("bien-ban.pdf", BIG_PDF)]}, follow=True
    )
    assert response.status_code == 200
    assert "Máy chủ hết chỗ lưu tệp nên chưa lưu được minh chứng" in response.content.decode()
    assert StudyLog.objects.filter(pk=log.pk).exists() and not Evidence.objects.exists()
    assert _files_on_disk() == []

"""Checks an uploaded evidence file by its content, never by its name.

Allowed: PDF, DOCX, XLSX, JPEG and PNG up to ``settings.UPLOAD_MAX_BYTES``. PDF and images are recognised
by their magic bytes (``filetype``); DOCX and XLSX are ZIP files, so the archive is opened and must hold
``[Content_Types].xml`` and the main part of a Word document or an Excel workbook. A renamed executable,
an old binary Office file, a ZIP of something else or a macro-enabled document is refused with a
Vietnamese message saying what to do.
"""

import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from core.http import INLINE_TYPES

from .services import StudyError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", JPEG: ".jpg", PNG: ".png"}
ACCEPTED_EXTENSIONS = {PDF: {".pdf"}, DOCX: {".docx"}, XLSX: {".xlsx"}, JPEG: {".jpg", ".jpeg"}, PNG: {".png"}}
# For the <input accept="…"> hint only; the server never trusts names. "image/*" lets a phone offer its camera and
# gallery (an iPhone then sends its HEIC photos as JPEG); static/js/evidence_upload.js turns other images into JPEG.
ACCEPT_ATTRIBUTE = "image/*,.pdf,.docx,.xlsx"
# What may be shown in the browser (study:evidence_preview): what core.http sends inline (PDF, JPEG, PNG); Word and
# Excel files are only downloaded.
PREVIEW_TYPES = INLINE_TYPES

_HEAD_BYTES = 8192
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, encrypted Office files
_OOXML_MAIN_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}
_MAX_ZIP_ENTRIES = 5000


def format_size(size):
    """Size for people: 850 KB, 12,4 MB (Vietnamese decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    megabytes = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return megabytes.replace(".", ",") + " MB"


def _not_allowed(name):
    return StudyError(
        _("Tệp “%(name)s” không phải PDF, DOCX, XLSX, JPG hoặc PNG nên không được nhận. Hãy chọn đúng tệp minh chứng.")
        % {"name": name}
    )


def _read_head(upload):
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    return head


def _ooxml_type(upload, name):
    """DOCX or XLSX when the ZIP is a real Office Open XML document; a StudyError otherwise."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _not_allowed(name) from None
    finally:
        upload.seek(0)
    if len(names) > _MAX_ZIP_ENTRIES or "[Content_Types].xml" not in names:
        raise _not_allowed(name)
    if any(entry.lower().endswith("vbaproject.bin") for entry in names):
        raise StudyError(
            _("Tệp “%(name)s” có chứa macro nên không được nhận. Hãy lưu lại dạng DOCX/XLSX thường hoặc PDF.")
            % {"name": name}
        )
    found = {mime for part, mime in _OOXML_MAIN_PARTS.items() if part in names}
    if len(found) != 1:
        raise _not_allowed(name)
    return found.pop()


def display_name(upload):
    """The name of an uploaded file as its owner knows it (no folders), for messages."""
    return PurePath(upload.name or "").name or _("(không tên)")


def validate_upload(upload):
    """Return the detected MIME type of an uploaded file, or raise StudyError saying why it is refused."""
    name = display_name(upload)
    size = upload.size or 0
    limit = settings.UPLOAD_MAX_BYTES
    if size <= 0:
        raise StudyError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    if size > limit:
        raise StudyError(
            _("Tệp “%(name)s” nặng %(size)s, vượt quá giới hạn %(limit)s. Hãy nén hoặc chụp lại nhỏ hơn.")
            % {"name": name, "size": format_size(size), "limit": format_size(limit)}
        )
    head = _read_head(upload)
    if head.startswith(_ZIP_MAGIC):
        return _ooxml_type(upload, name)
    if head.startswith(_OLE_MAGIC):
        raise StudyError(
            _(
                "Tệp “%(name)s” là tệp Word/Excel đời cũ (DOC/XLS) hoặc có mật khẩu. "
                "Hãy lưu lại dạng DOCX, XLSX hoặc PDF."
            )
            % {"name": name}
        )
    kind = filetype.guess(head)
    if kind is None or kind.mime not in (PDF, JPEG, PNG):
        raise _not_allowed(name)
    return kind.mime


def download_name(original_name, content_type):
    """The name a file is sent under: the original name, with the extension of its real type."""
    path = PurePath(original_name or "minh-chung")
    wanted = EXTENSIONS.get(content_type, "")
    if not wanted or path.suffix.lower() in ACCEPTED_EXTENSIONS.get(content_type, set()):
        return path.name
    return f"{path.stem or 'minh-chung'}{wanted}"

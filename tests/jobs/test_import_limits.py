"""Excel bombs and oversize uploads are refused cheaply, in every Excel import (issue 12, item 6).

A few hundred KB can declare or hold millions of cells (rows padded to the last column, a huge <dimension>, a
million empty rows, millions of shared strings, parts that inflate to hundreds of MB). Every import refuses them
from the archive's own figures before openpyxl parses anything, with a Vietnamese message naming the limit;
nothing is stored, queued or written. ``make bomb-check`` measures the time and memory; tests never time.
"""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.models import Staff
from assessment import importers as score_importers
from core import excel_import
from gdpt import importers as lms_importers
from jobs.models import Job
from modules import importers as catalog_importers
from people import importers as staff_importers
from people import units_import
from scripts.import_bomb import build_bomb
from years.models import TrainingYear

from .conftest import stored_inputs

pytestmark = pytest.mark.django_db

# Which limit each bomb runs into, as the message says it.
BOMBS = {
    "wide": "quá nhiều cột (tối đa 256 cột)",
    "dimension": "quá nhiều dòng (kể cả dòng trống, tối đa 100.000)",
    "cells": "quá nhiều cột (tối đa 256 cột)",
    "tall": "quá nhiều dòng (kể cả dòng trống, tối đa 100.000)",
    "strings": "quá nhiều ô",
    "inflated": "khi giải nén quá lớn",
}


@pytest.fixture(scope="module")
def bombs():
    return {kind: build_bomb(kind) for kind in BOMBS}


def _upload(content, name="danh-sach.xlsx"):
    return SimpleUploadedFile(name, content, content_type=excel_import.XLSX_CONTENT_TYPE)


@pytest.mark.parametrize("kind", list(BOMBS))
def test_the_staff_import_refuses_each_bomb_before_storing_or_queuing_it(cast, login, bombs, kind):
    before, inputs = Staff.objects.count(), stored_inputs()
    response = login(cast.principal_a1).post(reverse("people:staff_import"), {"file": _upload(bombs[kind])})
    assert response.status_code == 200
    messages = [error.message for error in response.context["errors"]]
    assert len(messages) == 1 and BOMBS[kind] in messages[0], messages
    assert BOMBS[kind] in response.content.decode()
    assert Staff.objects.count() == before
    assert not Job.objects.exists() and stored_inputs() == inputs


def _parsers(cast):
    year = TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)
    return {
        "staff": lambda file: staff_importers.staff_import_parse(file=file, user=cast.principal_a1),
        "catalog": lambda file: catalog_importers.catalog_parse(file=file, user=cast.so_officer),
        "scores": lambda file: score_importers.scores_import_parse(file=file, user=cast.principal_a1, year=year),
        "lms": lambda file: lms_importers.lms_import_parse(file=file, user=cast.so_officer),
        "units": lambda file: units_import.units_import_parse(file=file, user=cast.so_officer),
    }


@pytest.mark.parametrize("kind", ["wide", "cells", "strings", "inflated"])
def test_every_excel_import_refuses_the_bombs(cast, bombs, kind):
    for name, parse in _parsers(cast).items():
        result = parse(io.BytesIO(bombs[kind]))
        messages = [error.message for error in result.errors]
        assert not result.rows and len(messages) == 1, (name, messages)
        assert "quá nhiều" in messages[0] or "quá lớn" in messages[0], (name, messages)


def test_the_limits_are_checked_before_a_worker_is_considered(bombs):
    for kind in BOMBS:
        # A refused upload counts as small: the import page then refuses it at once, without a job.
        assert not excel_import.has_more_rows_than(_upload(bombs[kind]), 302, limits=staff_importers.LIMITS), kind


def test_a_sheet_padded_to_a_far_column_is_read_within_the_columns_limit():
    """A stray cell beyond the last column is refused; its declared width is never built."""
    result = excel_import.ImportResult(user_id=None)
    assert excel_import.check_archive(io.BytesIO(build_bomb("wide")), result, staff_importers.LIMITS) is False
    assert "XFD" in result.errors[0].message


def _big_workbook(rows, padding):
    """A valid workbook of ``rows`` staff rows plus ``padding`` bytes of incompressible data in another part."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã cán bộ", "Họ và tên", "Mã trường", "Chức vụ", "Cấp học"])
    for number in range(rows):
        sheet.append([f"NV{number:05d}", "Trần Văn Bảo", "A1", "GV", "TH"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("docProps/thumbnail.jpeg", os.urandom(padding), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


IMPORT_PAGES = [
    ("people:staff_import", "principal_a1", staff_importers.MAX_FILE_BYTES),
    ("modules:catalog_import", "so_officer", catalog_importers.MAX_FILE_BYTES),
    ("assessment:score_import", "principal_a1", score_importers.MAX_FILE_BYTES),
    ("gdpt:lms_import", "so_officer", lms_importers.MAX_FILE_BYTES),
]


@pytest.mark.parametrize(("url", "persona", "max_bytes"), IMPORT_PAGES, ids=[page[0] for page in IMPORT_PAGES])
def test_an_oversize_upload_with_many_rows_is_refused_before_it_is_stored_or_queued(
    cast, login, url, persona, max_bytes
):
    TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)
    content = _big_workbook(rows=400, padding=max_bytes + 1024)
    inputs = stored_inputs()
    response = login(getattr(cast, persona)).post(reverse(url), {"file": _upload(content)}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp quá lớn" in page and f"tối đa {max_bytes // 1024 // 1024} MB" in page
    assert not Job.objects.exists() and stored_inputs() == inputs


def _sheet_archive(body, root='<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'):
    from scripts.import_bomb import _zip

    close = "</" + root[1:].split(" ", 1)[0] + ">"
    return _zip([f'<?xml version="1.0" encoding="UTF-8"?>{root}', body, close])


def _check(content):
    result = excel_import.ImportResult(user_id=None)
    accepted = excel_import.check_archive(io.BytesIO(content), result, staff_importers.LIMITS)
    return accepted, [error.message for error in result.errors]


def test_a_prefixed_sheet_is_counted_like_any_other():
    rows = "".join(f'<x:row r="{n}"><x:c r="A{n}"/><x:c r="XFD{n}"/></x:row>' for n in range(1, 50))
    root = '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    accepted, messages = _check(_sheet_archive(f"<x:sheetData>{rows}</x:sheetData>", root))
    assert not accepted and "cột XFD" in messages[0]


def test_rows_and_cells_without_numbers_are_counted_in_order():
    wide = "<sheetData><row>" + "<c/>" * 300 + "</row></sheetData>"
    assert _check(_sheet_archive(wide)) == (False, [excel_import._columns_message(staff_importers.LIMITS, 300)])
    tall = "<sheetData>" + "<row><c/></row>" * (staff_importers.MAX_SCANNED_ROWS + 1) + "</sheetData>"
    accepted, messages = _check(_sheet_archive(tall))
    assert not accepted and "quá nhiều dòng" in messages[0]


def test_an_ordinary_workbook_at_the_limits_is_accepted():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"Cột {number}" for number in range(1, excel_import.MAX_COLUMNS + 1)])
    for number in range(2000):
        sheet.append([f"NV{number:05d}", "Trần Văn Bảo", "A1", "GV", "TH"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _check(buffer.getvalue()) == (True, [])

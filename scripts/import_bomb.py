"""``make bomb-check``: Excel "bombs" (small uploads that declare or hold millions of cells) are refused cheaply.

Builds each kind of bomb in memory, runs it through the staff import's reading step (``core.excel_import``, the
same code every Excel import uses) and through the check that decides whether an upload goes to a worker, and
prints, per bomb: the upload's size, its uncompressed size, whether it was refused and with what message, the
elapsed time and the extra peak memory. The goal: every bomb refused in under 2 s with under 100 MB extra memory.
It needs no database (nothing is written either way).
"""

import io
import os
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_SECONDS = 2.0
GOAL_MEGABYTES = 100

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_HEADER = ["Mã cán bộ", "Họ và tên", "Mã trường", "Chức vụ", "Cấp học"]


def _text_cell(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row():
    letters = "ABCDE"
    return '<row r="1">' + "".join(_text_cell(f"{letters[i]}1", t) for i, t in enumerate(_HEADER)) + "</row>"


def _sheet_xml(rows, dimension=None):
    """A worksheet part; ``rows`` is an iterable of <row> strings (a generator keeps memory low)."""
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + "<sheetData>"
    )
    yield head
    yield _header_row()
    yield from rows
    yield "</sheetData></worksheet>"


def _zip(sheet_parts, shared_parts=("<sst/>",), extra=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        for name, parts in (("xl/worksheets/sheet1.xml", sheet_parts), ("xl/sharedStrings.xml", shared_parts)):
            with archive.open(name, "w", force_zip64=True) as handle:
                pending = []
                for part in parts:
                    pending.append(part)
                    if len(pending) >= 2000:
                        handle.write("".join(pending).encode())
                        pending = []
                handle.write("".join(pending).encode())
        for name, size in (extra or {}).items():
            with archive.open(name, "w", force_zip64=True) as handle:
                block = b" " * (1 << 20)
                for _ in range(size >> 20):
                    handle.write(block)
    return buffer.getvalue()


def build_bomb(kind):
    """The bytes of one kind of bomb, a few hundred KB at most:

    - ``wide``: 60,000 rows, each a text cell in column A and an empty cell in XFD (the last column), so a
      reader pads every row to 16,384 cells: about a billion cells declared by the rows' last cells;
    - ``dimension``: a sheet that declares A1:XFD1048576 (17 billion cells) over a few rows;
    - ``cells``: 3 million real empty cells in a thousand rows;
    - ``tall``: a few rows, the last numbered 1,048,576 (a reader yields a million empty rows before it);
    - ``strings``: 4 million shared strings;
    - ``inflated``: an extra part of 300 MB of blanks (the whole archive inflates past any sane size).
    """
    if kind == "wide":
        rows = (f'<row r="{n}">{_text_cell(f"A{n}", "x")}<c r="XFD{n}"/></row>' for n in range(2, 60_002))
        return _zip(_sheet_xml(rows))
    if kind == "dimension":
        rows = (f'<row r="{n}">{_text_cell(f"A{n}", "x")}</row>' for n in range(2, 12))
        return _zip(_sheet_xml(rows, dimension="A1:XFD1048576"))
    if kind == "cells":
        rows = (f'<row r="{n}">' + "<c/>" * 3000 + "</row>" for n in range(2, 1002))
        return _zip(_sheet_xml(rows))
    if kind == "tall":
        rows = [f'<row r="{n}">{_text_cell(f"A{n}", "x")}</row>' for n in (2, 3, 1_048_576)]
        return _zip(_sheet_xml(rows))
    if kind == "strings":
        shared = ("<sst>", *("<si><t>x</t></si>" for _ in range(4_000_000)), "</sst>")
        return _zip(_sheet_xml([]), shared_parts=shared)
    if kind == "inflated":
        return _zip(_sheet_xml([]), extra={"docProps/padding.xml": 300 << 20})
    raise ValueError(kind)


def build_ordinary(rows):
    """A staff file of ``rows`` rows as a person would fill in the template (openpyxl's write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(["Mã cán bộ", "Họ và tên", "Ngày sinh", "Nơi sinh", "Giới tính", "Mã trường", "Chức vụ", "Cấp học"])
    for number in range(rows):
        sheet.append([f"NV{number:06d}", f"Nguyễn Văn {number}", "05/09/1985", "Hà Nội", "Nam", "A1", "GV", "TH"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


KINDS = ("wide", "dimension", "cells", "tall", "strings", "inflated")


def uncompressed_size(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return sum(info.file_size for info in archive.infolist())


def _measure(function):
    """(result, seconds, extra peak MB) of ``function()``: timed on its own (tracemalloc slows allocations down),
    then run again under tracemalloc for its peak of Python memory above the start."""
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    try:
        function()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, elapsed, peak / 1024 / 1024


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bdtx.settings.local")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core import excel_import
    from people import importers

    failures = 0
    print(f"{'bomb':<10} {'upload':>9} {'inflated':>10}  {'step':<22} {'refused':<8} {'time':>7} {'extra mem':>10}")
    for kind in KINDS:
        content = build_bomb(kind)
        size, inflated = len(content), uncompressed_size(content)

        def upload(content=content):
            return SimpleUploadedFile("bom.xlsx", content, content_type=excel_import.XLSX_CONTENT_TYPE)

        def background(upload=upload):
            return excel_import.has_more_rows_than(upload(), 302, limits=importers.LIMITS)

        def parse(upload=upload):
            result = excel_import.ImportResult(user_id=None)
            table = excel_import.read_table(
                upload(),
                result,
                columns=importers.COLUMNS,
                is_header=lambda values: excel_import.has_column(values, importers.COLUMNS_BY_KEY["code"]),
                max_bytes=importers.MAX_FILE_BYTES,
                max_rows=importers.MAX_ROWS,
                max_scanned_rows=importers.MAX_SCANNED_ROWS,
            )
            return table is None and bool(result.errors), result.errors[:1]

        for step, function in (("goes to a worker?", background), ("import check", parse)):
            outcome, seconds, megabytes = _measure(function)
            if step == "goes to a worker?":
                refused, message = not outcome, ""  # a refused upload is never stored nor queued
            else:
                refused, errors = outcome
                message = errors[0].message if errors else ""
            ok = refused and seconds < GOAL_SECONDS and megabytes < GOAL_MEGABYTES
            failures += not ok
            print(
                f"{kind:<10} {size / 1024:>7.0f}KB {inflated / 1024 / 1024:>8.0f}MB  {step:<22} "
                f"{'yes' if refused else 'NO':<8} {seconds:>6.2f}s {megabytes:>8.1f}MB {'' if ok else '  ← over goal'}"
            )
            if message:
                print(f"{'':<10} {message}")
    # For scale: an ordinary file at the staff import's row limit, accepted by the same check.
    ordinary = build_ordinary(importers.MAX_ROWS)
    accepted, seconds, megabytes = _measure(
        lambda: excel_import.check_archive(
            io.BytesIO(ordinary), excel_import.ImportResult(user_id=None), importers.LIMITS
        )
    )
    print(
        f"\nAn ordinary file of {importers.MAX_ROWS:,} rows ({len(ordinary) / 1024:.0f} KB): "
        f"{'accepted' if accepted else 'REFUSED'} by the archive check in {seconds:.2f} s, {megabytes:.1f} MB extra."
    )
    failures += not accepted
    print(
        f"\nGoal: every bomb refused in under {GOAL_SECONDS:.0f} s with under {GOAL_MEGABYTES} MB extra memory: "
        + ("met." if not failures else f"NOT met ({failures} step(s) over).")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

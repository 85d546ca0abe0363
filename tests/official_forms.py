"""Reading an official Excel form back (core.excel_export.OfficialFormExporter): the issuer under its superior at top
left, the national heading at top right, and the signature block under the table, with nothing left to fill in."""

import math

from django.utils import timezone

from core.vietnamese import official_date

NATIONAL_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
# What a form printed before the letterheads: dots to fill in by hand and a generic signer.
LEFTOVERS = ("……", "...", "THỦ TRƯỞNG ĐƠN VỊ")


def texts(sheet):
    return [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def assert_official_form(sheet, *, superior, issuer, signer, place, day=None):
    """The heading rows (1: superior | national heading, 2: issuer | motto, 3: blank) and the signature block: the
    place and date, 'NGƯỜI LẬP BIỂU' beside the head's title; no dots and no 'THỦ TRƯỞNG ĐƠN VỊ' anywhere."""
    width = sheet.max_column
    right = max(1, min(width - 1, math.ceil(width * 0.4))) + 1  # the first column of the right-hand block
    assert sheet.cell(row=1, column=1).value == superior
    assert sheet.cell(row=2, column=1).value == issuer and sheet.cell(row=2, column=1).font.b
    assert sheet.cell(row=1, column=right).value == NATIONAL_HEADING
    assert sheet.cell(row=2, column=right).value == NATIONAL_MOTTO
    assert all(cell.value is None for cell in sheet[3])
    cells = texts(sheet)
    date_line = f"{place}, {official_date(day or timezone.localdate())}"
    assert date_line in cells, cells[-8:]
    tail = cells[cells.index(date_line) :]
    assert "NGƯỜI LẬP BIỂU" in tail and signer in tail, tail
    assert tail.index("NGƯỜI LẬP BIỂU") + 1 == tail.index(signer)  # side by side on one row
    for leftover in LEFTOVERS:
        assert not any(leftover in text for text in cells), leftover
    return cells

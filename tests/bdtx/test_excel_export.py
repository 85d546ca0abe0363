"""ListExporter and safe_cell: layout, formats, and user text that can never become a formula."""

import datetime
import io

import openpyxl
import pytest

from core.excel_export import DATE, Column, ListExporter
from core.excel_text import is_formula_like

# Title, two subtitle lines, a blank line, then the header row.
HEADER_ROW = 5
FIRST_DATA_ROW = 6
DANGEROUS = [
    '=HYPERLINK("http://x")',
    "=1+1",
    "+84 123",
    "-abc",
    "@SUM(A1)",
    "\t=cmd|' /C calc'!A0",
    " =1+2",
    "＝1+1",
    "#N/A",
]


class SampleExporter(ListExporter):
    title = "DANH SÁCH MẪU"
    sheet_name = "Mẫu: thử/1"
    columns = [Column("STT", 6, "0", align="center"), Column("Họ và tên", 28), Column("Ngày sinh", 12, DATE)]

    def __init__(self, values):
        self.values = values

    def subtitle_lines(self):
        return ["Trường Tiểu học A1", "Ngày xuất: 01/09/2025"]

    def total(self):
        return len(self.values)

    def rows(self):
        for number, value in enumerate(self.values, 1):
            yield [number, value, datetime.date(1990, 1, min(number, 28))]


def _write(exporter, progress=None):
    buffer = io.BytesIO()
    written = exporter.write(buffer, progress=progress)
    buffer.seek(0)
    return written, openpyxl.load_workbook(buffer).active


def test_user_text_that_looks_like_a_formula_stays_text_exactly():
    written, sheet = _write(SampleExporter(DANGEROUS))
    assert written == len(DANGEROUS)
    cells = [row[1] for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW - 1 + len(DANGEROUS))]
    for cell, original in zip(cells, DANGEROUS, strict=True):
        assert cell.data_type == "s", original
        assert cell.value == original
        assert cell.quotePrefix, original  # stays text even when someone edits the cell in Excel


def test_carriage_returns_are_written_as_line_feeds_and_never_formulas():
    _, sheet = _write(SampleExporter(["\r=1+1", "Dòng 1\r\nDòng 2"]))
    assert (sheet["B6"].value, sheet["B6"].data_type) == ("\n=1+1", "s")
    assert sheet["B7"].value == "Dòng 1\nDòng 2"


def test_control_characters_an_xlsx_cannot_hold_are_dropped():
    _, sheet = _write(SampleExporter(["Nguyễn\x00 Văn\x07 An"]))
    assert sheet["B6"].value == "Nguyễn Văn An"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Nguyễn Văn An", False), ("a-b", False), ("", False), ("-1", True), ("\r@x", True), ("#DIV/0!", True)],
)
def test_is_formula_like(text, expected):
    assert is_formula_like(text) is expected


def test_layout_title_headers_formats_and_vietnamese_text():
    names = ["Nguyễn Thị Ánh", "Trần Văn Đức", "Lê Hoàng Yến"]
    progress_calls = []
    written, sheet = _write(SampleExporter(names), progress=lambda done, total: progress_calls.append((done, total)))
    assert written == 3
    assert sheet.title == "Mẫu  thử 1"  # characters Excel forbids in sheet names replaced
    assert sheet["A1"].value == "DANH SÁCH MẪU" and sheet["A1"].font.b
    assert [sheet["A2"].value, sheet["A3"].value] == ["Trường Tiểu học A1", "Ngày xuất: 01/09/2025"]
    assert "A1:C1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["A4"].value is None  # a blank line between the title block and the table
    assert [cell.value for cell in sheet[HEADER_ROW]] == ["STT", "Họ và tên", "Ngày sinh"]
    assert all(cell.font.b for cell in sheet[HEADER_ROW])
    assert [sheet.cell(row=row, column=2).value for row in range(6, 9)] == names
    assert sheet["C6"].value == datetime.datetime(1990, 1, 1) and sheet["C6"].number_format == "dd/mm/yyyy"
    assert sheet["A6"].value == 1 and sheet["A6"].border.left.style == "thin"
    assert sheet.freeze_panes == "A6"
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.auto_filter.ref == "A5:C8"
    assert sheet.column_dimensions["B"].width == 28
    assert sheet.max_row == 8
    assert progress_calls[0] == (0, 3) and progress_calls[-1] == (3, 3)


def test_an_empty_list_still_has_its_headers():
    written, sheet = _write(SampleExporter([]))
    assert written == 0 and [cell.value for cell in sheet[HEADER_ROW]] == ["STT", "Họ và tên", "Ngày sinh"]


def test_aware_datetimes_are_written_in_local_time():
    class Stamps(ListExporter):
        columns = [Column("Lúc", 18, "dd/mm/yyyy hh:mm")]

        def rows(self):
            yield [datetime.datetime(2025, 9, 1, 1, 30, tzinfo=datetime.UTC)]

    _, sheet = _write(Stamps())
    # No title: the header is the first row.
    assert sheet["A1"].value == "Lúc"
    assert sheet["A2"].value == datetime.datetime(2025, 9, 1, 8, 30)  # Asia/Ho_Chi_Minh

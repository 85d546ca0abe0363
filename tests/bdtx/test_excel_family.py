"""The exporter family (core.excel_export) and the import-template builder (core.excel_import.ImportTemplate)."""

import datetime
import io

import openpyxl
import pytest

from core.documents import Letterhead, Signature
from core.excel_export import (
    DATE,
    INTEGER,
    Column,
    Group,
    ListExporter,
    MultiSheetExporter,
    OfficialFormExporter,
    SheetSpec,
)
from core.excel_import import Column as ImportColumn
from core.excel_import import ImportTemplate

FORMULA = '=HYPERLINK("http://x.invalid","bấm")'


class SchoolForm(OfficialFormExporter):
    title = "DANH SÁCH MẪU CÓ QUỐC HIỆU"
    sheet_name = "Mẫu"
    columns = [Column("STT", 6, "0", align="center"), Column("Họ và tên", 28), Column("Ngày sinh", 12, DATE)]

    def __init__(self, names, *, unit="Trường Tiểu học A1"):
        super().__init__()
        self.today = datetime.date(2025, 9, 5)
        self.names, self.unit = names, unit

    def letterhead(self):
        return Letterhead(superior="PHÒNG GD&ĐT HUYỆN A", issuer=self.unit.upper(), place="Mai Sơn", day=self.today)

    def signature(self):
        return Signature(title="HIỆU TRƯỞNG", name="Lò Văn Minh", capacity="KT. HIỆU TRƯỞNG")

    def rows(self):
        for number, name in enumerate(self.names, 1):
            yield [number, name, datetime.date(1990, 1, number)]


class TwoSheets(MultiSheetExporter):
    def sheets(self):
        layout = [Column("Đơn vị", 20), Group("Kết quả", (Column("SL", 8, INTEGER), Column("%", 8, "0.0")))]
        return [
            SheetSpec(
                name="Tổng hợp", title="TỔNG HỢP", layout=layout, rows=[["A", 1, 50.0]], total_rows=[["", 1, 50]]
            ),
            SheetSpec(name="Chi tiết", title="CHI TIẾT", layout=layout, rows=[[FORMULA, 2, 100.0]]),
        ]


def _workbook(exporter):
    buffer = io.BytesIO()
    exporter.write(buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def _texts(sheet):
    return [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def test_an_official_form_has_the_national_heading_the_issuer_the_title_and_the_signature_block():
    sheet = _workbook(SchoolForm(["Nguyễn Thị Ánh", "Trần Văn Đức"])).active
    assert sheet["A1"].value == "PHÒNG GD&ĐT HUYỆN A" and sheet["A2"].value == "TRƯỜNG TIỂU HỌC A1"
    assert sheet["A2"].font.b
    # Three columns: the issuer over columns A:B, the national heading over C.
    assert sheet["C1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and sheet["C1"].font.b
    assert sheet["C2"].value == "Độc lập - Tự do - Hạnh phúc" and sheet["C2"].font.u == "single"
    assert {"A1:B1", "A2:B2", "A4:C4"} <= {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["A4"].value == "DANH SÁCH MẪU CÓ QUỐC HIỆU"
    assert [cell.value for cell in sheet[6]] == ["STT", "Họ và tên", "Ngày sinh"]
    assert sheet.freeze_panes == "A7" and sheet.print_title_rows == "$6:$6"
    assert [sheet["B7"].value, sheet["B8"].value] == ["Nguyễn Thị Ánh", "Trần Văn Đức"]
    texts = _texts(sheet)
    assert texts[-7:] == [
        "Mai Sơn, ngày 05 tháng 9 năm 2025",
        "KT. HIỆU TRƯỞNG",
        "NGƯỜI LẬP BIỂU",
        "HIỆU TRƯỞNG",
        "(Ký, ghi rõ họ tên)",
        "(Ký tên, đóng dấu)",
        "Lò Văn Minh",
    ]


def test_formula_looking_text_in_an_official_form_stays_text_in_the_heading_and_the_rows():
    sheet = _workbook(SchoolForm([FORMULA, "+84 123"], unit=FORMULA)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value in (FORMULA, FORMULA.upper(), "+84 123")]
    assert len(cells) == 3  # the issuer line and two rows
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


def test_a_multi_sheet_export_writes_each_sheet_with_its_two_row_header_and_totals():
    workbook = _workbook(TwoSheets())
    assert workbook.sheetnames == ["Tổng hợp", "Chi tiết"]
    summary, details = workbook.worksheets
    assert [cell.value for cell in summary[3]] == ["Đơn vị", "Kết quả", None]
    assert [cell.value for cell in summary[4]] == [None, "SL", "%"]
    assert {"B3:C3", "A3:A4"} <= {str(merged) for merged in summary.merged_cells.ranges}
    assert [cell.value for cell in summary[6]] == [None, 1, 50] and summary["B6"].font.b
    assert details["A5"].value == FORMULA and details["A5"].data_type == "s" and details["A5"].quotePrefix


def test_a_list_without_columns_is_refused():
    class NoColumns(ListExporter):
        def rows(self):
            return iter(())

    with pytest.raises(ValueError, match="NoColumns has no columns"):
        NoColumns().write(io.BytesIO())


COLUMNS = (
    ImportColumn("code", "Mã", required=True, width=12, guide="Mã cán bộ."),
    ImportColumn("gender", "Giới tính", width=10, hint="Nam/Nữ"),
    ImportColumn("level", "Cấp học", width=10),
)


def _template():
    template = ImportTemplate(sheet_title="Danh sách", columns=COLUMNS, max_rows=100)
    template.fill([("=1+1", "Nam", "TH")])
    template.guide_title("Hướng dẫn", widths=(20, 30, 60))
    template.guide_notes(["Một dòng một người."])
    template.guide_columns()
    levels = template.guide_table("Mã cấp học", [("MN", "Mầm non"), ("TH", "Tiểu học")])
    template.validate("level", table=levels)
    template.validate("gender", values=("Nam", "Nữ"))
    return openpyxl.load_workbook(io.BytesIO(template.content()))


def test_the_template_builder_writes_the_header_the_guide_and_the_list_validations():
    workbook = _template()
    sheet, guide = workbook["Danh sách"], workbook["Hướng dẫn"]
    assert [cell.value for cell in sheet[1]] == ["Mã", "Giới tính (Nam/Nữ)", "Cấp học"]
    assert all(cell.font.b for cell in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 12 and sheet.column_dimensions["A"].number_format == "@"
    assert guide["A1"].value == "Hướng dẫn" and guide["A3"].value == "• Một dòng một người."
    assert [guide["A5"].value, guide["B6"].value, guide["C6"].value] == ["Cột", "Bắt buộc", "Mã cán bộ."]
    assert [guide["A11"].value, guide["A12"].value] == ["MN", "TH"]
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations == {"C2:C101": "'Hướng dẫn'!$A$11:$A$12", "B2:B101": '"Nam,Nữ"'}


def test_the_template_builder_writes_formula_looking_text_as_text():
    cell = _template()["Danh sách"]["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s" and cell.quotePrefix

"""Job kind ``ministry_report``: the Sở's yearly BDTX report in the Ministry's shape, as an Excel file.

The table is reports.chain_selectors.results_table over the Sở's subtree, the same as the page. The job stores
the year only; the Sở is recomputed from the requester (an officer of that Sở, or an admin) when it runs.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from bdtx.excel_text import put_cell
from bdtx.ids import plain_id
from years.selectors import years_visible_to

from .chain_selectors import ministry_department, result_counts, results_table
from .exporters import PAPERSIZE_A4, safe_cell
from .jobs import JobError, job_temp_path
from .registry import job_handler

KIND = "ministry_report"
TITLE = gettext_lazy("BÁO CÁO KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC %(year)s")
PERCENT = "0.0"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


def ministry_report_title(*, year):
    return str(TITLE) % {"year": year.name}


def _resolve(*, user, params):
    """(year, Sở) for the requester; the stored year id is checked against what the user may see now."""
    year_id = params.get("year") if isinstance(params, dict) else None
    year = years_visible_to(user=user).filter(pk=plain_id(year_id)).first()
    if year is None:
        raise JobError(_("Năm học đã chọn không còn thuộc phạm vi của bạn nên không lập được báo cáo."))
    department = ministry_department(user=user, year=year)
    if department is None:
        raise JobError(_("Chỉ chuyên viên Sở GD&ĐT mới lập được báo cáo gửi Bộ."))
    return year, department


def _put(sheet, row, column, value, *, bold=False, align="center", number_format=None, fill=None, border=True):
    """Write one cell in normal mode; user text that looks like a formula stays quoted text (bdtx.excel_text)."""
    cell = put_cell(sheet, row, column, value if isinstance(value, str) else safe_cell(value, sheet))
    cell.font = Font(name=_FONT, size=12, bold=bold)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if border:
        cell.border = _BORDER
    if number_format:
        cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    return cell


class MinistryReportExporter:
    """The official table: merged two-row header, one row per level × audience, totals at the bottom."""

    def __init__(self, *, user, params):
        self.user = user
        self.year, self.department = _resolve(user=user, params=params)
        self.today = timezone.localdate()

    def table(self):
        counts = result_counts(year=self.year, root=self.department)
        return results_table(counts=counts, ruleset=self.year.ruleset)

    def write(self, target, *, progress=None):
        if progress is not None:
            progress(0, 1)
        table = self.table()
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(_("Báo cáo BDTX"))[:31]
        classes = table.classes
        width = 2 + 2 * len(classes) + 3
        last = get_column_letter(width)

        banners = [
            (ministry_report_title(year=self.year), 14, True),
            (self.department.name, 12, True),
            (_("Ngày lập: %(date)s") % {"date": self.today.strftime("%d/%m/%Y")}, 12, False),
        ]
        for number, (text, size, bold) in enumerate(banners, 1):
            cell = _put(sheet, number, 1, text, bold=bold, border=False)
            cell.font = Font(name=_FONT, size=size, bold=bold, italic=number == 3)
            sheet.merge_cells(f"A{number}:{last}{number}")

        top, sub = 5, 6
        header = {"bold": True, "fill": _HEADER_FILL}
        for column, text in ((1, _("Cấp học")), (2, _("Đối tượng"))):
            _put(sheet, top, column, text, **header)
            _put(sheet, sub, column, "", **header)
            sheet.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
        column = 3
        for _code, label in classes:
            _put(sheet, top, column, label, **header)
            _put(sheet, top, column + 1, "", **header)
            sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + 1)
            _put(sheet, sub, column, _("Số lượng"), **header)
            _put(sheet, sub, column + 1, _("Tỷ lệ (%)"), **header)
            column += 2
        for text in (_("Tổng số"), _("Tỷ lệ hoàn thành (%)"), _("Chưa có kết quả")):
            _put(sheet, top, column, text, **header)
            _put(sheet, sub, column, "", **header)
            sheet.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
            column += 1

        row_number = sub
        level_cells = []
        for row in [*table.rows, *table.totals]:
            row_number += 1
            bold = row.is_total
            _put(sheet, row_number, 1, row.label, bold=bold, align="left")
            _put(sheet, row_number, 2, row.audience_label, bold=bold, align="left")
            column = 3
            for count, share in row.cells:
                _put(sheet, row_number, column, count, bold=bold, number_format="#,##0")
                _put(
                    sheet,
                    row_number,
                    column + 1,
                    float(share) if share is not None else None,
                    bold=bold,
                    number_format=PERCENT,
                )
                column += 2
            rate = row.completion_rate
            _put(sheet, row_number, column, row.total, bold=bold, number_format="#,##0")
            _put(
                sheet,
                row_number,
                column + 1,
                float(rate) if rate is not None else None,
                bold=bold,
                number_format=PERCENT,
            )
            _put(sheet, row_number, column + 2, row.no_result, bold=bold, number_format="#,##0")
            if row.span > 1:
                level_cells.append((row_number, row_number + row.span - 1))
        # The audiences of a level share one "Cấp học" cell, as on the paper form (merged once every row is written).
        for first, last_row in level_cells:
            sheet.merge_cells(start_row=first, start_column=1, end_row=last_row, end_column=1)

        note_row = row_number + 2
        _put(
            sheet,
            note_row,
            1,
            _(
                "Ghi chú: Tổng số là số người đã có kết quả đánh giá; tỷ lệ từng loại và tỷ lệ hoàn thành tính trên "
                "tổng số. “Chưa có kết quả”: cán bộ, giáo viên đang công tác chưa có kết quả năm học."
            ),
            align="left",
            border=False,
        )
        sheet.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=width)
        sheet.row_dimensions[note_row].height = 32

        sheet.column_dimensions["A"].width = 22
        sheet.column_dimensions["B"].width = 18
        for index in range(3, width + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 11
        sheet.freeze_panes = f"C{sub + 1}"
        sheet.print_title_rows = f"{top}:{sub}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        workbook.properties.creator = "BDTX"
        workbook.properties.title = ministry_report_title(year=self.year)[:255]
        workbook.save(target)
        if progress is not None:
            progress(1, 1)
        return len(table.rows)

    def get_filename(self):
        code = "".join(ch for ch in self.department.code if ch.isalnum() or ch in "-_")
        return f"bao-cao-bdtx-{code}-{self.year.start_year}-{self.year.start_year + 1}.xlsx"


@job_handler(KIND, label=gettext_lazy("Báo cáo kết quả BDTX gửi Bộ (Excel)"))
def ministry_report(job, progress):
    exporter = MinistryReportExporter(user=job.requester, params=job.params)
    path = job_temp_path(job=job, suffix=".xlsx")
    exporter.write(path, progress=progress)
    return exporter.get_filename(), path

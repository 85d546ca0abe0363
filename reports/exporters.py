"""The exporter base class: one list, one sheet, streamed to .xlsx with openpyxl's write-only mode.

A subclass names its columns and yields rows from the same selector as the screen::

    class StaffExporter(ListExporter):
        title = "DANH SÁCH CÁN BỘ, GIÁO VIÊN"
        sheet_name = "Cán bộ"
        columns = [Column("STT", 6, align="center"), Column("Họ và tên", 28), Column("Ngày sinh", 12, DATE)]

        def rows(self):
            for number, staff in enumerate(self.queryset.iterator(), 1):
                yield [number, staff.full_name, staff.birth_date]

Layout, as on the official lists: title (bold, centred across the table), optional subtitle lines, a blank
line, the header row (bold, wrapped, bordered, repeated on every printed page, frozen on screen, with
filters), then the data rows with borders and each column's number format. Dates are real dates shown
dd/mm/yyyy. Text from users goes through ``safe_cell``: it can never become a formula.

Official forms with merged multi-row headers are dedicated subclasses that use openpyxl's normal mode.
"""

import datetime
import re
from collections.abc import Iterator, Sequence
from copy import copy
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from bdtx.excel_text import clean_text, is_formula_like, keep_as_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAPERSIZE_A4 = "9"
DATE = "dd/mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"
INTEGER = "#,##0"
DECIMAL = "0.0"
TEXT = "@"

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT_NAME = "Times New Roman"


def safe_cell(value, worksheet, *, style_from=None):
    """A value ready for a write-only sheet; user text that looks like a formula becomes a text cell.

    Such text is stored as an inline string (``data_type "s"``) with Excel's quote prefix, so it shows
    exactly as typed and stays text even when someone edits the cell. Other values are returned as they
    are, or as a ``WriteOnlyCell`` carrying the style of ``style_from`` when given.
    """
    if isinstance(value, str):
        value = clean_text(value)
        if is_formula_like(value):
            cell = WriteOnlyCell(worksheet)
            if style_from is not None:
                cell._style = copy(style_from._style)
            cell.value = value
            return keep_as_text(cell)
    elif isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    if style_from is None:
        return value
    cell = WriteOnlyCell(worksheet, value=None if value == "" else value)
    cell._style = copy(style_from._style)
    return cell


@dataclass(frozen=True)
class Column:
    """One column: its header, width (in characters), number format and alignment."""

    header: str
    width: float = 15
    number_format: str = "General"
    align: str = "left"
    wrap: bool = True


class ListExporter:
    """Base class of every list export. Subclasses set ``columns`` and implement ``rows()``."""

    title = ""
    sheet_name = "Danh sách"
    filename = "danh-sach.xlsx"
    columns: Sequence[Column] = ()
    # Progress is reported every this many rows.
    progress_every = 500

    @property
    def headers(self):
        return [str(column.header) for column in self.columns]

    def subtitle_lines(self):
        """Lines under the title (unit, filters, date of export)."""
        return []

    def rows(self) -> Iterator[Sequence]:
        raise NotImplementedError

    def total(self):
        """Number of rows to come, for the progress bar; None when unknown."""
        return None

    def get_filename(self):
        return self.filename

    # ---------------------------------------------------------------------------------------- writing

    def _sheet_title(self):
        name = _SHEET_NAME_FORBIDDEN.sub(" ", str(self.sheet_name)).strip("' ") or "Sheet1"
        return name[:31]

    def _column_styles(self, worksheet):
        styles = []
        for column in self.columns:
            cell = WriteOnlyCell(worksheet)
            cell.font = Font(name=_FONT_NAME, size=12)
            cell.border = _BORDER
            cell.alignment = Alignment(horizontal=column.align, vertical="top", wrap_text=column.wrap)
            cell.number_format = column.number_format
            styles.append(cell)
        return styles

    def _banner(self, worksheet, text, *, size, bold=False, italic=False):
        # A title or subtitle line may hold a unit name typed by a user.
        cell = keep_as_text(WriteOnlyCell(worksheet, value=clean_text(str(text))))
        cell.font = Font(name=_FONT_NAME, size=size, bold=bold, italic=italic)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        return cell

    def write(self, target, *, progress=None):
        """Write the workbook to ``target`` (a path or a binary file); returns the number of data rows."""
        width = len(self.columns)
        if not width:
            raise ValueError(f"{type(self).__name__} has no columns")
        last_letter = get_column_letter(width)
        total = self.total()
        if progress is not None:
            progress(0, total)

        workbook = Workbook(write_only=True)
        workbook.properties.creator = "BDTX"
        workbook.properties.title = str(self.title)[:255]
        sheet = workbook.create_sheet(title=self._sheet_title())
        for index, column in enumerate(self.columns, 1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

        banners = [(self.title, 14, True, False)] if self.title else []
        banners += [(line, 12, False, True) for line in self.subtitle_lines()]
        header_row = len(banners) + (2 if banners else 1)
        # Sheet views and print titles must be set before the first row is written.
        sheet.freeze_panes = f"A{header_row + 1}"
        sheet.print_title_rows = f"{header_row}:{header_row}"

        row_number = 0
        for text, size, bold, italic in banners:
            row_number += 1
            sheet.append([self._banner(sheet, text, size=size, bold=bold, italic=italic)])
            if width > 1:
                sheet.merged_cells.add(f"A{row_number}:{last_letter}{row_number}")
        if banners:
            row_number += 1
            sheet.append([])

        header_cells = []
        for column in self.columns:
            cell = WriteOnlyCell(sheet, value=clean_text(str(column.header)))
            cell.data_type = "s"
            cell.font = Font(name=_FONT_NAME, size=12, bold=True)
            cell.border = _BORDER
            cell.fill = PatternFill("solid", fgColor="D9E1F2")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header_cells.append(cell)
        sheet.append(header_cells)

        styles = self._column_styles(sheet)
        written = 0
        for values in self.rows():
            sheet.append(
                [safe_cell(value, sheet, style_from=style) for value, style in zip(values, styles, strict=False)]
            )
            written += 1
            if progress is not None and written % self.progress_every == 0:
                progress(written, total)
        sheet.auto_filter.ref = f"A{header_row}:{last_letter}{header_row + max(written, 1)}"
        workbook.save(target)
        if progress is not None:
            progress(written, written)
        return written

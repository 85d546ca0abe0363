"""The one exporter family: every Excel file the product writes is a subclass of one of these (imports no app).

- ``ListExporter``: one list on one sheet. A subclass names its columns and yields rows from the same selector
  as the screen::

      class StaffExporter(ListExporter):
          title = "DANH SÁCH CÁN BỘ, GIÁO VIÊN"
          sheet_name = "Cán bộ"
          columns = [Column("STT", 6, align="center"), Column("Họ và tên", 28), Column("Ngày sinh", 12, DATE)]

          def rows(self):
              for number, staff in enumerate(self.queryset.iterator(), 1):
                  yield [number, staff.full_name, staff.birth_date]

- ``MultiSheetExporter``: a list exporter whose ``sheets()`` gives several ``SheetSpec`` (a summary and its
  details, one sheet per unit…);
- ``OfficialFormExporter``: a list exporter laid out as an official form: the issuing unit under its superior at
  top left, the national heading at top right, the title, the table, and the signature block ("NGƯỜI LẬP BIỂU" /
  the head's title and name under the place and date line, all from ``letterhead()`` and ``signature()``,
  which ``accounts.letterheads.UnitFormMixin`` gives from the unit's settings). It may have several sheets too.

Layout of a sheet, written with openpyxl's write-only mode: the official head when the exporter has one, the
title (bold, centred across the table), optional subtitle lines, a blank line, the header row or two rows of
header (``Group``: columns under one merged cell; bold, wrapped, bordered, repeated on every printed page, frozen
on screen), the data rows with borders and each column's number format, total rows, footer lines, the signature
block. Dates are real dates shown dd/mm/yyyy. Text from users goes through ``safe_cell``: it can never become a
formula (``core.excel_text``).
"""

import datetime
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.excel_text import clean_text, is_formula_like, keep_as_text

from .documents import NATIONAL_HEADING, NATIONAL_MOTTO, SEAL_NOTE
from .documents import SIGN_NOTE as SIGN_NOTE_TEXT
from .excel_import import XLSX_CONTENT_TYPE

PAPERSIZE_A4 = "9"
DATE = "dd/mm/yyyy"
INTEGER = "#,##0"
PERCENT = "0.0"
FONT_NAME = "Times New Roman"

PREPARER = gettext_lazy("NGƯỜI LẬP BIỂU")

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


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


# ---------------------------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column: its header, width (in characters), number format and alignment."""

    header: str
    width: float = 15
    number_format: str = "General"
    align: str = "left"
    wrap: bool = True


@dataclass(frozen=True)
class Group:
    """Columns under one merged header cell (a two-row header)."""

    header: str
    columns: tuple


@dataclass(frozen=True)
class Look:
    """How a cell looks: font, alignment, border, header fill, number format."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: int = 12
    align: str = "left"
    valign: str = "center"
    wrap: bool = False
    border: bool = False
    fill: bool = False
    number_format: str = "General"


TITLE = Look(bold=True, size=14, align="center")
BANNER = Look(align="center")
BANNER_BOLD = Look(bold=True, align="center")
MOTTO = Look(bold=True, underline=True, align="center")
SUBTITLE = Look(italic=True, align="center")
HEADER = Look(bold=True, align="center", wrap=True, border=True, fill=True)
SIGN_NOTE = Look(italic=True, align="center")
FOOTER = Look(align="left", wrap=True)


@dataclass
class SheetSpec:
    """One sheet: its name, title, subtitle lines (text, or (text, Look)), table layout and rows.

    ``total_rows`` are written bold under the data; ``merges`` are (first row, first column, last row, last
    column) counted from the first data row (1) and column (1); ``freeze_columns`` stay on screen when scrolling
    right; ``auto_filter`` puts Excel's filters on the header.
    """

    name: str
    title: str
    layout: Sequence  # Column | Group
    rows: Iterable  # lists of values, one per column
    subtitle_lines: list = field(default_factory=list)
    total_rows: list = field(default_factory=list)
    footer_lines: list = field(default_factory=list)
    merges: list = field(default_factory=list)
    freeze_columns: int = 0
    auto_filter: bool = False

    @property
    def columns(self):
        columns = []
        for item in self.layout:
            columns.extend(item.columns if isinstance(item, Group) else [item])
        return columns

    @property
    def header_rows(self):
        return 2 if any(isinstance(item, Group) for item in self.layout) else 1

    @property
    def banners(self):
        """(text, Look) of the title and subtitle lines."""
        lines = [(self.title, TITLE)] if self.title else []
        for line in self.subtitle_lines:
            lines.append(line if isinstance(line, tuple) else (line, SUBTITLE))
        return lines


class SheetWriter:
    """Writes cells and merges row after row to a write-only sheet."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.row_number = 0
        self._styles = {}

    def style(self, look, number_format=None):
        """A cell with the style of ``look``: built once per look, its style then copied into each cell (fast for
        long lists)."""
        key = (look, number_format or look.number_format)
        template = self._styles.get(key)
        if template is None:
            template = WriteOnlyCell(self.sheet)
            template.font = Font(
                name=FONT_NAME,
                size=look.size,
                bold=look.bold,
                italic=look.italic,
                underline="single" if look.underline else None,
            )
            template.alignment = Alignment(horizontal=look.align, vertical=look.valign, wrap_text=look.wrap)
            if look.border:
                template.border = _BORDER
            if look.fill:
                template.fill = _HEADER_FILL
            template.number_format = key[1]
            self._styles[key] = template
        return template

    def row(self, cells):
        """``cells``: [(value, Look, number_format or None)] from column 1, None for an empty cell."""
        self.row_number += 1
        written = []
        for spec in cells:
            if spec is None:
                written.append(None)
                continue
            value, look, *rest = spec
            number_format = rest[0] if rest else None
            written.append(safe_cell(value, self.sheet, style_from=self.style(look, number_format)))
        self.sheet.append(written)
        return self.row_number

    def data_row(self, values, styles):
        """A table row: one value and one ``style()`` per column, looked up once for the whole table."""
        self.row_number += 1
        sheet = self.sheet
        sheet.append([safe_cell(value, sheet, style_from=style) for value, style in zip(values, styles, strict=False)])

    def blank(self):
        self.row_number += 1
        self.sheet.append([])

    def merge(self, first_row, first_column, last_row, last_column):
        if (first_row, first_column) == (last_row, last_column):
            return
        reference = f"{get_column_letter(first_column)}{first_row}:{get_column_letter(last_column)}{last_row}"
        self.sheet.merged_cells.add(reference)

    def line(self, text, look, width):
        """A line of text merged across the table."""
        row = self.row([(str(text), look)])
        self.merge(row, 1, row, width)

    def pair(self, left, right, *, split, width):
        """A row of two blocks, columns 1…split and split+1…width, each merged; None leaves a block empty."""
        row = self.row([left] + [None] * (split - 1) + [right])
        if left is not None:
            self.merge(row, 1, row, split)
        self.merge(row, split + 1, row, width)


# ---------------------------------------------------------------------------------------------------------------
# The exporters
# ---------------------------------------------------------------------------------------------------------------


class ListExporter:
    """One list on one sheet. Subclasses set ``columns`` and implement ``rows()``; or give ``sheets()``."""

    title = ""
    sheet_name = "Danh sách"
    filename = "danh-sach.xlsx"
    columns: Sequence[Column] = ()
    # Progress is reported every this many rows.
    progress_every = 500
    # Rows an official form writes above the title (see OfficialFormExporter).
    head_height = 0

    @property
    def headers(self):
        return [str(column.header) for column in self.columns]

    def subtitle_lines(self):
        """Lines under the title (unit, filters, date of export)."""
        return []

    def rows(self) -> Iterator[Sequence]:
        raise NotImplementedError

    def sheets(self):
        """The sheets of the file; a list exporter has one, with filters on its header."""
        return [
            SheetSpec(
                name=self.sheet_name,
                title=self.title,
                layout=self.columns,
                rows=self.rows(),
                subtitle_lines=self.subtitle_lines(),
                auto_filter=True,
            )
        ]

    def total(self):
        """Number of rows to come, for the progress bar; None when unknown."""
        return None

    def get_filename(self):
        return self.filename

    def write_head(self, out, width):
        """Rows above the title: ``head_height`` of them (none for a plain list)."""

    def write_tail(self, out, width):
        """Rows under the table and its footer (none for a plain list)."""

    # ---------------------------------------------------------------------------------------------------- writing

    def write(self, target, *, progress=None):
        """Write the workbook to ``target`` (a path or a binary file); returns the number of data rows."""
        total = self.total()
        if progress is not None:
            progress(0, total)
        workbook = Workbook(write_only=True)
        workbook.properties.creator = "BDTX"
        if self.title:
            workbook.properties.title = str(self.title)[:255]
        written = 0
        for spec in self.sheets():
            written = self._write_sheet(workbook, spec, written, total, progress)
        workbook.save(target)
        if progress is not None:
            progress(written, written)
        return written

    def _write_sheet(self, workbook, spec, written, total, progress):
        columns = spec.columns
        width = len(columns)
        if not width:
            raise ValueError(f"{type(self).__name__} has no columns")
        sheet = workbook.create_sheet(title=sheet_title(spec.name))
        for index, column in enumerate(columns, 1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        banners = spec.banners
        header_first = self.head_height + (len(banners) + 1 if banners else 0) + 1
        header_last = header_first + spec.header_rows - 1
        # Views and print titles must be set before the first row in write-only mode.
        sheet.freeze_panes = f"{get_column_letter(spec.freeze_columns + 1)}{header_last + 1}"
        sheet.print_title_rows = f"{header_first}:{header_last}"

        out = SheetWriter(sheet)
        self.write_head(out, width)
        for text, look in banners:
            out.line(text, look, width)
        if banners:
            out.blank()
        _write_header(out, spec)
        assert out.row_number == header_last

        styles = [
            out.style(Look(border=True, align=column.align, valign="top", wrap=column.wrap), column.number_format)
            for column in columns
        ]
        sheet_rows = 0
        for values in spec.rows:
            out.data_row(values, styles)
            sheet_rows += 1
            written += 1
            if progress is not None and written % self.progress_every == 0:
                progress(written, total)
        for values in spec.total_rows:
            out.row(
                [
                    (value, Look(bold=True, border=True, align=column.align, wrap=column.wrap), column.number_format)
                    for value, column in zip(values, columns, strict=False)
                ]
            )
        for first_row, first_column, last_row, last_column in spec.merges:
            out.merge(header_last + first_row, first_column, header_last + last_row, last_column)
        if spec.auto_filter:
            sheet.auto_filter.ref = f"A{header_last}:{get_column_letter(width)}{header_last + max(sheet_rows, 1)}"
        if spec.footer_lines:
            out.blank()
            for line in spec.footer_lines:
                out.line(line, FOOTER, width)
        self.write_tail(out, width)
        return written


class MultiSheetExporter(ListExporter):
    """A workbook of several sheets: subclasses give ``sheets()``, a list of ``SheetSpec``."""

    def sheets(self):
        raise NotImplementedError


class OfficialFormExporter(ListExporter):
    """A list laid out as an official form: the issuing unit under its superior, the national heading, the title,
    the table and the signature block. Subclasses give ``issuer_lines()`` and the content of a list exporter
    (``columns`` and ``rows()``, or ``sheets()``)."""

    progress_every = 200
    head_height = 3  # two heading lines and a blank

    def __init__(self):
        self.today = timezone.localdate()

    def letterhead(self):
        """The issuing unit's ``core.documents.Letterhead`` (``accounts.letterheads.UnitFormMixin`` gives it)."""
        raise NotImplementedError

    def signature(self):
        """The head of unit's ``core.documents.Signature``."""
        raise NotImplementedError

    @staticmethod
    def _split(width):
        """The last column of the left block (issuer, preparer); the right block (nation, head of unit) follows."""
        return max(1, min(width - 1, math.ceil(width * 0.4)))

    def write_head(self, out, width):
        letterhead = self.letterhead()
        split = self._split(width)
        out.pair((letterhead.superior, BANNER), (str(NATIONAL_HEADING), BANNER_BOLD), split=split, width=width)
        out.pair((letterhead.issuer, BANNER_BOLD), (str(NATIONAL_MOTTO), MOTTO), split=split, width=width)
        out.blank()

    def write_tail(self, out, width):
        split = self._split(width)
        signer = self.signature()
        out.blank()
        out.pair(None, (self.letterhead().date_line, SIGN_NOTE), split=split, width=width)
        if signer.capacity:
            out.pair(None, (signer.capacity, BANNER_BOLD), split=split, width=width)
        out.pair((str(PREPARER), BANNER_BOLD), (signer.title, BANNER_BOLD), split=split, width=width)
        out.pair((str(SIGN_NOTE_TEXT), SIGN_NOTE), (str(SEAL_NOTE), SIGN_NOTE), split=split, width=width)
        if signer.name:
            for _blank in range(3):
                out.blank()
            out.pair(None, (signer.name, BANNER_BOLD), split=split, width=width)


def sheet_title(name):
    """A sheet name Excel accepts: forbidden characters replaced, at most 31 characters."""
    name = _SHEET_NAME_FORBIDDEN.sub(" ", str(name)).strip("' ") or "Sheet1"
    return name[:31]


def _write_header(out, spec):
    columns = spec.columns
    if spec.header_rows == 1:
        out.row([(str(column.header), HEADER) for column in columns])
        return
    top, bottom, merges = [], [], []
    first = out.row_number + 1
    for item in spec.layout:
        start = len(top) + 1
        if isinstance(item, Group):
            top.append((str(item.header), HEADER))
            top.extend([("", HEADER)] * (len(item.columns) - 1))
            bottom.extend((str(column.header), HEADER) for column in item.columns)
            merges.append((first, start, first, start + len(item.columns) - 1))
        else:
            top.append((str(item.header), HEADER))
            bottom.append(("", HEADER))
            merges.append((first, start, first + 1, start))
    out.row(top)
    out.row(bottom)
    for merge in merges:
        out.merge(*merge)


def xlsx_download(content, filename):
    """An Excel file the browser saves under ``filename`` (an import template, built in memory)."""
    return HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )

"""Excel files of the BDTX results, laid out like the official lists.

- ``ClassificationListExporter``: the "Danh sách xếp loại kết quả BDTX" of a school, or of every school of a Phòng
  or a Sở with a unit column (write-only mode, merged headers);
- ``ResultSummaryExporter``: the Phòng or Sở summary per unit (write-only mode; a Sở gets a per-school sheet);
- ``NotCompletedExporter``: who did not complete the plan, and why (write-only mode);
- ``YearComparisonExporter``: results by year for one unit (write-only mode).

Every file has the official head: the superior unit and the unit at top left, the national heading at top right,
the title, the table with its (possibly two-row) header, a totals row, and the signature block ("NGƯỜI LẬP
BIỂU" / "THỦ TRƯỞNG ĐƠN VỊ" under the place and date line). Each exporter reads the same selector as the
screen (``reports.results``) and rebuilds it from the requesting user; every text cell goes through
``reports.exporters.safe_cell``, so a name typed as ``=HYPERLINK(…)`` stays text.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from accounts import scoping
from accounts.models import OrgUnit
from accounts.permissions import Cap, can
from bdtx.ids import plain_id
from plans.selectors import years_visible_to

from . import results
from .exporters import DATE, PAPERSIZE_A4, Column, safe_cell
from .jobs import JobError

FONT_NAME = "Times New Roman"
PERCENT = "0.0"
SCORE = "0.0#"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")

NATIONAL_HEADING = gettext_lazy("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
NATIONAL_MOTTO = gettext_lazy("Độc lập - Tự do - Hạnh phúc")
PREPARER = gettext_lazy("NGƯỜI LẬP BIỂU")
HEAD_OF_UNIT = gettext_lazy("THỦ TRƯỞNG ĐƠN VỊ")


def year_label(year):
    """The school year as the official titles write it: 2025-2026."""
    return f"{year.start_year}-{year.start_year + 1}"


def date_line(day):
    return _("……………, ngày %(d)02d tháng %(m)02d năm %(y)s") % {"d": day.day, "m": day.month, "y": day.year}


# ---------------------------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """Columns under one merged header cell (a two-row header)."""

    header: str
    columns: tuple


@dataclass(frozen=True)
class Look:
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
FOOTER = Look(align="left")


@dataclass
class SheetSpec:
    """One sheet of an official list."""

    name: str
    title: str
    layout: Sequence  # Column | Group
    rows: Iterable  # lists of values, one per column
    subtitle_lines: list = field(default_factory=list)
    total_row: list | None = None
    footer_lines: list = field(default_factory=list)
    landscape: bool = True

    @property
    def columns(self):
        columns = []
        for item in self.layout:
            columns.extend(item.columns if isinstance(item, Group) else [item])
        return columns

    @property
    def header_rows(self):
        return 2 if any(isinstance(item, Group) for item in self.layout) else 1


class _Writer:
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


class OfficialListExporter:
    """Base of the official lists: subclasses give ``unit``, ``sheets()`` and ``get_filename()``."""

    progress_every = 200

    def __init__(self, *, user, params):
        self.user = user
        self.params = params if isinstance(params, dict) else {}
        self.today = timezone.localdate()

    # --- parameters, rebuilt for the user ------------------------------------------------------------------------

    def _year(self):
        year_id = self.params.get("year")
        year = years_visible_to(user=self.user).filter(pk=plain_id(year_id)).select_related("department").first()
        if year is None:
            raise JobError(_("Năm học đã chọn không còn thuộc phạm vi của bạn nên không xuất được tệp."))
        return year

    def _unit(self, *, year=None):
        if not can(self.user, Cap.REPORT):
            raise JobError(_("Bạn không có quyền xem kết quả BDTX của đơn vị này."))
        unit_id = self.params.get("unit")
        unit = scoping.visible_units(self.user).filter(pk=plain_id(unit_id)).select_related("parent").first()
        if unit is None or (year is not None and not unit.is_within(year.department)):
            raise JobError(_("Đơn vị đã chọn không còn thuộc phạm vi của bạn nên không xuất được tệp."))
        return unit

    # --- content ---------------------------------------------------------------------------------------------------

    def sheets(self):
        raise NotImplementedError

    def total(self):
        return None

    def get_filename(self):
        raise NotImplementedError

    def _code(self, unit):
        return "".join(ch for ch in unit.code if ch.isalnum() or ch in "-_")

    # --- writing ---------------------------------------------------------------------------------------------------

    def write(self, target, *, progress=None):
        """Write the workbook to ``target`` (a path or a binary file); returns the number of data rows."""
        total = self.total()
        if progress is not None:
            progress(0, total)
        workbook = Workbook(write_only=True)
        workbook.properties.creator = "BDTX"
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
        sheet = workbook.create_sheet(title=str(spec.name)[:31])
        for index, column in enumerate(columns, 1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.page_setup.orientation = "landscape" if spec.landscape else "portrait"
        sheet.page_setup.paperSize = PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        # Rows above the header: 2 heading rows, a blank, the title, the subtitles, a blank.
        header_first = 2 + 1 + 1 + len(spec.subtitle_lines) + 1 + 1
        header_last = header_first + spec.header_rows - 1
        # Views and print titles must be set before the first row in write-only mode.
        sheet.freeze_panes = f"A{header_last + 1}"
        sheet.print_title_rows = f"{header_first}:{header_last}"

        out = _Writer(sheet)
        split = max(1, min(width - 1, math.ceil(width * 0.4)))
        left = self._heading_lines()
        right = [(str(NATIONAL_HEADING), BANNER_BOLD), (str(NATIONAL_MOTTO), MOTTO)]
        for (left_text, left_look), (right_text, right_look) in zip(left, right, strict=True):
            row = out.row([(left_text, left_look)] + [None] * (split - 1) + [(right_text, right_look)])
            out.merge(row, 1, row, split)
            out.merge(row, split + 1, row, width)
        out.blank()
        row = out.row([(str(spec.title), TITLE)])
        out.merge(row, 1, row, width)
        for line in spec.subtitle_lines:
            row = out.row([(str(line), SUBTITLE)])
            out.merge(row, 1, row, width)
        out.blank()

        self._write_header(out, spec)
        assert out.row_number == header_last

        styles = [
            out.style(Look(border=True, align=column.align, valign="top", wrap=column.wrap), column.number_format)
            for column in columns
        ]
        for values in spec.rows:
            out.data_row(values, styles)
            written += 1
            if progress is not None and written % self.progress_every == 0:
                progress(written, total)
        if spec.total_row is not None:
            out.row(
                [
                    (value, Look(bold=True, border=True, align=column.align, wrap=column.wrap), column.number_format)
                    for value, column in zip(spec.total_row, columns, strict=False)
                ]
            )
        if spec.footer_lines:
            out.blank()
            for line in spec.footer_lines:
                row = out.row([(str(line), FOOTER)])
                out.merge(row, 1, row, width)
        out.blank()
        signature = [
            (None, (date_line(self.today), SIGN_NOTE)),
            ((str(PREPARER), BANNER_BOLD), (str(HEAD_OF_UNIT), BANNER_BOLD)),
            ((_("(Ký, ghi rõ họ tên)"), SIGN_NOTE), (_("(Ký tên, đóng dấu)"), SIGN_NOTE)),
        ]
        for left_cell, right_cell in signature:
            row = out.row([left_cell] + [None] * (split - 1) + [right_cell])
            if left_cell is not None:
                out.merge(row, 1, row, split)
            out.merge(row, split + 1, row, width)
        return written

    def _heading_lines(self):
        """The two lines at top left: the superior unit (upper case) and the unit (upper case, bold)."""
        unit = self.unit
        parent = unit.parent if unit.parent_id and unit.kind != OrgUnit.Kind.DEPARTMENT else None
        return [
            ((parent.name.upper() if parent else ""), BANNER),
            (unit.name.upper(), BANNER_BOLD),
        ]

    def _write_header(self, out, spec):
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

    # ---------------------------------------------------------------------------------------------------------------
    # The school's classification list
    # ---------------------------------------------------------------------------------------------------------------

    def unit_sheets(self, name, rows, *, title, subtitle, footer=()):
        """A sheet with one row per unit of the page and the totals and, when some rows are offices (Phòng), a sheet
        with every school beside its office. The exporter gives ``layout``, ``_values`` and ``_total``."""
        specs = [
            SheetSpec(
                name=name,
                title=title,
                subtitle_lines=subtitle,
                layout=self.layout(),
                rows=(self._values(row, n) for n, row in enumerate(rows, 1)),
                total_row=self._total(),
                footer_lines=list(footer),
            )
        ]
        if any(row.is_office for row in rows):
            schools = [
                (school, row.unit.name if row.is_office else self.unit.name)
                for row in rows
                for school in (row.children if row.is_office else [row])
            ]
            specs.append(
                SheetSpec(
                    name=_("Chi tiết theo trường"),
                    title=title,
                    subtitle_lines=subtitle,
                    layout=self.layout(with_office=True),
                    rows=(self._values(s, n, office=o) for n, (s, o) in enumerate(schools, 1)),
                    total_row=self._total(with_office=True),
                    footer_lines=list(footer),
                )
            )
        return specs


class ClassificationListExporter(OfficialListExporter):
    """Danh sách xếp loại kết quả BDTX of a school, or of every school below a Phòng or a Sở (then with an "Đơn vị"
    column); two-row header."""

    def __init__(self, *, user, params):
        super().__init__(user=user, params=params)
        self.year = self._year()
        self.unit = self._unit(year=self.year)
        self.with_school = self.unit.kind != OrgUnit.Kind.SCHOOL
        self.rows = results.results_list(user=user, year=self.year, school=self.unit)

    def total(self):
        return len(self.rows)

    def layout(self):
        return [
            Column(_("STT"), 6, "0", align="center"),
            Column(_("Họ và tên"), 26),
            Column(_("Ngày sinh"), 12, DATE, align="center"),
            Column(_("Chức vụ"), 16),
            *([Column(_("Đơn vị"), 30)] if self.with_school else []),
            Column(_("Cấp học/Tổ"), 16),
            Group(
                _("Điểm"),
                (
                    Column(_("ND1"), 8, SCORE, align="center"),
                    Column(_("ND2"), 8, SCORE, align="center"),
                    Column(_("ĐTB ND3"), 9, SCORE, align="center"),
                ),
            ),
            Column(_("ĐTB"), 8, "0.0", align="center"),
            Column(_("Xếp loại"), 18, align="center"),
            Column(_("Ghi chú"), 34),
        ]

    def _values(self):
        # Labels are translated once per value, not once per row: a Sở list has tens of thousands of rows.
        labels = {}

        def once(key, make):
            if key not in labels:
                labels[key] = make()
            return labels[key]

        for row in self.rows:
            staff = row.staff
            yield [
                row.number,
                staff.full_name,
                staff.birth_date,
                once(("position", staff.position), staff.get_position_display),
                *([row.plan.school_name] if self.with_school else []),
                staff.subject_group or once(("level", staff.level), staff.get_level_display),  # ListRow.group
                row.nd1,
                row.nd2,
                row.nd3_average,
                row.average,
                once(("class", row.classification), lambda row=row: row.class_label),
                row.note,
            ]

    def sheets(self):
        return [
            SheetSpec(
                name=_("Xếp loại BDTX"),
                title=_("DANH SÁCH XẾP LOẠI KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC %(year)s")
                % {"year": year_label(self.year)},
                subtitle_lines=[self.unit.name],
                layout=self.layout(),
                rows=self._values(),
                footer_lines=[results.list_totals_text(self.rows, self.year)],
            )
        ]

    def get_filename(self):
        return f"danh-sach-xep-loai-bdtx-{self._code(self.unit)}-{self.year.start_year}-{self.year.start_year + 1}.xlsx"


# ---------------------------------------------------------------------------------------------------------------
# The Phòng / Sở summary
# ---------------------------------------------------------------------------------------------------------------


class ResultSummaryExporter(OfficialListExporter):
    """Bảng tổng hợp kết quả BDTX theo đơn vị (write-only; a Sở with Phòng also gets a per-school sheet)."""

    def __init__(self, *, user, params):
        super().__init__(user=user, params=params)
        self.year = self._year()
        self.unit = self._unit(year=self.year)
        self.summary = results.results_by_unit(user=user, year=self.year, root=self.unit).fill_school_cells()

    def total(self):
        return len(self.summary.rows)

    def layout(self, *, with_office=False):
        layout = [Column(_("STT"), 6, "0", align="center"), Column(_("Đơn vị"), 34)]
        if with_office:
            layout.append(Column(_("Thuộc"), 24))
        layout += [
            Column(_("CB, GV đang công tác"), 10, "#,##0", align="center"),
            Column(_("Đã có kết quả (cơ sở tính %)"), 11, "#,##0", align="center"),
        ]
        for cls in self.summary.classes:
            layout.append(
                Group(
                    results.class_label(cls),
                    (Column(_("SL"), 8, "#,##0", align="center"), Column(_("%"), 8, PERCENT, align="center")),
                )
            )
        layout += [
            Group(
                _("Tổng số hoàn thành"),
                (Column(_("SL"), 8, "#,##0", align="center"), Column(_("%"), 8, PERCENT, align="center")),
            ),
            # The dashboard's other figures, under the names it gives them.
            Column(_("Không hoàn thành, không đạt"), 10, "#,##0", align="center"),
            Column(_("Đã đủ điểm"), 9, "#,##0", align="center"),
            Column(_("Còn thiếu điểm"), 9, "#,##0", align="center"),
            Column(_("Chưa có kế hoạch được duyệt"), 11, "#,##0", align="center"),
            Column(_("Chưa có kết quả"), 10, "#,##0", align="center"),
            Column(_("Ghi chú"), 26),
        ]
        return layout

    def _note(self, row):
        if row.is_office:
            return _("%(c)s/%(n)s trường đã xác nhận kết quả") % {"c": row.confirmed_schools, "n": row.schools}
        notes = [_("Đã xác nhận kết quả") if row.confirmed else _("Chưa xác nhận kết quả")]
        if row.late:
            notes.append(_("trễ hạn"))
        return ", ".join(notes)

    def _values(self, row, number, *, office=None):
        values = [number, row.unit.name]
        if office is not None:
            values.append(office)
        values += [row.staff, row.evaluated]
        for cell in row.cells:
            values += [cell.count, cell.percent]
        values += [row.completed, row.completion_percent, *self._progress(row), self._note(row)]
        return values

    def _progress(self, row):
        return [row.not_completed, row.scored, row.to_score, row.no_plan, row.no_result]

    def _total(self, *, with_office=False):
        total = self.summary.total
        values = ["", _("Tổng cộng")] + ([""] if with_office else [])
        values += [total.staff, total.evaluated]
        for cell in total.cells:
            values += [cell.count, cell.percent]
        values += [total.completed, total.completion_percent, *self._progress(total)]
        values.append(_("%(c)s/%(n)s trường đã xác nhận kết quả") % {"c": total.confirmed_schools, "n": total.schools})
        return values

    def sheets(self):
        title = _("BẢNG TỔNG HỢP KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC %(year)s") % {"year": year_label(self.year)}
        subtitle = [
            self.unit.name,
            _("Số liệu đến ngày %(date)s") % {"date": self.today.strftime("%d/%m/%Y")},
        ]
        footer = [
            _(
                "Tỷ lệ (%) của mỗi loại và của tổng số hoàn thành tính trên số người đã có kết quả của từng dòng; "
                "người chưa có kết quả không tính vào tỷ lệ."
            )
        ]
        return self.unit_sheets(_("Tổng hợp"), self.summary.rows, title=title, subtitle=subtitle, footer=footer)

    def get_filename(self):
        return f"tong-hop-ket-qua-bdtx-{self._code(self.unit)}-{self.year.start_year}-{self.year.start_year + 1}.xlsx"


# ---------------------------------------------------------------------------------------------------------------
# Who did not complete
# ---------------------------------------------------------------------------------------------------------------


class NotCompletedExporter(OfficialListExporter):
    """Danh sách CBQL, GV chưa hoàn thành kế hoạch BDTX, với lý do (write-only)."""

    def __init__(self, *, user, params):
        super().__init__(user=user, params=params)
        self.year = self._year()
        self.unit = self._unit(year=self.year)
        self.rows = results.not_completed(user=user, year=self.year, root=self.unit)

    def total(self):
        return len(self.rows)

    def layout(self):
        return [
            Column(_("STT"), 6, "0", align="center"),
            Column(_("Họ và tên"), 26),
            Column(_("Ngày sinh"), 12, DATE, align="center"),
            Column(_("Chức vụ"), 16),
            Column(_("Đơn vị"), 30),
            Column(_("Cấp học/Tổ"), 16),
            Column(_("Kết quả"), 20, align="center"),
            Column(_("Lý do"), 50),
        ]

    def _values(self):
        for number, row in enumerate(self.rows, 1):
            yield [
                number,
                row.staff.full_name,
                row.staff.birth_date,
                row.staff.get_position_display(),
                row.school.name,
                row.staff.subject_group or row.staff.get_level_display(),
                row.status,
                row.reason_text,
            ]

    def sheets(self):
        with_result = sum(1 for row in self.rows if row.classification)
        return [
            SheetSpec(
                name=_("Chưa hoàn thành"),
                title=_(
                    "DANH SÁCH CÁN BỘ QUẢN LÝ, GIÁO VIÊN CHƯA HOÀN THÀNH KẾ HOẠCH BỒI DƯỠNG THƯỜNG XUYÊN "
                    "NĂM HỌC %(year)s"
                )
                % {"year": year_label(self.year)},
                subtitle_lines=[self.unit.name],
                layout=self.layout(),
                rows=self._values(),
                footer_lines=[
                    _("Tổng số: %(n)s người (không hoàn thành, không đạt: %(a)s; chưa có kết quả: %(b)s).")
                    % {"n": len(self.rows), "a": with_result, "b": len(self.rows) - with_result}
                ],
            )
        ]

    def get_filename(self):
        return f"chua-hoan-thanh-bdtx-{self._code(self.unit)}-{self.year.start_year}-{self.year.start_year + 1}.xlsx"


# ---------------------------------------------------------------------------------------------------------------
# Year over year
# ---------------------------------------------------------------------------------------------------------------


class YearComparisonExporter(OfficialListExporter):
    """Kết quả BDTX qua các năm học of one unit (write-only)."""

    def __init__(self, *, user, params):
        super().__init__(user=user, params=params)
        self.unit = self._unit()
        self.comparison = results.year_over_year(user=user, root=self.unit)

    def total(self):
        return len(self.comparison.rows)

    def layout(self):
        layout = [
            Column(_("STT"), 6, "0", align="center"),
            Column(_("Năm học"), 14, align="center"),
            Column(_("Đã có kết quả (cơ sở tính %)"), 11, "#,##0", align="center"),
        ]
        for cls in self.comparison.classes:
            layout.append(
                Group(
                    results.class_label(cls),
                    (Column(_("SL"), 8, "#,##0", align="center"), Column(_("%"), 8, PERCENT, align="center")),
                )
            )
        layout.append(
            Group(
                _("Tổng số hoàn thành"),
                (Column(_("SL"), 8, "#,##0", align="center"), Column(_("%"), 8, PERCENT, align="center")),
            )
        )
        return layout

    def _values(self):
        for number, row in enumerate(self.comparison.rows, 1):
            values = [number, year_label(row.year), row.evaluated]
            for cell in row.cells:
                values += [cell.count, cell.percent]
            values += [row.completed, row.completion_percent]
            yield values

    def sheets(self):
        return [
            SheetSpec(
                name=_("Qua các năm"),
                title=_("KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN QUA CÁC NĂM HỌC"),
                subtitle_lines=[self.unit.name],
                layout=self.layout(),
                rows=self._values(),
            )
        ]

    def get_filename(self):
        return f"ket-qua-bdtx-qua-cac-nam-{self._code(self.unit)}.xlsx"


EXPORTERS = {
    "list": ClassificationListExporter,
    "summary": ResultSummaryExporter,
    "not_completed": NotCompletedExporter,
    "years": YearComparisonExporter,
}

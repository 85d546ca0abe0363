"""Excel files of the BDTX results, laid out like the official lists.

- ``ClassificationListExporter``: the "Danh sách xếp loại kết quả BDTX" of a school, or of every school of a Phòng
  or a Sở with a unit column (write-only mode, merged headers);
- ``ResultSummaryExporter``: the Phòng or Sở summary per unit (write-only mode; a Sở gets a per-school sheet);
- ``NotCompletedExporter``: who did not complete the plan, and why (write-only mode);
- ``YearComparisonExporter``: results by year for one unit (write-only mode).

Every file has the official head: the superior unit and the unit at top left, the national heading at top right,
the title, the table with its (possibly two-row) header, a totals row, and the signature block ("NGƯỜI LẬP
BIỂU" / the head's title and name under the place and date line, from ``accounts.letterheads``). Each exporter
reads the same selector as the screen (``results.results``) and rebuilds it from the requesting user. The layout is
``core.excel_export.OfficialFormExporter``'s: every text cell goes through ``safe_cell``, so a name typed as
``=HYPERLINK(…)`` stays text.
"""

from django.utils.translation import gettext as _

from accounts import scoping
from accounts.letterheads import UnitFormMixin
from accounts.models import OrgUnit
from accounts.permissions import Cap, can
from core.excel_export import DATE, PERCENT, Column, Group, OfficialFormExporter, SheetSpec
from core.ids import plain_id
from jobs.jobs import JobError
from years.selectors import years_visible_to

from . import results

SCORE = "0.0#"


class OfficialListExporter(UnitFormMixin, OfficialFormExporter):
    """Base of the official lists of results: subclasses give ``unit``, ``sheets()`` and ``get_filename()``; the
    heading, place and signer are the unit's as the year printed them (``accounts.letterheads``)."""

    def __init__(self, *, user, params):
        super().__init__()
        self.user = user
        self.params = params if isinstance(params, dict) else {}

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

    def get_filename(self):
        raise NotImplementedError

    def _code(self, unit):
        return "".join(ch for ch in unit.code if ch.isalnum() or ch in "-_")

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
                total_rows=[self._total()],
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
                    total_rows=[self._total(with_office=True)],
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
            *self._content_columns(),
            Column(_("Ghi chú"), 34),
        ]

    def _content_columns(self):
        regime = self.year.regime
        if regime.marks_out_of_ten:
            # TT 19/2019: the marks of each programme, the modules passed, the result; no ĐTB.
            return [
                Group(
                    _("Điểm"),
                    (
                        Column(regime.content_abbr(1), 10, align="center"),
                        Column(regime.content_abbr(2), 10, align="center"),
                        Column(_("%(ct)s (mô đun đạt)") % {"ct": regime.content_abbr(3)}, 14, align="center"),
                    ),
                ),
                Column(str(regime.result_title), 24, align="center"),
            ]
        return [
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
        ]

    def _values(self):
        # Labels are translated once per value, not once per row: a Sở list has tens of thousands of rows.
        labels = {}

        def once(key, make):
            if key not in labels:
                labels[key] = make()
            return labels[key]

        by_marks = self.year.regime.marks_out_of_ten
        for row in self.rows:
            staff = row.staff
            yield [
                row.number,
                staff.full_name,
                staff.birth_date,
                once(("position", staff.position), staff.get_position_display),
                *([row.plan.school_name] if self.with_school else []),
                staff.subject_group or once(("level", staff.level), staff.get_level_display),  # ListRow.group
                *row.content_values,
                *([] if by_marks else [row.average]),
                once(("class", row.classification), lambda row=row: row.class_label),
                row.note,
            ]

    def sheets(self):
        return [
            SheetSpec(
                name=_("Kết quả BDTX") if self.year.regime.marks_out_of_ten else _("Xếp loại BDTX"),
                title=(
                    _("DANH SÁCH KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC %(year)s")
                    if self.year.regime.marks_out_of_ten
                    else _("DANH SÁCH XẾP LOẠI KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC %(year)s")
                )
                % {"year": self.year.official_name},
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
            Column(self.year.people_label_short, 10, "#,##0", align="center"),
            Column(_("Đã có kết quả (cơ sở tính %)"), 11, "#,##0", align="center"),
        ]
        for cls in self.summary.classes:
            layout.append(
                Group(
                    results.class_label(cls, self.year.ruleset),
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
        title = _("BẢNG TỔNG HỢP KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC %(year)s") % {"year": self.year.official_name}
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
                % {"year": self.year.official_name},
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
        ruleset = results.common_ruleset(row.year for row in self.comparison.rows)
        for cls in self.comparison.classes:
            layout.append(
                Group(
                    results.class_label(cls, ruleset),
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
            values = [number, row.year.official_name, row.evaluated]
            for cell in row.cells:
                values += [cell.count, cell.percent] if cell.count is not None else ["—", "—"]
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

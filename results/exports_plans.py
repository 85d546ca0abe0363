"""Excel file of the plan progress dashboard ("Tiến độ lập kế hoạch BDTX") of a Phòng or a Sở.

The same selector as the page (``plans.dashboards.plan_progress``), the same figures under the same names: one row
per unit of the page, the totals, and for a Sở with Phòng a sheet with every school. Laid out like the official
lists of ``results.exports_results``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import Cap, can
from core.excel_export import DATE, Column
from jobs.jobs import JobError
from plans.dashboards import plan_progress

from .exports_results import OfficialListExporter

# (header, attribute of plans.dashboards.ProgressRow): the page's columns, in its order.
COUNTS = (
    (None, "staff"),  # the year's base: TrainingYear.people_label_short
    (gettext_lazy("Chưa lập"), "not_started"),
    (gettext_lazy("Đang soạn"), "draft"),
    (gettext_lazy("Đã nộp"), "submitted"),
    (gettext_lazy("Bị trả lại"), "returned"),
    (gettext_lazy("Đã duyệt"), "approved"),
    (gettext_lazy("Chưa có kế hoạch được duyệt"), "not_approved"),
)


class PlanProgressExporter(OfficialListExporter):
    """Tiến độ lập kế hoạch BDTX theo đơn vị (write-only; a Sở with Phòng also gets a per-school sheet)."""

    def __init__(self, *, user, params):
        super().__init__(user=user, params=params)
        if not can(user, Cap.MONITOR):
            raise JobError(_("Chỉ cán bộ UBND xã, Phòng hoặc Sở mới xuất được tiến độ lập kế hoạch."))
        self.year = self._year()
        self.unit = self._unit(year=self.year)
        if not self.unit.is_office:
            raise JobError(_("Tiến độ lập kế hoạch chỉ xuất được cho một UBND xã, một Phòng hoặc một Sở."))
        self.progress = plan_progress(year=self.year, root=self.unit)

    def total(self):
        return len(self.progress.rows)

    def layout(self, *, with_office=False):
        layout = [Column(_("STT"), 6, "0", align="center"), Column(_("Đơn vị"), 34)]
        if with_office:
            layout.append(Column(_("Thuộc"), 24))
        headers = [self.year.people_label_short] + [header for header, _name in COUNTS[1:]]
        layout += [Column(str(header), 10, "#,##0", align="center") for header in headers]
        layout += [
            Column(_("Hạn nộp"), 12, DATE, align="center"),
            Column(_("Hạn duyệt"), 12, DATE, align="center"),
            Column(_("Tình trạng"), 24),
        ]
        return layout

    def _state(self, row):
        if row.is_office:
            return _("%(n)s/%(t)s trường trễ hạn") % {"n": row.late_schools, "t": row.schools}
        if row.late:
            parts = []
            if row.late_submit:
                parts.append(_("chưa nộp đủ"))
            if row.late_approve:
                parts.append(_("chưa duyệt xong"))
            return _("Trễ hạn: %(what)s") % {"what": ", ".join(parts)}
        if row.staff and row.approved == row.staff:
            return _("Hoàn thành")
        return ""

    def _values(self, row, number, *, office=None):
        values = [number, row.unit.name] + ([office] if office is not None else [])
        values += [getattr(row, name) for _header, name in COUNTS]
        return values + [row.submit_due, row.approve_due, self._state(row)]

    def _total(self, *, with_office=False):
        total = self.progress.total
        values = ["", _("Tổng cộng")] + ([""] if with_office else [])
        values += [getattr(total, name) for _header, name in COUNTS]
        return values + ["", "", _("%(n)s/%(t)s trường trễ hạn") % {"n": total.late_schools, "t": total.schools}]

    def sheets(self):
        title = _("TIẾN ĐỘ LẬP KẾ HOẠCH BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC %(year)s") % {"year": self.year.official_name}
        subtitle = [
            self.unit.name,
            _("Số liệu đến ngày %(date)s") % {"date": self.progress.on.strftime("%d/%m/%Y")},
        ]
        return self.unit_sheets(_("Tiến độ"), self.progress.rows, title=title, subtitle=subtitle)

    def get_filename(self):
        code = self._code(self.unit)
        return f"tien-do-lap-ke-hoach-bdtx-{code}-{self.year.start_year}-{self.year.start_year + 1}.xlsx"

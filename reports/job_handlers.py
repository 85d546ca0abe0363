"""Job kind ``ministry_report``: the Sở's yearly BDTX report in the Ministry's shape, as an Excel file.

The table is reports.chain_selectors.results_table over the Sở's subtree, the same as the page. The job stores
the year only; the Sở is recomputed from the requester (an officer of that Sở, or an admin) when it runs.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.letterheads import UnitFormMixin
from core.excel_export import BANNER_BOLD, INTEGER, PERCENT, Column, Group, OfficialFormExporter, SheetSpec
from core.ids import plain_id
from jobs.jobs import JobError, job_temp_path
from jobs.registry import job_handler
from years.selectors import years_visible_to

from .chain_selectors import accepted_counts, ministry_department, results_table

KIND = "ministry_report"
TITLE = gettext_lazy("BÁO CÁO KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC %(year)s")


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


def _values(row):
    values = [row.label, row.audience_label]
    for count, share in row.cells:
        values += [count, float(share) if share is not None else None]
    rate = row.completion_rate
    return [*values, row.total, float(rate) if rate is not None else None, row.no_result]


class MinistryReportExporter(UnitFormMixin, OfficialFormExporter):
    """The official table: two-row header, one row per level × audience (the audiences of a level share one
    "Cấp học" cell, as on the paper form), totals at the bottom; the Sở's heading and its director's signature
    block (``accounts.letterheads``)."""

    def __init__(self, *, user, params):
        super().__init__()
        self.user = user
        self.year, self.department = _resolve(user=user, params=params)
        self.unit = self.department
        self.title = ministry_report_title(year=self.year)

    def table(self):
        # The Sở's figures for the Bộ: the reports it accepted (reports.chain_selectors.accepted_counts).
        counts = accepted_counts(unit=self.department, year=self.year)
        return results_table(counts=counts, ruleset=self.year.ruleset)

    def layout(self, classes):
        share = (
            Column(_("Số lượng"), 11, INTEGER, align="center"),
            Column(_("Tỷ lệ (%)"), 11, PERCENT, align="center"),
        )
        return [
            Column(_("Cấp học"), 22),
            Column(_("Đối tượng"), 18),
            *(Group(label, share) for _code, label in classes),
            Column(_("Tổng số"), 11, INTEGER, align="center"),
            Column(_("Tỷ lệ hoàn thành (%)"), 11, PERCENT, align="center"),
            Column(_("Chưa có kết quả"), 11, INTEGER, align="center"),
        ]

    def sheets(self):
        table = self.table()
        rows = [*table.rows, *table.totals]
        merges = [(number, 1, number + row.span - 1, 1) for number, row in enumerate(rows, 1) if row.span > 1]
        return [
            SheetSpec(
                name=_("Báo cáo BDTX"),
                title=self.title,
                subtitle_lines=[
                    (self.department.name, BANNER_BOLD),
                    _("Ngày lập: %(date)s") % {"date": self.today.strftime("%d/%m/%Y")},
                ],
                layout=self.layout(table.classes),
                rows=(_values(row) for row in table.rows),
                total_rows=[_values(row) for row in table.totals],
                merges=merges,
                freeze_columns=2,
                footer_lines=[
                    _(
                        "Ghi chú: Tổng số là số người đã có kết quả đánh giá; tỷ lệ từng loại và tỷ lệ hoàn thành "
                        "tính trên tổng số. “Chưa có kết quả”: cán bộ, giáo viên đang công tác chưa có kết quả năm "
                        "học."
                    )
                ],
            )
        ]

    def get_filename(self):
        code = "".join(ch for ch in self.department.code if ch.isalnum() or ch in "-_")
        return f"bao-cao-bdtx-{code}-{self.year.start_year}-{self.year.start_year + 1}.xlsx"


@job_handler(KIND, label=gettext_lazy("Báo cáo kết quả BDTX gửi Bộ (Excel)"))
def ministry_report(job, progress):
    exporter = MinistryReportExporter(user=job.requester, params=job.params)
    path = job_temp_path(job=job, suffix=".xlsx")
    exporter.write(path, progress=progress)
    return exporter.get_filename(), path

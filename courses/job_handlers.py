"""Job kind ``courses_budget_export``: the budget plan (dự trù kinh phí các lớp bồi dưỡng) as an Excel file.

The view stores ids only; the task rebuilds the year, the unit and the courses from ``job.requester`` with the
same selectors as the screen, so the file holds exactly what that user may see.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.letterheads import UnitFormMixin
from core.excel_export import INTEGER, Column, OfficialFormExporter
from jobs.jobs import JobError, job_temp_path
from jobs.registry import job_handler
from years.selectors import years_visible_to

from . import selectors

BUDGET_EXPORT_KIND = "courses_budget_export"


def budget_params(*, year, unit, include_below):
    return {"year": year.pk, "unit": unit.pk, "below": bool(include_below)}


def budget_title(*, year, unit, include_below):
    title = _("Dự trù kinh phí lớp bồi dưỡng %(year)s · %(unit)s") % {"year": year.name, "unit": unit.name}
    return f"{title} {_('(gồm đơn vị trực thuộc)')}" if include_below else title


def _int_param(params, key):
    value = params.get(key) if isinstance(params, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class BudgetExporter(UnitFormMixin, OfficialFormExporter):
    """The budget plan of one unit and year as an official form: the unit's heading and its head's signature."""

    title = gettext_lazy("DỰ TRÙ KINH PHÍ CÁC LỚP BỒI DƯỠNG")
    sheet_name = gettext_lazy("Dự trù kinh phí")
    columns = [
        Column(gettext_lazy("STT"), 6, "0", align="center"),
        Column(gettext_lazy("Tên lớp"), 44),
        Column(gettext_lazy("Đơn vị tổ chức"), 24),
        Column(gettext_lazy("Đối tượng"), 20),
        Column(gettext_lazy("Nguồn kinh phí"), 20),
        Column(gettext_lazy("Số lớp"), 8, INTEGER, align="right"),
        Column(gettext_lazy("Số người"), 10, INTEGER, align="right"),
        Column(gettext_lazy("Kinh phí/người/khoá (đồng)"), 16, INTEGER, align="right"),
        Column(gettext_lazy("Thành tiền (đồng)"), 18, INTEGER, align="right"),
    ]

    def __init__(self, *, user, params):
        super().__init__()
        self.user = user
        year_id, unit_id = _int_param(params, "year"), _int_param(params, "unit")
        self.year = years_visible_to(user=user).select_related("department").filter(pk=year_id).first()
        if self.year is None or unit_id is None:
            raise JobError(_("Năm học hoặc đơn vị đã chọn không còn thuộc phạm vi của bạn."))
        self.unit = selectors.budget_units(user=user, year=self.year).filter(pk=unit_id).first()
        if self.unit is None:
            raise JobError(_("Năm học hoặc đơn vị đã chọn không còn thuộc phạm vi của bạn."))
        self.include_below = bool(params.get("below"))
        courses = selectors.budget_courses(user=user, year=self.year, unit=self.unit, include_below=self.include_below)
        self.plan = selectors.budget_plan(courses=courses)

    def subtitle_lines(self):
        lines = [self.unit.name, _("Năm học %(year)s") % {"year": self.year.name}]
        if self.include_below:
            lines.append(_("Gồm các lớp của đơn vị trực thuộc"))
        lines.append(_("Ngày xuất: %(date)s") % {"date": self.today.strftime("%d/%m/%Y")})
        return lines

    def total(self):
        return self.plan["totals"]["course_count"]

    def rows(self):
        for number, course in enumerate(self.plan["rows"], 1):
            yield [
                number,
                course.name,
                course.organiser.name,
                course.audience_label,
                course.funding_label,
                course.class_count,
                course.planned_participants,
                course.cost_per_person,
                course.total,
            ]
        totals = self.plan["totals"]
        for group in self.plan["by_funding"]:
            label = _("Cộng nguồn %(source)s") % {"source": group["label"]}
            yield ["", label, "", "", "", group["classes"], group["participants"], "", group["total"]]
        yield ["", _("TỔNG CỘNG"), "", "", "", totals["classes"], totals["participants"], "", totals["total"]]

    def get_filename(self):
        code = "".join(ch for ch in self.unit.code if ch.isalnum() or ch in "-_")
        return f"du-tru-kinh-phi-boi-duong-{code}-{self.year.start_year}-{self.today:%Y%m%d}.xlsx"


@job_handler(BUDGET_EXPORT_KIND, label=gettext_lazy("Xuất dự trù kinh phí lớp bồi dưỡng (Excel)"))
def budget_export(job, progress):
    exporter = BudgetExporter(user=job.requester, params=job.params)
    path = job_temp_path(job=job, suffix=".xlsx")
    exporter.write(path, progress=progress)
    return exporter.get_filename(), path

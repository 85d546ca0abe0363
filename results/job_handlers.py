"""Job kinds of the BDTX results files: the classification list, the summary, who did not complete, the years, and
the plan progress dashboard's file.

The views store ``{"year": id, "unit": id}`` only; each exporter rebuilds its unit and year from the requesting
user (``job.requester``) and fails with a Vietnamese message when they are no longer in scope.
"""

from django.utils.translation import gettext_lazy

from jobs.jobs import job_temp_path
from jobs.registry import job_handler

from .exports_plans import PlanProgressExporter
from .exports_results import (
    ClassificationListExporter,
    NotCompletedExporter,
    ResultSummaryExporter,
    YearComparisonExporter,
)

KINDS = {
    "list": "results_classification_list",
    "summary": "results_summary",
    "not_completed": "results_not_completed",
    "years": "results_year_comparison",
    "plan_progress": "plan_progress",
}


def _run(exporter_class, job, progress):
    exporter = exporter_class(user=job.requester, params=job.params)
    path = job_temp_path(job=job, suffix=".xlsx")
    exporter.write(path, progress=progress)
    return exporter.get_filename(), path


@job_handler(KINDS["list"], label=gettext_lazy("Danh sách xếp loại kết quả BDTX (Excel)"))
def results_classification_list(job, progress):
    return _run(ClassificationListExporter, job, progress)


@job_handler(KINDS["summary"], label=gettext_lazy("Tổng hợp kết quả BDTX theo đơn vị (Excel)"))
def results_summary(job, progress):
    return _run(ResultSummaryExporter, job, progress)


@job_handler(KINDS["not_completed"], label=gettext_lazy("Danh sách chưa hoàn thành BDTX (Excel)"))
def results_not_completed(job, progress):
    return _run(NotCompletedExporter, job, progress)


@job_handler(KINDS["years"], label=gettext_lazy("Kết quả BDTX qua các năm học (Excel)"))
def results_year_comparison(job, progress):
    return _run(YearComparisonExporter, job, progress)


@job_handler(KINDS["plan_progress"], label=gettext_lazy("Tiến độ lập kế hoạch BDTX (Excel)"))
def plan_progress(job, progress):
    return _run(PlanProgressExporter, job, progress)

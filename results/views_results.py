"""BDTX results dashboards (school, Phòng, Sở, year over year), the not-completed list, the Excel jobs and the
school's report (Báo cáo kết quả BDTX, PDF or Word: ``results.documents``). Thin views.

Who sees what: a school manager their own school; Phòng and Sở officers their subtree (a Sở officer opens a
Phòng or a school from the table); admins everything. A unit outside the user's subtree is a 404, a role
without access (teachers, group heads) a 403. Every chart has its numbers in a table under it and an "Excel"
button that starts a background job.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import scoping
from accounts.models import OrgUnit, Role
from accounts.permissions import Cap, can
from accounts.selectors import name_in_year
from core.cache import cached_figures, fragment_context, unit_versions
from core.documents import document_response
from core.errors import show_error
from core.http import query_without_page
from core.money import format_figure
from jobs import jobs
from years.selectors import (
    NoYearYet,
    current_year_for,
    department_of,
    merged_year_root,
    year_from_request,
    year_switch_choices,
)

from . import documents, results
from .job_handlers import KINDS

# The not-completed page shows this many people; the Excel file has them all.
NOT_COMPLETED_PAGE_LIMIT = 500

CLASS_COLORS = {
    "GIOI": "#198754",
    "KHA": "#0d6efd",
    "TRUNG_BINH": "#ffc107",
    "KHONG_HOAN_THANH": "#dc3545",
    "DAT": "#20c997",
    "KHONG_DAT": "#b02a37",
    "HOAN_THANH": "#146c43",
}
PROGRESS_COLORS = {"scored": "#198754", "to_score": "#ffc107", "no_plan": "#adb5bd"}


def _require_viewer(user):
    if not can(user, Cap.REPORT):
        raise PermissionDenied


def _default_root(user, year):
    """The unit the user reports on: their school, Phòng or Sở; for an admin the chosen year's Sở."""
    unit = user.unit if user.unit_id else None
    if unit is not None:
        if user.role == Role.SCHOOL_MANAGER and unit.kind == OrgUnit.Kind.SCHOOL:
            return unit
        merged = merged_year_root(user=user, year=year)
        if merged is not None:
            return merged
        if unit.is_office:
            return unit
    if user.is_admin_role:
        if year is None:
            raise NoYearYet
        return year.department
    raise Http404


def _year_for(request, root=None):
    """The year asked for (404 outside the user's Sở), else the root's current year, else the user's."""
    user = request.user
    if request.GET.get("year"):
        return year_from_request(user=user, year_id=request.GET["year"])
    if root is not None:
        return current_year_for(unit=root) or year_from_request(user=user)
    return year_from_request(user=user)


def _check_year(year, root):
    if year is not None and not root.is_within(year.department):
        raise Http404


def _years(user, year):
    return year_switch_choices(user=user, year=year)


# --- chart data: the numbers each chart draws and its table view shows ----------------------------------------


def _chart(
    key, title, kind, labels, datasets, *, stacked=False, horizontal=False, suffix="", max_value=None, row_keys=None
):
    """A chart's data for charts.js and the same numbers as a table (first column = the labels).

    A dataset is (label, data, color) or (label, data, color, figure); with ``row_keys`` (one per label: a unit
    code, or "total:<figure>" for a chart of one unit) each table cell says which figure it shows
    (``data-figure="<row key>:<figure>"``), the name the other pages and the Excel files give the same number.
    """
    return {
        "key": key,
        "title": title,
        "type": kind,
        "labels": [str(label) for label in labels],
        "datasets": [
            {
                "label": str(label),
                "data": [float(v) if suffix else v for v in data],
                "color": color,
                "figure": figure[0] if figure else "",
            }
            for label, data, color, *figure in datasets
        ],
        "row_keys": list(row_keys) if row_keys is not None else None,
        "stacked": stacked,
        "horizontal": horizontal,
        "suffix": suffix,
        "max": max_value,
    }


def _table(chart, first_header):
    # Formatted here once: a Sở's tables hold thousands of figures, each a template filter call otherwise.
    row_keys = chart["row_keys"]
    rows = []
    for index, label in enumerate(chart["labels"]):
        cells = []
        for dataset in chart["datasets"]:
            figure = ""
            if row_keys is not None:
                figure = f"{row_keys[index]}:{dataset['figure']}" if dataset["figure"] else row_keys[index]
            cells.append((format_figure(dataset["data"][index]), figure))
        rows.append({"label": label, "cells": cells})
    return {"headers": [first_header, *(dataset["label"] for dataset in chart["datasets"])], "rows": rows}


def _unit_charts(summary):
    rows = summary.rows
    labels = [row.unit.name for row in rows]
    codes = [row.unit.code for row in rows]
    classes = _chart(
        "classes",
        _("Kết quả theo đơn vị (số người)")
        if summary.year.regime.marks_out_of_ten
        else _("Xếp loại theo đơn vị (số người)"),
        "bar",
        labels,
        [
            (results.class_short_label(cls), [row.count(cls) for row in rows], CLASS_COLORS[cls], str(cls))
            for cls in summary.classes
        ],
        stacked=True,
        horizontal=True,
        row_keys=codes,
    )
    completion = _chart(
        "completion",
        _("Tỷ lệ hoàn thành kế hoạch theo đơn vị (% trên số người có kết quả)"),
        "bar",
        labels,
        [(_("Hoàn thành (%)"), [row.completion_percent for row in rows], CLASS_COLORS["GIOI"], "completed_pct")],
        horizontal=True,
        suffix="%",
        max_value=100,
        row_keys=codes,
    )
    progress = _chart(
        "progress",
        _("Tiến độ đánh giá theo đơn vị (số người)"),
        "bar",
        labels,
        [
            (_("Đã đủ điểm"), [row.scored for row in rows], PROGRESS_COLORS["scored"], "scored"),
            (_("Còn thiếu điểm"), [row.to_score for row in rows], PROGRESS_COLORS["to_score"], "to_score"),
            (
                _("Chưa có kế hoạch được duyệt"),
                [row.no_plan for row in rows],
                PROGRESS_COLORS["no_plan"],
                "no_plan",
            ),
        ],
        stacked=True,
        horizontal=True,
        row_keys=codes,
    )
    return [classes, completion, progress]


def _school_charts(row, classes, year=None):
    distribution = _chart(
        "classes",
        _("Kết quả BDTX (số người)")
        if year is not None and year.regime.marks_out_of_ten
        else _("Xếp loại kết quả BDTX (số người)"),
        "doughnut",
        [results.class_short_label(cls) for cls in classes],
        [(_("Số người"), [row.count(cls) for cls in classes], [CLASS_COLORS[cls] for cls in classes])],
        row_keys=[f"total:{cls}" for cls in classes],
    )
    progress = _chart(
        "progress",
        _("Tiến độ đánh giá (số người)"),
        "doughnut",
        [_("Đã đủ điểm"), _("Còn thiếu điểm"), _("Chưa có kế hoạch được duyệt")],
        [(_("Số người"), [row.scored, row.to_score, row.no_plan], list(PROGRESS_COLORS.values()))],
        row_keys=["total:scored", "total:to_score", "total:no_plan"],
    )
    return [distribution, progress]


def _with_tables(charts, first_header, exports):
    """Add each chart's table view and the report its "Excel" button starts (``exports``: {key: report})."""
    for chart in charts:
        chart["table"] = _table(chart, first_header)
        chart["export"] = exports.get(chart["key"], "")
    return charts


def _chart_data(charts):
    return {
        chart["key"]: {k: v for k, v in chart.items() if k not in ("table", "export", "row_keys")} for chart in charts
    }


# --- pages ----------------------------------------------------------------------------------------------------


def _parent_link(user, root):
    """The unit above ``root`` when the user may open it here (not above their own unit, not the Bộ)."""
    if root.pk == user.unit_id or root.kind == OrgUnit.Kind.DEPARTMENT or not root.parent_id:
        return None
    return root.parent_id


def office_figures(*, user, year, root):
    """An office's results summary and its charts (thống kê kết quả BDTX)."""
    summary = results.results_by_unit(user=user, year=year, root=root)
    exports = {"classes": "summary", "completion": "summary", "progress": "summary"}
    return summary, _with_tables(_unit_charts(summary), _("Đơn vị"), exports)


def _render_dashboard(request, root, year):
    user = request.user
    _check_year(year, root)
    context = {"root": root, "year": year, "years": _years(user, year), "year_label": year and year.official_name}
    if year is None:
        return render(request, "results/office.html", context)
    if root.kind == OrgUnit.Kind.SCHOOL:
        summary = results.results_by_unit(user=user, year=year, root=root)
        row = summary.total
        list_rows = results.results_list(user=user, year=year, school=root)
        charts = _with_tables(
            _school_charts(row, summary.classes, year), _("Mục"), {"classes": "list", "progress": "not_completed"}
        )
        context.update(
            {
                "summary": summary,
                "row": row,
                "charts": charts,
                "chart_data": _chart_data(charts),
                "list_rows": list_rows,
                "list_totals": results.list_totals_text(list_rows, year),
                "parent_link": _parent_link(user, root),
                "report_urls": {
                    fmt: f"{reverse('results:results_school_report', args=[root.pk, fmt])}?year={year.pk}"
                    for fmt in ("pdf", "docx")
                },
            }
        )
        return render(request, "results/school.html", context)

    # What a viewer sees depends on their role and unit only.
    key = (
        user.role,
        user.unit_id,
        year.pk,
        root.pk,
        timezone.localdate(),
        get_language(),
        unit_versions(root.pk, user.unit_id),  # an officer's own change shows at once
    )
    (summary, charts), computed_at = cached_figures(
        "results_by_unit", key, lambda: office_figures(user=user, year=year, root=root)
    )
    context.update(
        {
            "summary": summary,
            "charts": charts,
            "chart_data": _chart_data(charts),
            "chart_height": max(260, 26 * len(summary.rows) + 90),
            "parent_link": _parent_link(user, root),
            "computed_at": computed_at,
            **fragment_context(key, computed_at),
        }
    )
    return render(request, "results/office.html", context)


@login_required
def results_home(request):
    """Kết quả BDTX of the user's own school, Phòng or Sở (an admin: the chosen year's Sở)."""
    user = request.user
    _require_viewer(user)
    year = _year_for(request)
    return _render_dashboard(request, _default_root(user, year), year)


@login_required
def results_unit(request, unit_pk):
    """The same dashboard for one unit inside the user's subtree (a Phòng or a school)."""
    user = request.user
    _require_viewer(user)
    root = scoping.get_unit_for_user(user, unit_pk)
    if root.kind == OrgUnit.Kind.MINISTRY:
        raise Http404
    return _render_dashboard(request, root, _year_for(request, root))


def _root_from_query(request):
    user = request.user
    if request.GET.get("unit"):
        root = scoping.get_unit_for_user(user, request.GET["unit"])
        return root, _year_for(request, root)
    year = _year_for(request)
    return _default_root(user, year), year


@login_required
def results_years(request):
    """Kết quả BDTX qua các năm học of one unit: counts by class for each year of its Sở."""
    user = request.user
    _require_viewer(user)
    root, year = _root_from_query(request)
    if root.kind == OrgUnit.Kind.MINISTRY or department_of(root) is None:
        raise Http404
    comparison = results.year_over_year(user=user, root=root)
    labels = [row.year.official_name for row in comparison.rows]
    charts = [
        _chart(
            "years",
            _("Kết quả qua các năm học (số người)")
            if comparison.rows and all(row.year.regime.marks_out_of_ten for row in comparison.rows)
            else _("Xếp loại qua các năm học (số người)"),
            "bar",
            labels,
            [
                (results.class_short_label(cls), [row.count(cls) for row in comparison.rows], CLASS_COLORS[cls])
                for cls in comparison.classes
            ],
            stacked=True,
        ),
        _chart(
            "years_completion",
            _("Tỷ lệ hoàn thành kế hoạch qua các năm học (% trên số người có kết quả)"),
            "bar",
            labels,
            [(_("Hoàn thành (%)"), [row.completion_percent for row in comparison.rows], CLASS_COLORS["GIOI"])],
            suffix="%",
            max_value=100,
        ),
    ]
    charts = _with_tables(charts, _("Năm học"), {"years": "years", "years_completion": "years"})
    return render(
        request,
        "results/years.html",
        {
            "root": root,
            "year": year,
            "comparison": comparison,
            "charts": charts,
            "chart_data": _chart_data(charts),
        },
    )


@login_required
def results_not_completed(request, unit_pk):
    """Who below the unit did not complete the year's plan, and why (the first rows; the Excel file has all)."""
    user = request.user
    _require_viewer(user)
    root = scoping.get_unit_for_user(user, unit_pk)
    year = _year_for(request, root)
    _check_year(year, root)
    rows, with_result, without = [], 0, 0
    if year is not None:
        rows = results.not_completed(user=user, year=year, root=root, limit=NOT_COMPLETED_PAGE_LIMIT)
        with_result, without = results.not_completed_counts(user=user, year=year, root=root)
    return render(
        request,
        "results/not_completed.html",
        {
            "root": root,
            "year": year,
            "years": _years(user, year),
            "rows": rows,
            "total": with_result + without,
            "with_result": with_result,
            "without": without,
            "limit": NOT_COMPLETED_PAGE_LIMIT,
        },
    )


@login_required
@require_GET
def results_school_report(request, unit_pk, fmt):
    """Báo cáo kết quả BDTX năm học … of one school (PDF or Word), from the school's results page."""
    user = request.user
    _require_viewer(user)
    school = scoping.get_unit_for_user(user, unit_pk)
    if school.kind != OrgUnit.Kind.SCHOOL:
        raise Http404
    year = _year_for(request, school)
    _check_year(year, school)
    if year is None:
        raise Http404
    return document_response(documents.school_results_report(user=user, year=year, school=school), fmt)


# The people page shows this many per page.
PEOPLE_PAGE_SIZE = 100


@login_required
def results_people(request, unit_pk):
    """Who is behind one figure of a results table (``?nhom=``: staff, evaluated, a class …) below the unit: the
    list's length is the figure."""
    user = request.user
    _require_viewer(user)
    root = scoping.get_unit_for_user(user, unit_pk)
    year = _year_for(request, root)
    _check_year(year, root)
    figure = request.GET.get("nhom") or "staff"
    if year is None:
        raise Http404
    try:
        rows = results.people_behind(user=user, year=year, root=root, figure=figure)
    except ValueError:
        raise Http404 from None
    page = Paginator(rows, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "results/people.html",
        {
            "root": root,
            "root_name": name_in_year(root, year),
            "year": year,
            "figure": figure,
            "figure_label": results.people_figure_label(figure, year.ruleset),
            "from_plans": figure in results.PLAN_FIGURES or request.GET.get("tu") == "ke-hoach",
            "query_string": query_without_page(request),
            "page": page,
            "count": len(rows),
        },
    )


@login_required
@require_POST
def results_export_start(request):
    """Start an Excel job: ``report`` (list, summary, not_completed, years), ``unit`` and ``year`` in scope."""
    user = request.user
    _require_viewer(user)
    report = request.POST.get("report", "")
    if report not in KINDS:
        raise BadRequest(_("Không có loại báo cáo này."))
    if report == "plan_progress" and not can(user, Cap.MONITOR):
        raise PermissionDenied  # the plan progress dashboard is the offices'.
    unit = scoping.get_unit_for_user(user, request.POST.get("unit"))
    params = {"unit": unit.pk}
    year = None
    if report != "years":
        year = year_from_request(user=user, year_id=request.POST.get("year") or None)
        if year is None:
            raise Http404
        _check_year(year, unit)
        params["year"] = year.pk
    titles = {
        "list": _("Danh sách kết quả BDTX")
        if year is not None and year.regime.marks_out_of_ten
        else _("Danh sách xếp loại kết quả BDTX"),
        "summary": _("Tổng hợp kết quả BDTX"),
        "not_completed": _("Danh sách chưa hoàn thành BDTX"),
        "years": _("Kết quả BDTX qua các năm học"),
        "plan_progress": _("Tiến độ lập kế hoạch BDTX"),
    }
    try:
        job = jobs.job_create(
            user=user,
            kind=KINDS[report],
            params=params,
            scope_unit=user.unit,
            title=f"{titles[report]} · {unit.name}",
        )
    except jobs.JobError as error:
        show_error(request, error)
        return redirect("jobs:job_list")
    return redirect("jobs:job_detail", pk=job.pk)

"""Report chain pages (status tables, one unit's report, submit / accept / return, reminders), the Ministry
report and notifications. Thin views: scope from accounts.scoping, work in reports.chain / reports.notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scoping
from accounts.models import OFFICE_KINDS, Level, OrgUnit, Role
from accounts.permissions import Cap, can
from assessment.selectors import is_locked
from core.cache import cached_figures, data_version, fragment_context
from core.documents import document_response
from core.errors import show_error
from core.http import private_file_response, query_without_page
from core.ids import plain_ids
from jobs import jobs
from years.selectors import NoYearYet, current_year_for, year_from_request, year_switch_choices
from years.services import window_of

from . import chain, notifications, papers
from . import chain_selectors as selectors
from . import job_handlers as ministry
from .models import ReportStatus


def _require_chain_user(user):
    if not can(user, Cap.REPORT):
        raise PermissionDenied


def _year_for_unit(user, unit, year_id):
    """The chosen year (404 outside the user's Sở) when it is the unit's Sở's, else the unit's current year."""
    year = year_from_request(user=user, year_id=year_id)
    if year is not None and unit.is_within(year.department):
        return year
    return current_year_for(unit=unit)


def _unit_url(unit, year):
    return f"{reverse('reports:chain_unit', args=[unit.pk])}?year={year.pk}"


def _years(user, year):
    return year_switch_choices(user=user, year=year)


# ---------------------------------------------------------------------------------------------------------------
# Status table of an office
# ---------------------------------------------------------------------------------------------------------------


@login_required
def chain_home(request):
    """Báo cáo kết quả: a school manager goes to the school's report; an office sees the units reporting to it."""
    user = request.user
    _require_chain_user(user)
    if user.role == Role.SCHOOL_MANAGER and not user.is_admin_role:
        if not user.unit_id:
            raise Http404
        year = _year_for_unit(user, user.unit, request.GET.get("year"))
        return redirect(_unit_url(user.unit, year) if year else reverse("reports:chain_unit", args=[user.unit_id]))
    year = year_from_request(user=user, year_id=request.GET.get("year"))
    if request.GET.get("unit"):
        root = scoping.get_unit_for_user(user, request.GET["unit"])
        if root.kind not in OFFICE_KINDS:
            raise Http404
        year = _year_for_unit(user, root, request.GET.get("year"))
    else:
        root = selectors.chain_root_for(user=user, year=year)
    if root is None and year is None:
        raise NoYearYet
    if root is None:
        raise Http404
    context = {"root": root, "year": year, "years": _years(user, year), "table": None}
    if year is not None:
        late_first = request.GET.get("sort") == "late"
        key = (root.pk, year.pk, late_first, timezone.localdate(), data_version("chain"))
        table, computed_at = cached_figures(
            "chain_status", key, lambda: selectors.report_status_table(root=root, year=year, late_first=late_first)
        )
        context.update(
            table=table,
            **fragment_context(key, computed_at),
            late_first=late_first,
            can_remind=notifications.can_remind(user=user, from_unit=root) and not year.is_read_only,
            can_submit=selectors.can_submit(user=user, unit=root) and not year.is_read_only,
            is_department=root.kind == OrgUnit.Kind.DEPARTMENT,
            can_see_ministry=selectors.ministry_department(user=user, year=year) is not None,
        )
    return render(request, "reports/chain/home.html", context)


# ---------------------------------------------------------------------------------------------------------------
# One unit's report
# ---------------------------------------------------------------------------------------------------------------


def _reportable_unit(user, unit_id):
    unit = scoping.get_unit_for_user(user, unit_id)
    if selectors.report_kind_for(unit) is None:
        raise Http404
    return unit


@login_required
def chain_unit(request, unit_id):
    user = request.user
    _require_chain_user(user)
    unit = _reportable_unit(user, unit_id)
    year = _year_for_unit(user, unit, request.GET.get("year"))
    context = {"unit": unit, "year": year, "years": _years(user, year)}
    if year is None:
        return render(request, "reports/chain/unit.html", context)
    row = selectors.status_row_for(unit=unit, year=year)
    report = row.report
    evaluation = window_of(user=user, year=year, unit=unit)
    show_snapshot = report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
    snapshot = report.snapshot if show_snapshot else None
    context.update(
        row=row,
        report=report,
        snapshot=snapshot,
        transitions=selectors.report_transitions(report=report),
        action_labels=chain.ACTION_LABELS,
        can_submit=selectors.can_submit(user=user, unit=unit)
        and row.outstanding
        and not year.is_read_only
        and evaluation["window"].is_open,
        evaluation=evaluation,
        can_review=report is not None and not year.is_read_only and selectors.can_review(user=user, report=report),
        is_school=unit.is_school,
    )
    if unit.is_school:
        rows = snapshot["rows"] if snapshot else selectors.school_report_rows(school=unit, year=year)
        context.update(
            people=[selectors.row_display(person) for person in rows],
            locked=is_locked(school=unit, year=year),
        )
        counts = snapshot["counts"] if snapshot else selectors.counts_from_rows(rows)
    else:
        table = selectors.report_status_table(root=unit, year=year)
        context.update(
            children=table,
            missing=[child for child in table.rows if child.status != ReportStatus.ACCEPTED],
            waiting=[child for child in table.rows if child.status == ReportStatus.SUBMITTED],
        )
        counts = snapshot.get("counts", {}) if snapshot else selectors.accepted_counts(unit=unit, year=year)
        # Beside what was accepted, the live results, so an officer sees a score changed after a report went up.
        live = selectors.result_counts(year=year, root=unit)
        context.update(
            live_results=selectors.results_table(counts=live, ruleset=year.ruleset) if live else None,
            live_differs=selectors.counts_differ(live, counts),
        )
    compact = unit.kind != OrgUnit.Kind.DEPARTMENT
    context["results"] = (
        selectors.results_table(counts=counts, ruleset=year.ruleset, compact=compact) if counts else None
    )
    if snapshot:
        context["people_url"] = people_url(unit, year, selectors.SNAPSHOT)
    elif not unit.is_school:
        context["people_url"] = people_url(unit, year, selectors.ACCEPTED)
    return render(request, "reports/chain/unit.html", context)


# The people page shows this many per page.
PEOPLE_PAGE_SIZE = 100


def people_url(unit, year, source):
    """The base of the links from a report table's figures to the people behind them (the table adds the cell)."""
    return f"{reverse('reports:chain_people', args=[unit.pk])}?year={year.pk}&nguon={source}"


@login_required
def chain_people(request, unit_id):
    """Who a figure of a report table counts (``?nguon=`` snapshot or accepted, ``cap``, ``doi_tuong``, ``nhom``),
    read from the reports: the list's length is the figure."""
    user = request.user
    _require_chain_user(user)
    unit = _reportable_unit(user, unit_id)
    year = _year_for_unit(user, unit, request.GET.get("year"))
    if year is None:
        raise Http404
    source = request.GET.get("nguon") or selectors.SNAPSHOT
    from_ministry = request.GET.get("tu") == "gui-bo"
    level, audience, figure = (request.GET.get(name, "") for name in ("cap", "doi_tuong", "nhom"))
    try:
        people = selectors.reported_people(
            unit=unit, year=year, source=source, level=level, audience=audience, figure=figure
        )
    except ValueError:
        raise Http404 from None
    page = Paginator([selectors.row_display(row) for row in people], PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(selectors.table_classes(ruleset=year.ruleset, counts={}))
    return render(
        request,
        "reports/chain/people.html",
        {
            "unit": unit,
            "year": year,
            "page": page,
            "count": len(people),
            "source": source,
            "level_label": dict(Level.choices).get(level, ""),
            "audience_label": selectors.AUDIENCE_LABELS.get(audience, ""),
            "figure_label": {"NONE": _("Chưa có kết quả"), "evaluated": _("Có kết quả")}.get(figure)
            or labels.get(figure, ""),
            "query_string": query_without_page(request),
            "from_ministry": from_ministry,
            "back_url": f"{reverse('reports:ministry_report')}?year={year.pk}"
            if from_ministry
            else _unit_url(unit, year),
        },
    )


def _show_error(request, error):
    show_error(request, error)


@login_required
@require_POST
def chain_submit(request, unit_id):
    user = request.user
    _require_chain_user(user)
    unit = _reportable_unit(user, unit_id)
    year = _year_for_unit(user, unit, request.POST.get("year"))
    if year is None:
        raise Http404
    try:
        report = chain.report_submit(
            unit=unit,
            year=year,
            user=user,
            allow_missing=request.POST.get("allow_missing") == "1",
            reason=request.POST.get("reason", ""),
        )
    except chain.MissingUnitsError as error:
        messages.warning(
            request,
            _("%(error)s Nếu vẫn nộp, hãy đánh dấu “Nộp khi còn đơn vị chưa báo cáo”, ghi lý do rồi bấm Nộp lại.")
            % {"error": error},
        )
    except chain.ReportError as error:
        _show_error(request, error)
    else:
        if unit.kind == OrgUnit.Kind.DEPARTMENT:
            messages.success(request, _("Đã ghi nhận báo cáo gửi Bộ GD&ĐT (lần %(n)s).") % {"n": report.version})
        else:
            messages.success(request, _("Đã nộp báo cáo lên %(superior)s.") % {"superior": unit.parent.name})
    if request.POST.get("next") == "ministry":
        return redirect(f"{reverse('reports:ministry_report')}?year={year.pk}")
    return redirect(_unit_url(unit, year))


def _accept_confirmation(request, report):
    """What accepting will do, shown before it is done: the figures that go into the superior's aggregate, the
    units the report leaves out, and whether the live data has moved since the report was sent."""
    year, unit = report.year, report.unit
    counts = report.snapshot.get("counts", {}) if report.snapshot else {}
    live = selectors.result_counts(year=year, root=unit)
    return render(
        request,
        "reports/chain/accept_confirm.html",
        {
            "report": report,
            "unit": unit,
            "year": year,
            "snapshot": report.snapshot or {},
            "results": selectors.results_table(counts=counts, ruleset=year.ruleset) if counts else None,
            "live_results": selectors.results_table(counts=live, ruleset=year.ruleset) if live else None,
            "live_differs": selectors.counts_differ(live, counts),
            "back_url": _unit_url(unit, year),
            "people_url": people_url(unit, year, selectors.SNAPSHOT),
        },
    )


@login_required
@require_POST
def chain_accept(request, pk):
    user = request.user
    _require_chain_user(user)
    report = selectors.get_report_for_user(user=user, pk=pk)
    reviewable = report.status == ReportStatus.SUBMITTED and selectors.can_review(user=user, report=report)
    if reviewable and not report.year.is_read_only and request.POST.get("confirmed") != "1":
        return _accept_confirmation(request, report)
    try:
        chain.report_accept(report=report, user=user)
    except chain.ReportError as error:
        _show_error(request, error)
    else:
        messages.success(request, _("Đã tiếp nhận báo cáo của %(unit)s.") % {"unit": report.unit.name})
    return redirect(_unit_url(report.unit, report.year))


@login_required
@require_POST
def chain_return(request, pk):
    user = request.user
    _require_chain_user(user)
    report = selectors.get_report_for_user(user=user, pk=pk)
    try:
        report = chain.report_return(report=report, user=user, comment=request.POST.get("comment", ""))
    except chain.ReportError as error:
        _show_error(request, error)
    else:
        if report.results_reopened:
            messages.success(
                request,
                _(
                    "Đã trả lại báo cáo của %(unit)s và đã mở lại kết quả BDTX của trường: trường sửa điểm, "
                    "xác nhận lại kết quả rồi nộp lại báo cáo."
                )
                % {"unit": report.unit.name},
            )
        else:
            messages.success(request, _("Đã trả lại báo cáo của %(unit)s.") % {"unit": report.unit.name})
    return redirect(_unit_url(report.unit, report.year))


@login_required
@require_POST
def chain_remind(request):
    """Nhắc the chosen units (or every late one) reporting to the office shown."""
    user = request.user
    _require_chain_user(user)
    root = scoping.get_unit_for_user(user, request.POST["root"]) if request.POST.get("root") else user.unit
    if root is None or root.kind not in OFFICE_KINDS:
        raise Http404
    year = _year_for_unit(user, root, request.POST.get("year"))
    if year is None:
        raise Http404
    children = scoping.visible_units(user).filter(parent=root, is_active=True)
    if request.POST.get("all_late"):
        table = selectors.report_status_table(root=root, year=year)
        to_units = [row.unit for row in table.late_rows]
    else:
        ids = plain_ids(request.POST.getlist("unit"))
        to_units = list(children.filter(pk__in=ids))
    if not to_units:
        messages.info(request, _("Không có đơn vị nào trễ hạn để nhắc."))
    else:
        try:
            outcome = notifications.reminder_send(from_unit=root, to_units=to_units, year=year, user=user)
        except chain.ReportError as error:
            _show_error(request, error)
        else:
            for level, text in outcome.messages():
                messages.add_message(request, getattr(messages, level.upper()), text)
    query = f"?year={year.pk}" + (f"&unit={root.pk}" if root.pk != user.unit_id else "")
    return redirect(f"{reverse('reports:chain_home')}{query}")


# ---------------------------------------------------------------------------------------------------------------
# Ministry report
# ---------------------------------------------------------------------------------------------------------------


def _ministry_scope(request, year_id):
    user = request.user
    year = year_from_request(user=user, year_id=year_id)
    if year is None:
        raise NoYearYet
    department = selectors.ministry_department(user=user, year=year)
    if department is None:
        raise PermissionDenied
    return year, department


@login_required
def ministry_report(request):
    user = request.user
    year, department = _ministry_scope(request, request.GET.get("year"))
    counts = selectors.accepted_counts(unit=department, year=year)
    live = selectors.result_counts(year=year, root=department)
    table = selectors.report_status_table(root=department, year=year)
    own = table.own
    report = own.report
    snapshot_results = None
    if report is not None and report.status != ReportStatus.RETURNED:
        report = selectors.report_of(unit=department, year=year)
        snapshot_results = selectors.results_table(counts=report.snapshot.get("counts", {}), ruleset=year.ruleset)
    evaluation = window_of(user=user, year=year, unit=department)
    return render(
        request,
        "reports/chain/ministry.html",
        {
            "year": year,
            "years": _years(user, year),
            "department": department,
            "results": selectors.results_table(counts=counts, ruleset=year.ruleset),
            "live_results": selectors.results_table(counts=live, ruleset=year.ruleset),
            "live_differs": selectors.counts_differ(live, counts),
            "title": ministry.ministry_report_title(year=year),
            "own": own,
            "report": report,
            "snapshot_results": snapshot_results,
            "people_url": people_url(department, year, selectors.ACCEPTED) + "&tu=gui-bo",
            "snapshot_people_url": people_url(department, year, selectors.SNAPSHOT) + "&tu=gui-bo",
            "missing": [row for row in table.rows if row.status != ReportStatus.ACCEPTED],
            "can_submit": selectors.can_submit(user=user, unit=department)
            and own.outstanding
            and not year.is_read_only
            and evaluation["window"].is_open,
            "evaluation": evaluation,
            "paper": papers.paper_of(year=year, unit=department),
            "paper_pdf_url": f"{reverse('reports:ministry_document', args=['pdf'])}?year={year.pk}",
            "paper_docx_url": f"{reverse('reports:ministry_document', args=['docx'])}?year={year.pk}",
            "can_write": selectors.can_submit(user=user, unit=department) and not year.is_read_only,
        },
    )


def _back_to_ministry(year):
    return redirect(f"{reverse('reports:ministry_report')}?year={year.pk}#van-ban")


@login_required
@require_POST
def ministry_paper(request):
    """Save the narrative of the Sở's report (đánh giá chung, khó khăn, kiến nghị, số văn bản)."""
    year, department = _ministry_scope(request, request.POST.get("year"))
    try:
        papers.paper_save(year=year, unit=department, user=request.user, data=request.POST)
    except papers.PaperError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Đã lưu nội dung văn bản báo cáo."))
    return _back_to_ministry(year)


@login_required
def ministry_document(request, fmt):
    """The Sở's report to the Ministry as an official document (PDF or Word), from the page's figures."""
    year, department = _ministry_scope(request, request.GET.get("year"))
    document = papers.ministry_document(year=year, department=department, day=timezone.localdate())
    return document_response(document, fmt)


@login_required
@require_POST
def ministry_scan(request):
    """Keep the scan of the signed report once it was sent."""
    year, department = _ministry_scope(request, request.POST.get("year"))
    upload = request.FILES.get("scan")
    if upload is None:
        messages.error(request, _("Hãy chọn tệp bản chụp văn bản đã ký."))
        return _back_to_ministry(year)
    try:
        papers.scan_attach(year=year, unit=department, user=request.user, upload=upload)
    except papers.PaperError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Đã lưu bản chụp văn bản đã ký."))
    return _back_to_ministry(year)


@login_required
def ministry_scan_download(request):
    year, department = _ministry_scope(request, request.GET.get("year"))
    paper = papers.paper_of(year=year, unit=department)
    if not paper.scan:
        raise Http404
    return private_file_response(paper.scan, filename=paper.scan_name, content_type=paper.scan_type)


@login_required
@require_POST
def ministry_export(request):
    user = request.user
    year, department = _ministry_scope(request, request.POST.get("year"))
    try:
        job = jobs.job_create(
            user=user,
            kind=ministry.KIND,
            params={"year": year.pk},
            scope_unit=department,
            title=f"{ministry.ministry_report_title(year=year)} · {department.name}",
        )
    except jobs.JobError as error:
        show_error(request, error)
        return redirect(f"{reverse('reports:ministry_report')}?year={year.pk}")
    return redirect("jobs:job_detail", pk=job.pk)

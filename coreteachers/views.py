from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import scoping
from accounts.models import OrgUnit
from core.errors import show_error
from years.selectors import NoYearYet, department_of, require_year, years_visible_to

from . import selectors, services
from .forms import DesignationForm, FilterForm, RevokeForm, SupportPlanForm, SupportReportForm
from .models import Transition

PAGE_SIZE = 50


def _year(request):
    return require_year(user=request.user, year_id=request.GET.get("year") or request.POST.get("year"))


def _run(request, action, success):
    """Call a service; show its Vietnamese error instead of failing. Returns the result or None."""
    try:
        result = action()
    except services.CoreTeacherError as error:
        show_error(request, error)
        return None
    messages.success(request, success)
    return result


def _require_designator(user):
    if not services.can_designate(user):
        raise PermissionDenied


# --- The core teacher's own page ---------------------------------------------------------------------------------


@login_required
def mine(request):
    year = _year(request)
    designations = list(selectors.my_designations(user=request.user, year=year))
    return render(
        request,
        "coreteachers/mine.html",
        {"year": year, "years": years_visible_to(user=request.user), "designations": designations},
    )


# --- Designations ------------------------------------------------------------------------------------------------


@login_required
def designation_list(request):
    if not services.can_designate(request.user):
        return redirect("coreteachers:mine")
    year = _year(request)
    schools = list(scoping.visible_schools(request.user).order_by("path").only("id", "name"))
    form = FilterForm(request.GET or None, schools=schools)
    filters = form.cleaned_data if form.is_valid() else {}
    school = None
    if filters.get("school"):
        school = scoping.get_in_scope_or_404(scoping.visible_schools(request.user), filters["school"])
    queryset = selectors.filter_designations(
        selectors.designations_visible_to(user=request.user, year=year),
        school=school,
        level=filters.get("level", ""),
        subject=filters.get("subject", ""),
        state=filters.get("state", ""),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "coreteachers/designation_list.html",
        {
            "year": year,
            "years": years_visible_to(user=request.user),
            "form": form,
            "show_school": len(schools) > 1,
            "page": page,
            "query_string": query_string.urlencode(),
            "is_core_teacher": request.user.staff_id
            and selectors.my_designations(user=request.user, year=year).exists(),
        },
    )


@login_required
def designation_create(request):
    _require_designator(request.user)
    year = _year(request)
    staff_in_scope = services.designatable_staff(request.user)
    schools = scoping.visible_schools(request.user).order_by("path")
    preselected = None
    school = None
    if request.GET.get("staff"):
        preselected = scoping.get_in_scope_or_404(staff_in_scope, request.GET["staff"])
        school = preselected.unit
    elif request.GET.get("school") or request.POST.get("school"):
        school = scoping.get_in_scope_or_404(schools, request.GET.get("school") or request.POST.get("school"))
    elif request.user.unit and request.user.unit.is_school:
        school = request.user.unit
    elif schools.count() == 1:
        school = schools.first()
    if school is None:
        return render(
            request, "coreteachers/designation_school.html", {"year": year, "schools": schools.only("id", "name")}
        )
    candidates = staff_in_scope.filter(unit=school).order_by("sort_key", "id")
    initial = {"staff": preselected.pk, "level": ""} if preselected else {}
    form = DesignationForm(request.POST or None, staff_queryset=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        designation = _run(
            request,
            lambda: services.designation_create(
                staff=data["staff"],
                year=year,
                subject=data["subject"],
                level=data["level"],
                decision=data["decision"],
                note=data["note"],
                by=request.user,
            ),
            _("Đã phân công giáo viên cốt cán."),
        )
        if designation is not None:
            return redirect("coreteachers:designation_detail", pk=designation.pk)
    return render(
        request,
        "coreteachers/designation_form.html",
        {"year": year, "school": school, "form": form, "many_schools": schools.count() > 1},
    )


@login_required
def designation_detail(request, pk):
    designation = selectors.get_designation_for_user(user=request.user, pk=pk)
    user = request.user
    return render(
        request,
        "coreteachers/designation_detail.html",
        {
            "designation": designation,
            "year": designation.year,
            "plan": selectors.document_of(designation, "support_plan"),
            "report": selectors.document_of(designation, "support_report"),
            "is_owner": services.is_owner(user, designation),
            "can_revoke": designation.active and services.can_revoke(user, designation),
            "revoke_form": RevokeForm(),
        },
    )


@login_required
@require_POST
def designation_revoke(request, pk):
    designation = selectors.get_designation_for_user(user=request.user, pk=pk)
    if not services.can_revoke(request.user, designation):
        raise PermissionDenied
    reason = request.POST.get("reason", "")
    _run(
        request,
        lambda: services.designation_revoke(designation=designation, by=request.user, reason=reason),
        _("Đã thôi phân công giáo viên cốt cán."),
    )
    return redirect("coreteachers:designation_detail", pk=designation.pk)


# --- Support plan and report -------------------------------------------------------------------------------------


def _document_context(request, designation, document, kind):
    user = request.user
    return {
        "designation": designation,
        "year": designation.year,
        "doc": document,
        "kind": kind,
        "is_owner": services.is_owner(user, designation),
        "can_decide": document is not None and designation.active and services.is_approver(user, designation),
        "transitions": selectors.transitions_of(designation=designation, kind=kind),
        "editable": document is None or document.status in services.EDITABLE,
    }


@login_required
def plan_detail(request, pk):
    designation = selectors.get_designation_for_user(user=request.user, pk=pk)
    plan = selectors.document_of(designation, "support_plan")
    context = _document_context(request, designation, plan, Transition.Kind.PLAN)
    if plan is not None:
        context["colleagues"] = plan.colleagues.order_by("sort_key", "id")
        if plan.status in services.EDITABLE:
            context["problems"] = services.support_plan_problems(plan=plan)
    return render(request, "coreteachers/plan_detail.html", context)


def _owned_designation(request, pk):
    designation = selectors.get_designation_for_user(user=request.user, pk=pk)
    if not services.is_owner(request.user, designation):
        raise PermissionDenied
    return designation


@login_required
def plan_edit(request, pk):
    designation = _owned_designation(request, pk)
    plan = selectors.document_of(designation, "support_plan")
    colleagues = services.colleague_choices(designation=designation).order_by("sort_key", "id")
    initial = {}
    if plan is not None:
        initial = {
            "goals": plan.goals,
            "activities": plan.activities,
            "schedule": plan.schedule,
            "colleagues": list(plan.colleagues.values_list("pk", flat=True)),
            "other_targets": plan.other_targets,
            "version": plan.version,
        }
    form = SupportPlanForm(request.POST or None, colleagues=colleagues, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_document(request, services.support_plan_save, designation, form)
        if saved is not None:
            return _after_save(
                request,
                lambda: services.support_plan_submit(plan=saved, by=request.user),
                _("Đã lưu và nộp kế hoạch hỗ trợ."),
                _("Đã lưu kế hoạch hỗ trợ."),
                "coreteachers:plan_detail",
                "coreteachers:plan_edit",
                designation,
            )
    return render(
        request,
        "coreteachers/plan_form.html",
        {"designation": designation, "year": designation.year, "doc": plan, "form": form},
    )


def _save_document(request, save, designation, form):
    """Save a support plan or report from its form: the form's fields are the service's arguments, and its
    ``version`` the one the editor was opened on."""
    fields = dict(form.cleaned_data)
    expected_version = fields.pop("version")
    try:
        return save(designation=designation, by=request.user, expected_version=expected_version, **fields)
    except services.CoreTeacherError as error:
        show_error(request, error)
        return None


def _after_save(request, submit, submitted_message, saved_message, detail_url, edit_url, designation):
    """'Lưu và nộp' submits right after saving; a refused submission comes back to a fresh editor (the draft is
    saved, so nothing typed is lost and the page carries the new version)."""
    if request.POST.get("then") == "submit":
        if _run(request, submit, submitted_message) is None:
            return redirect(edit_url, pk=designation.pk)
    else:
        messages.success(request, saved_message)
    return redirect(detail_url, pk=designation.pk)


PLAN_ACTIONS = {
    "submit": (
        lambda plan, by, comment: services.support_plan_submit(plan=plan, by=by),
        gettext_lazy("Đã nộp kế hoạch hỗ trợ."),
    ),
    "withdraw": (
        lambda plan, by, comment: services.support_plan_withdraw(plan=plan, by=by),
        gettext_lazy("Đã rút lại kế hoạch hỗ trợ."),
    ),
    "approve": (
        lambda plan, by, comment: services.support_plan_approve(plan=plan, by=by, comment=comment),
        gettext_lazy("Đã phê duyệt kế hoạch hỗ trợ."),
    ),
    "return": (
        lambda plan, by, comment: services.support_plan_return(plan=plan, by=by, comment=comment),
        gettext_lazy("Đã trả lại kế hoạch hỗ trợ."),
    ),
    "reopen": (
        lambda plan, by, comment: services.support_plan_reopen(plan=plan, by=by, reason=comment),
        gettext_lazy("Đã mở lại kế hoạch hỗ trợ."),
    ),
}

REPORT_ACTIONS = {
    "submit": (
        lambda report, by, comment: services.support_report_submit(report=report, by=by),
        gettext_lazy("Đã nộp báo cáo hỗ trợ."),
    ),
    "withdraw": (
        lambda report, by, comment: services.support_report_withdraw(report=report, by=by),
        gettext_lazy("Đã rút lại báo cáo hỗ trợ."),
    ),
    "approve": (
        lambda report, by, comment: services.support_report_approve(report=report, by=by, comment=comment),
        gettext_lazy("Đã phê duyệt báo cáo hỗ trợ."),
    ),
    "return": (
        lambda report, by, comment: services.support_report_return(report=report, by=by, comment=comment),
        gettext_lazy("Đã trả lại báo cáo hỗ trợ."),
    ),
    "reopen": (
        lambda report, by, comment: services.support_report_reopen(report=report, by=by, reason=comment),
        gettext_lazy("Đã mở lại báo cáo hỗ trợ."),
    ),
}


def _document_action(request, pk, action, attribute, actions, detail_url):
    if action not in actions:
        raise Http404
    designation = selectors.get_designation_for_user(user=request.user, pk=pk)
    document = selectors.document_of(designation, attribute)
    if document is None:
        raise Http404
    call, success = actions[action]
    _run(request, lambda: call(document, request.user, request.POST.get("comment", "")), str(success))
    return redirect(detail_url, pk=designation.pk)


@login_required
@require_POST
def plan_action(request, pk, action):
    return _document_action(request, pk, action, "support_plan", PLAN_ACTIONS, "coreteachers:plan_detail")


@login_required
def report_detail(request, pk):
    designation = selectors.get_designation_for_user(user=request.user, pk=pk)
    report = selectors.document_of(designation, "support_report")
    context = _document_context(request, designation, report, Transition.Kind.REPORT)
    plan = selectors.document_of(designation, "support_plan")
    context["plan"] = plan
    context["plan_approved"] = plan is not None and plan.status == "APPROVED"
    if report is not None and report.status in services.EDITABLE:
        context["problems"] = services.support_report_problems(report=report)
    return render(request, "coreteachers/report_detail.html", context)


@login_required
def report_edit(request, pk):
    designation = _owned_designation(request, pk)
    report = selectors.document_of(designation, "support_report")
    initial = {}
    if report is not None:
        initial = {
            "summary": report.summary,
            "sessions_held": report.sessions_held,
            "colleagues_supported": report.colleagues_supported,
            "evidence": report.evidence,
            "version": report.version,
        }
    else:
        plan = selectors.document_of(designation, "support_plan")
        if plan is not None:
            initial["colleagues_supported"] = plan.colleagues.count()
    form = SupportReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_document(request, services.support_report_save, designation, form)
        if saved is not None:
            return _after_save(
                request,
                lambda: services.support_report_submit(report=saved, by=request.user),
                _("Đã lưu và nộp báo cáo hỗ trợ."),
                _("Đã lưu báo cáo hỗ trợ."),
                "coreteachers:report_detail",
                "coreteachers:report_edit",
                designation,
            )
    return render(
        request,
        "coreteachers/report_form.html",
        {"designation": designation, "year": designation.year, "doc": report, "form": form},
    )


@login_required
@require_POST
def report_action(request, pk, action):
    return _document_action(request, pk, action, "support_report", REPORT_ACTIONS, "coreteachers:report_detail")


# --- Counts per unit ---------------------------------------------------------------------------------------------


@login_required
def counts(request):
    _require_designator(request.user)
    units = selectors.count_roots(user=request.user)
    if request.GET.get("unit"):
        root = scoping.get_in_scope_or_404(units, request.GET["unit"])
    else:
        root = request.user.unit or units.filter(kind=OrgUnit.Kind.DEPARTMENT).order_by("path").first()
    if root is None or root.kind == OrgUnit.Kind.MINISTRY:
        root = units.filter(kind=OrgUnit.Kind.DEPARTMENT).order_by("path").first()
    if root is None:
        raise Http404
    department = department_of(root)
    years = years_visible_to(user=request.user).filter(department=department)
    year_id = request.GET.get("year")
    year = scoping.get_in_scope_or_404(years, year_id) if year_id else years.filter(is_current=True).first()
    year = year or years.first()
    if year is None:
        raise NoYearYet
    parents = [unit for unit in units.filter(pk__in=root.ancestor_ids).order_by("path")]
    return render(
        request,
        "coreteachers/counts.html",
        {
            "year": year,
            "years": years,
            "root": root,
            "parents": parents,
            "data": selectors.core_counts(year=year, root=root),
        },
    )

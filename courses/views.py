"""Lớp bồi dưỡng: list, budget plan, course form, học viên (enrol, completion). Thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scoping
from accounts.models import Position
from accounts.permissions import Cap, can
from core.errors import show_error
from core.ids import plain_id
from jobs import jobs
from years.selectors import department_of, require_year, year_from_request, years_visible_to

from . import selectors, services
from .forms import CandidateFilterForm, CourseForm, EnrollmentForm
from .job_handlers import BUDGET_EXPORT_KIND, budget_params, budget_title
from .models import CourseStatus

PAGE_SIZE = 50
CANDIDATE_PAGE_SIZE = 30


def _year(request):
    return year_from_request(user=request.user, year_id=request.GET.get("year") or request.POST.get("year"))


def _get_rw_course(user, pk):
    """A course the user may change: 404 when not visible, 403 when visible but organised by someone else."""
    course = selectors.get_course_for_user(user, pk)
    if not selectors.can_manage_course(user, course):
        raise PermissionDenied
    return course


# --- list and budget ---------------------------------------------------------------------------------------


@login_required
def course_list(request):
    user = request.user
    year = _year(request)
    status = request.GET.get("status") if request.GET.get("status") in CourseStatus.values else ""
    courses = selectors.course_list(user=user, year=year, status=status) if year else []
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/course_list.html",
        {
            "year": year,
            "years": years_visible_to(user=user),
            "status": status,
            "statuses": CourseStatus.choices,
            "page": page,
            "query_string": f"year={year.pk}&status={status}" if year else "",
            "can_organise": selectors.can_organise(user),
            "can_see_budget": can(user, Cap.MONITOR),
        },
    )


def _budget_context(request):
    """(year, unit, include_below) asked for, each checked against the user's scope (404 outside it)."""
    user = request.user
    if not can(user, Cap.MONITOR):
        raise Http404
    year = require_year(user=user, year_id=request.GET.get("year") or request.POST.get("year"))
    units = selectors.budget_units(user=user, year=year)
    source = request.POST if request.method == "POST" else request.GET
    if source.get("unit"):
        unit = scoping.get_in_scope_or_404(units, source["unit"])
    else:
        unit = units.filter(pk=user.unit_id).first() or units.filter(pk=year.department_id).first() or units.first()
        if unit is None:
            raise Http404
    include_below = source.get("below") == "1"
    return year, unit, include_below, units


@login_required
def budget(request):
    user = request.user
    year, unit, include_below, units = _budget_context(request)
    plan = selectors.budget_plan(
        courses=selectors.budget_courses(user=user, year=year, unit=unit, include_below=include_below)
    )
    return render(
        request,
        "courses/budget.html",
        {
            "year": year,
            "years": years_visible_to(user=user),
            "unit": unit,
            "units": units,
            "include_below": include_below,
            "has_units_below": units.filter(scoping.subtree_q(unit)).exclude(pk=unit.pk).exists(),
            "plan": plan,
        },
    )


@login_required
@require_POST
def budget_export(request):
    year, unit, include_below, _units = _budget_context(request)
    params = budget_params(year=year, unit=unit, include_below=include_below)
    try:
        job = jobs.job_create(
            user=request.user,
            kind=BUDGET_EXPORT_KIND,
            params=params,
            scope_unit=unit,
            title=budget_title(year=year, unit=unit, include_below=include_below),
        )
    except jobs.JobError as error:
        show_error(request, error)
        return redirect("jobs:job_list")
    return redirect("jobs:job_detail", pk=job.pk)


# --- course ------------------------------------------------------------------------------------------------


def _organiser_and_years(user, year=None):
    """(organisers for the form or None when fixed, years offered)."""
    if user.is_admin_role:
        return selectors.organiser_choices(user), years_visible_to(user=user).select_related("department")
    department = department_of(user.unit)
    return None, years_visible_to(user=user).filter(department=department)


@login_required
def course_create(request):
    user = request.user
    if not selectors.can_organise(user):
        raise PermissionDenied
    organisers, years = _organiser_and_years(user)
    year = _year(request)
    form = CourseForm(request.POST or None, organisers=organisers, years=years, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        organiser = form.cleaned_data["organiser"] if organisers is not None else user.unit
        try:
            course = services.course_create(
                organiser=organiser, year=form.cleaned_data["year"], by=user, **form.values()
            )
        except services.CourseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lập lớp “%(name)s”.") % {"name": course.name})
            return redirect("courses:course_detail", pk=course.pk)
    return render(request, "courses/course_form.html", {"form": form, "title": _("Lập lớp bồi dưỡng"), "year": year})


@login_required
def course_edit(request, pk):
    user = request.user
    course = _get_rw_course(user, pk)
    _organisers, years = _organiser_and_years(user)
    years = years.filter(department=course.year.department_id)
    initial = {field: getattr(course, field) for field in services.COURSE_FIELDS} | {"year": course.year}
    form = CourseForm(request.POST or None, organisers=None, years=years, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(course=course, by=user, year=form.cleaned_data["year"], **form.values())
        except services.CourseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu lớp “%(name)s”.") % {"name": course.name})
            return redirect("courses:course_detail", pk=course.pk)
    return render(
        request,
        "courses/course_form.html",
        {"form": form, "course": course, "title": _("Sửa lớp bồi dưỡng"), "year": course.year},
    )


@login_required
def course_delete(request, pk):
    course = _get_rw_course(request.user, pk)
    if request.method == "POST":
        year_id = course.year_id
        try:
            services.course_delete(course=course, by=request.user)
        except services.CourseError as error:
            show_error(request, error)
            return redirect("courses:course_detail", pk=course.pk)
        messages.success(request, _("Đã xoá lớp “%(name)s”.") % {"name": course.name})
        return redirect(f"{reverse('courses:course_list')}?year={year_id}")
    return render(request, "courses/course_confirm_delete.html", {"course": course})


@login_required
def course_detail(request, pk):
    user = request.user
    course = selectors.get_course_for_user(user, pk)
    enrolled, completed = selectors.course_counts(course=course)
    enrollments = selectors.enrollments_visible_to(user=user, course=course)
    page = Paginator(enrollments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "enrolled": enrolled,
            "completed": completed,
            "over_planned": enrolled > course.planned_participants,
            "page": page,
            "can_manage": selectors.can_manage_course(user, course),
            "history": course.history.select_related("history_user").order_by("-history_date")[:10],
        },
    )


# --- học viên ----------------------------------------------------------------------------------------------


@login_required
def enroll(request, pk):
    """Pick staff of the organiser's scope (search without diacritics, paginated) and add them."""
    user = request.user
    course = _get_rw_course(user, pk)
    if request.method == "POST":
        try:
            added = services.enrollment_add(course=course, staff_ids=request.POST.getlist("staff"), by=user)
        except services.CourseError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Đã ghi danh %(n)s người.") % {"n": added})
        # Back to the same search and page; the query string only ever follows our own path.
        back = request.POST.get("back", "")
        return redirect(f"{request.path}?{back}" if back else request.path)
    units = selectors.candidate_unit_choices(user=user, course=course)
    form = CandidateFilterForm(request.GET or None, units=units, positions=Position.choices)
    filters = form.cleaned_data if form.is_valid() else {}
    unit = None
    if filters.get("unit"):
        unit = next((candidate for candidate in units if candidate.pk == filters["unit"]), None)
    candidates = selectors.enrollment_candidates(
        user=user, course=course, query=filters.get("q") or "", unit=unit, position=filters.get("position") or ""
    )
    page = Paginator(candidates, CANDIDATE_PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    enrolled, _completed = selectors.course_counts(course=course)
    return render(
        request,
        "courses/enroll.html",
        {
            "course": course,
            "form": form,
            "page": page,
            "query_string": query_string.urlencode(),
            "back": request.GET.urlencode(),
            "enrolled": enrolled,
        },
    )


@login_required
@require_POST
def enrollment_action(request, pk):
    """Bulk actions on the selected học viên: ghi nhận hoàn thành, bỏ ghi nhận, xoá khỏi lớp."""
    user = request.user
    course = _get_rw_course(user, pk)
    selected = request.POST.getlist("enrollment")
    action = request.POST.get("action")
    try:
        if action == "complete":
            changed = services.enrollment_set_completed(
                course=course, enrollment_ids=selected, completed=True, note=request.POST.get("note"), by=user
            )
            messages.success(request, _("Đã ghi nhận hoàn thành cho %(n)s học viên.") % {"n": changed})
        elif action == "uncomplete":
            changed = services.enrollment_set_completed(
                course=course, enrollment_ids=selected, completed=False, by=user
            )
            messages.success(request, _("Đã bỏ ghi nhận hoàn thành của %(n)s học viên.") % {"n": changed})
        elif action == "remove":
            removed = services.enrollment_remove(course=course, enrollment_ids=selected, by=user)
            messages.success(request, _("Đã xoá %(n)s học viên khỏi lớp.") % {"n": removed})
        else:
            messages.error(request, _("Hãy chọn một thao tác."))
    except services.CourseError as error:
        show_error(request, error)
    page = request.POST.get("page", "")
    suffix = f"?page={page}" if plain_id(page) is not None else ""
    return redirect(reverse("courses:course_detail", args=[course.pk]) + suffix)


@login_required
def enrollment_edit(request, pk, enrollment_pk):
    user = request.user
    course = _get_rw_course(user, pk)
    enrollment = scoping.get_in_scope_or_404(selectors.enrollments_visible_to(user=user, course=course), enrollment_pk)
    initial = {"completed": enrollment.completed, "result_note": enrollment.result_note}
    form = EnrollmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_update(
                enrollment=enrollment,
                completed=form.cleaned_data["completed"],
                result_note=form.cleaned_data["result_note"],
                by=user,
            )
        except services.CourseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu kết quả của %(name)s.") % {"name": enrollment.staff.full_name})
            return redirect("courses:course_detail", pk=course.pk)
    return render(request, "courses/enrollment_form.html", {"course": course, "enrollment": enrollment, "form": form})

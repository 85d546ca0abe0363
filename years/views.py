"""Training years, deadlines and reopenings. Thin views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scoping
from accounts.models import MIDDLE_TIER_KINDS, OrgUnit
from core.errors import show_error
from core.http import own_url

from . import services as years
from .forms import DeadlineForm, OpenEarlyForm, ReopenForm, YearForm
from .models import Deadline, DeadlineReopening
from .selectors import department_of, years_visible_to

# --- years -------------------------------------------------------------------------------------------------


@login_required
def year_list(request):
    user = request.user
    year_rows = [
        {"year": year, "can_manage": years.can_manage_year(user, year)}
        for year in years_visible_to(user=user).select_related("department").order_by("department__name", "-start_year")
    ]
    return render(
        request,
        "years/year_list.html",
        {"year_rows": year_rows, "can_create": years.can_create_years(user), "show_department": user.is_admin_role},
    )


def _year_form_values(form):
    """The form's values; a blank regime or hours box takes the year's default (years.services.year_defaults)."""
    data = form.cleaned_data
    ruleset, quotas = years.year_defaults(data["start_year"], data["ruleset"] or None)
    given = (data["quota_content1"], data["quota_content2"], data["quota_content3"])
    if quotas is not None:
        given = tuple(value if value is not None else default for value, default in zip(given, quotas, strict=True))
    return {
        "start_year": data["start_year"],
        "ruleset": ruleset,
        "quota_content1": given[0],
        "quota_content2": given[1],
        "quota_content3": given[2],
        "hours_required": data["hours_required"],
    }


def _decision_values(form):
    data = form.cleaned_data
    return {
        "exemption_decision_number": data["exemption_decision_number"],
        "exemption_decision_date": data["exemption_decision_date"],
        "exemption_decision_reason": data["exemption_decision_reason"],
    }


@login_required
def year_create(request):
    user = request.user
    if not years.can_create_years(user):
        raise PermissionDenied
    departments = scoping.visible_units(user).filter(kind=OrgUnit.Kind.DEPARTMENT) if user.is_admin_role else None
    form = YearForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        department = form.cleaned_data["department"] if departments is not None else department_of(user.unit)
        try:
            year = years.year_create(department=department, by=user, **_year_form_values(form))
        except years.YearError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã mở năm học %(name)s.") % {"name": year.name})
            return redirect("years:year_detail", pk=year.pk)
    return render(request, "years/year_form.html", {"form": form, "title": _("Mở năm học mới")})


@login_required
def year_edit(request, pk):
    year = years.get_rw_year_for_user(request.user, pk)
    initial = {
        "start_year": year.start_year,
        "ruleset": year.ruleset,
        "quota_content1": year.quota_content1,
        "quota_content2": year.quota_content2,
        "quota_content3": year.quota_content3,
        "hours_required": year.hours_required,
        "exemption_decision_number": year.exemption_decision_number,
        "exemption_decision_date": year.exemption_decision_date,
        "exemption_decision_reason": year.exemption_decision_reason,
    }
    form = YearForm(request.POST or None, initial=initial, decision=True)
    if request.method == "POST" and form.is_valid():
        try:
            years.year_update(year=year, by=request.user, **_year_form_values(form), **_decision_values(form))
        except years.YearError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu năm học %(name)s.") % {"name": year.name})
            return redirect("years:year_detail", pk=year.pk)
    return render(
        request,
        "years/year_form.html",
        {"form": form, "year": year, "title": _("Sửa năm học %(name)s") % {"name": year.name}},
    )


@login_required
def year_set_current(request, pk):
    year = years.get_rw_year_for_user(request.user, pk)
    if request.method == "POST":
        try:
            years.year_set_current(year=year, by=request.user)
        except years.YearError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Năm học hiện tại là %(name)s.") % {"name": year.name})
        return redirect("years:year_list")
    current = year.department.training_years.filter(is_current=True).first()
    return render(request, "years/year_set_current.html", {"year": year, "current": current})


@login_required
def year_detail(request, pk):
    user = request.user
    year = years.get_year_for_user(user, pk)
    deadline_unit = years.deadline_unit_for(user, year)
    context = {"year": year, "deadline_unit": deadline_unit, "can_manage": years.can_manage_year(user, year)}
    if deadline_unit is not None:
        rows = years.deadline_table(year=year, unit=deadline_unit)
        for row in rows:
            row.can_reopen = row.own is not None and years.can_reopen(user, row.own)
        context["rows"] = rows
        expiring_only = request.GET.get("sap_het") == "1"
        context["expiring_only"] = expiring_only
        context["expiring_days"] = years.EXPIRING_DAYS
        context["reopenings"] = (
            years.expiring_reopenings(year=year, unit=deadline_unit)
            if expiring_only
            else years.reopenings_by_unit(year=year, unit=deadline_unit)
        )
        context["early_openings"] = years.early_openings(year=year, user=user)
        if deadline_unit.kind == OrgUnit.Kind.DEPARTMENT:
            context["district_reopenings"] = years.district_reopenings(year=year, user=user)
            context["district_deadlines"] = (
                Deadline.objects.filter(year=year, unit__kind__in=MIDDLE_TIER_KINDS)
                .filter(scoping.subtree_q(year.department, via="unit"))
                .select_related("unit")
                .order_by("unit__name", "due_date")
            )
    elif user.unit_id and user.unit.kind == OrgUnit.Kind.SCHOOL:
        context["school_rows"] = years.school_deadlines(year=year, school=user.unit)
    else:
        context["rows"] = years.deadline_table(year=year, unit=year.department)
    return render(request, "years/year_detail.html", context)


# --- deadlines ---------------------------------------------------------------------------------------------


@login_required
def deadline_edit(request, pk):
    user = request.user
    year = years.get_year_for_user(user, pk)
    unit = years.deadline_unit_for(user, year)
    if unit is None or year.is_read_only:
        raise PermissionDenied
    rows = years.deadline_table(year=year, unit=unit)
    initial = {row.kind: row.own.due_date for row in rows if row.own}
    form = DeadlineForm(request.POST or None, initial=initial, kinds=years.kinds_for_unit(unit))
    if request.method == "POST" and form.is_valid():
        try:
            years.deadline_set(year=year, unit=unit, dates=form.dates(), by=user)
        except years.YearError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu thời hạn của %(unit)s.") % {"unit": unit.name})
            return redirect("years:year_detail", pk=year.pk)
    inherited = {row.kind: row.inherited for row in rows}
    fields = [(form[name], inherited.get(name)) for name in form.fields]
    return render(
        request,
        "years/deadline_form.html",
        {"form": form, "fields": fields, "year": year, "unit": unit, "show_inherited": any(inherited.values())},
    )


def _deadline_for_user(user, year, deadline_pk):
    queryset = Deadline.objects.filter(year=year, unit__in=scoping.visible_units(user)).select_related("unit")
    return scoping.get_in_scope_or_404(queryset, deadline_pk)


@login_required
def deadline_reopen(request, pk, deadline_pk):
    user = request.user
    year = years.get_year_for_user(user, pk)
    deadline = _deadline_for_user(user, year, deadline_pk)
    if not years.can_reopen(user, deadline):
        raise PermissionDenied
    schools = years.reopenable_schools(user=user, deadline=deadline)
    chosen = request.POST.get("school") or request.GET.get("school")
    initial = {}
    if chosen:
        school = scoping.get_in_scope_or_404(schools, chosen)  # a school outside the subtree is a 404
        initial["school"] = school
        existing = DeadlineReopening.objects.filter(deadline=deadline, school=school).first()
        if existing:
            initial.update(until=existing.until, reason=existing.reason)
    form = ReopenForm(request.POST or None, initial=initial, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            years.deadline_reopen(
                deadline=deadline, school=data["school"], until=data["until"], reason=data["reason"], by=user
            )
        except years.YearError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request,
                _("Đã mở lại thời hạn “%(kind)s” cho %(school)s đến ngày %(date)s.")
                % {
                    "kind": deadline.get_kind_display().lower(),
                    "school": data["school"].name,
                    "date": data["until"].strftime("%d/%m/%Y"),
                },
            )
            return redirect("years:year_detail", pk=year.pk)
    # The date set above still closes every school that was not reopened there too: said before the officer types.
    above_date = years.ancestor_deadlines(year=year, unit=deadline.unit).get(deadline.kind)
    return render(
        request,
        "years/reopen_form.html",
        {"form": form, "year": year, "deadline": deadline, "above_date": above_date},
    )


@login_required
@require_POST
def deadline_reopening_cancel(request, pk, reopening_pk):
    user = request.user
    year = years.get_year_for_user(user, pk)
    queryset = DeadlineReopening.objects.filter(
        deadline__year=year, deadline__unit__in=scoping.visible_units(user), school__in=scoping.visible_units(user)
    ).select_related("deadline", "school")
    reopening = scoping.get_in_scope_or_404(queryset, reopening_pk)
    try:
        years.deadline_reopening_cancel(reopening=reopening, by=user)
    except years.YearError as error:
        raise PermissionDenied(str(error)) from None
    messages.success(request, _("Đã huỷ việc mở lại thời hạn cho %(school)s.") % {"school": reopening.school.name})
    return redirect("years:year_detail", pk=year.pk)


# --- evaluation window ---------------------------------------------------------------------------------------


def _back(request, year):
    """Where to return after opening early: the page the officer came from when it is ours, else the year."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return own_url(request, target) or reverse("years:year_detail", args=[year.pk])


@login_required
def evaluation_open_early(request, pk, unit_pk):
    """Mở sớm đánh giá, xếp loại for one unit below the officer (form, reason, confirmation)."""
    user = request.user
    year = years.get_year_for_user(user, pk)
    unit = scoping.get_in_scope_or_404(scoping.visible_units(user), unit_pk)
    if not years.can_open_evaluation_early(user, unit, year):
        raise PermissionDenied
    form = OpenEarlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            years.evaluation_open_early(year=year, unit=unit, reason=form.cleaned_data["reason"], by=user)
        except years.YearError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Đã mở sớm đánh giá, xếp loại cho %(unit)s.") % {"unit": unit.name})
            return redirect(_back(request, year))
    context = years.window_of(user=user, year=year, unit=unit)
    context.update(form=form, next=_back(request, year))
    return render(request, "years/open_early_form.html", context)


@login_required
def evaluation_early_cancel(request, pk, unit_pk):
    """Huỷ mở sớm: what it does, then on confirmation the unit waits for the Sở's date again."""
    user = request.user
    year = years.get_year_for_user(user, pk)
    unit = scoping.get_in_scope_or_404(scoping.visible_units(user), unit_pk)
    if request.method != "POST":
        context = years.window_of(user=user, year=year, unit=unit)
        context["next"] = _back(request, year)
        return render(request, "years/early_cancel_confirm.html", context)
    try:
        years.evaluation_early_cancel(year=year, unit=unit, by=user)
    except years.YearError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Đã huỷ việc mở sớm đánh giá, xếp loại cho %(unit)s.") % {"unit": unit.name})
    return redirect(_back(request, year))

"""Thin views: parse, look up through scoping, call one service or selector, render."""

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
from accounts.models import OrgUnit, Role
from accounts.permissions import MANAGERS_AND_OFFICES
from accounts.selectors import unit_filter_choices
from core.errors import show_error
from years.selectors import current_year_for, year_from_request, years_visible_to

from . import cefr, selectors, services
from .forms import CertificateForm, ConversionTableForm, QualificationFilterForm, QualificationForm, TargetForm
from .models import Target

PAGE_SIZE = 50
FILTER_KEYS = ("q", "unit", "level", "english")


def _filters(request, data):
    """(form, unit, cleaned filters) of the list's GET filters; 404 for a unit out of scope."""
    units = unit_filter_choices(user=request.user)
    unit = None
    if data.get("unit"):
        unit = scoping.get_unit_for_user(request.user, data["unit"])
        if unit not in units:
            units.append(unit)
    form = QualificationFilterForm(data or None, units=units)
    cleaned = form.cleaned_data if form.is_valid() else {}
    return form, unit, cleaned


def _list_queryset(request, unit, cleaned):
    return selectors.qualification_list(
        user=request.user,
        query=cleaned.get("q", ""),
        unit=unit,
        level=cleaned.get("level", ""),
        english=selectors.ENGLISH_FILTERS.get(cleaned.get("english") or ""),
    )


def _is_department_officer_of(user, department):
    if department is None:
        return False
    return user.is_admin_role or (user.role == Role.DEPARTMENT_OFFICER and user.unit_id == department.pk)


@login_required
def staff_list(request):
    form, unit, cleaned = _filters(request, request.GET)
    page = Paginator(_list_queryset(request, unit, cleaned), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for staff in page.object_list:
        qualification = selectors.qualification_of(staff)
        required, meets = selectors.english_status(staff=staff, qualification=qualification)
        rows.append({"staff": staff, "q": qualification, "required": required, "meets": meets})
    query_string = request.GET.copy()
    query_string.pop("page", None)
    can_manage = scoping.can_manage_staff(request.user)
    return render(
        request,
        "qualifications/staff_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "unit": unit,
            "query_string": query_string.urlencode(),
            "can_manage": can_manage,
            "can_dashboard": _can_dashboard(request.user),
        },
    )


@login_required
def staff_detail(request, pk):
    staff = selectors.staff_with_certificates(user=request.user, pk=pk)
    qualification = selectors.qualification_of(staff)
    required, meets = selectors.english_status(staff=staff, qualification=qualification)
    year = current_year_for(unit=staff.unit)
    table, _choice = selectors.year_table_choice(year=year)
    return render(
        request,
        "qualifications/staff_detail.html",
        {
            "staff": staff,
            "q": qualification,
            "required": required,
            "meets": meets,
            "certificates": list(staff.language_certificates.all()),
            "history": selectors.staff_history(staff=staff),
            "can_manage": scoping.can_manage_staff(request.user),
            "year": year,
            "table": table,
        },
    )


@login_required
def qualification_edit(request, pk):
    staff = scoping.get_rw_staff_for_user(request.user, pk)
    qualification = selectors.qualification_of(staff)
    if qualification is not None:
        initial = {
            "degree": qualification.degree,
            "major": qualification.major,
            "political_theory": qualification.political_theory,
            "teaches_english": qualification.teaches_english,
        }
    else:
        initial = {"teaches_english": services.guess_teaches_english(staff.subject_group)}
    form = QualificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.qualification_save(staff=staff, user=request.user, **form.cleaned_data)
        except services.QualificationError as error:
            show_error(request, error)
        else:
            messages.success(request, _("Đã lưu trình độ của %(name)s.") % {"name": staff.full_name})
            return redirect("qualifications:staff_detail", pk=staff.pk)
    return render(request, "qualifications/qualification_form.html", {"form": form, "staff": staff})


@login_required
def certificate_add(request, pk):
    staff = scoping.get_rw_staff_for_user(request.user, pk)
    year = current_year_for(unit=staff.unit)
    table, _choice = selectors.year_table_choice(year=year)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certificate = services.certificate_add(
                staff=staff,
                user=request.user,
                test=data["test"],
                scores=data["scores"],
                issued_on=data["issued_on"],
                issuer=data["issuer"],
                evidence_note=data["evidence_note"],
                year=year,
            )
        except services.QualificationError as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
            if not error.errors:
                show_error(request, error)
        else:
            level = certificate.cefr_level or _("chưa đạt bậc nào")
            messages.success(
                request,
                _("Đã thêm chứng chỉ %(test)s, quy đổi: %(level)s theo %(table)s.")
                % {"test": certificate.get_test_display(), "level": level, "table": table.name},
            )
            return redirect("qualifications:staff_detail", pk=staff.pk)
    return render(
        request,
        "qualifications/certificate_form.html",
        {"form": form, "staff": staff, "table": table, "year": year, "choice": _choice},
    )


@login_required
@require_POST
def certificate_delete(request, pk):
    certificate = selectors.certificate_for_user(user=request.user, pk=pk)
    staff = certificate.staff
    if not scoping.can_manage_staff(request.user):
        raise PermissionDenied
    services.certificate_delete(certificate=certificate, user=request.user)
    messages.success(request, _("Đã xoá chứng chỉ."))
    return redirect("qualifications:staff_detail", pk=staff.pk)


@login_required
@require_POST
def english_mark(request):
    if not scoping.can_manage_staff(request.user):
        raise PermissionDenied
    _form, unit, cleaned = _filters(request, request.POST)
    queryset = _list_queryset(request, unit, cleaned)
    count = services.english_teachers_mark_from_groups(user=request.user, staff_queryset=queryset)
    messages.success(
        request,
        _("Đã đánh dấu %(n)s giáo viên tiếng Anh theo tổ chuyên môn (chỉ những người chưa có hồ sơ trình độ).")
        % {"n": count},
    )
    query = request.POST.copy()
    query.pop("csrfmiddlewaretoken", None)
    target = "qualifications:staff_list"
    return redirect(f"{reverse(target)}?{query.urlencode()}" if query else reverse(target))


# ---------------------------------------------------------------------------------------------------------------
# Dashboard


def _can_dashboard(user):
    return user.is_authenticated and (user.is_admin_role or user.role in MANAGERS_AND_OFFICES)


def _dashboard(request, root, year):
    years = list(years_visible_to(user=request.user)) if year else []
    dashboard = selectors.qualification_dashboard(year=year, root=root) if year else None
    return render(
        request,
        "qualifications/dashboard.html",
        {
            "dashboard": dashboard,
            "root": root,
            "year": year,
            "years": years,
            "can_edit_targets": _is_department_officer_of(request.user, year.department if year else None),
        },
    )


@login_required
def dashboard(request):
    user = request.user
    if not _can_dashboard(user):
        raise PermissionDenied
    year = year_from_request(user=user, year_id=request.GET.get("year"))
    root = selectors.dashboard_root_for(user=user)
    if root is None:
        if user.is_admin_role and year is not None:
            root = year.department
        else:
            raise Http404
    return _dashboard(request, root, year)


@login_required
def dashboard_unit(request, unit_pk):
    user = request.user
    if not _can_dashboard(user):
        raise PermissionDenied
    root = scoping.get_unit_for_user(user, unit_pk)
    if root.kind == OrgUnit.Kind.MINISTRY:
        raise Http404
    if request.GET.get("year"):
        year = year_from_request(user=user, year_id=request.GET["year"])
    else:
        year = current_year_for(unit=root) or year_from_request(user=user)
    if year is not None and not root.is_within(year.department):
        raise Http404
    return _dashboard(request, root, year)


# ---------------------------------------------------------------------------------------------------------------
# Targets


@login_required
def target_list(request):
    user = request.user
    if not _can_dashboard(user):
        raise PermissionDenied
    year = year_from_request(user=user, year_id=request.GET.get("year") or request.POST.get("year"))
    if year is None:
        return render(request, "qualifications/target_list.html", {"year": None, "years": []})
    can_edit = _is_department_officer_of(user, year.department)
    form = TargetForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.target_save(user=user, year=year, **form.cleaned_data)
            except services.QualificationError as error:
                for field, message in error.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("Đã lưu chỉ tiêu."))
                return redirect(f"{reverse('qualifications:target_list')}?year={year.pk}")
    years = list(years_visible_to(user=user))
    return render(
        request,
        "qualifications/target_list.html",
        {
            "year": year,
            "years": years,
            "other_years": [
                other for other in years if other.pk != year.pk and other.department_id == year.department_id
            ],
            "targets": list(selectors.targets_for(year=year).select_related("updated_by")),
            "form": form,
            "can_edit": can_edit,
        },
    )


def _target_for_user(user, pk):
    """A target of a year the user may see (404 otherwise)."""
    return scoping.get_in_scope_or_404(
        Target.objects.select_related("year", "year__department").filter(year__in=years_visible_to(user=user)), pk
    )


@login_required
def target_edit(request, pk):
    target = _target_for_user(request.user, pk)
    if not _is_department_officer_of(request.user, target.year.department):
        raise PermissionDenied
    initial = {
        "indicator": target.indicator,
        "unit_type": target.unit_type,
        "audience": target.audience,
        "target_percent": str(target.target_percent.normalize()).replace(".", ","),
        "note": target.note,
    }
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key_changed = (data["indicator"], data["unit_type"], data["audience"]) != (
            target.indicator,
            target.unit_type,
            target.audience,
        )
        try:
            saved = services.target_save(user=request.user, year=target.year, **data)
            if key_changed and saved.pk != target.pk:
                services.target_delete(user=request.user, target=target)
        except services.QualificationError as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect(f"{reverse('qualifications:target_list')}?year={target.year_id}")
    return render(request, "qualifications/target_form.html", {"form": form, "target": target})


@login_required
@require_POST
def target_delete(request, pk):
    target = _target_for_user(request.user, pk)
    year_id = target.year_id
    services.target_delete(user=request.user, target=target)
    messages.success(request, _("Đã xoá chỉ tiêu."))
    return redirect(f"{reverse('qualifications:target_list')}?year={year_id}")


@login_required
@require_POST
def targets_copy(request):
    user = request.user
    year = year_from_request(user=user, year_id=request.POST.get("year"))
    source = year_from_request(user=user, year_id=request.POST.get("source_year"))
    if year is None or source is None or not request.POST.get("source_year"):
        raise Http404
    count = services.targets_copy_from_year(user=user, year=year, source_year=source)
    messages.success(request, _("Đã sao chép %(n)s chỉ tiêu từ năm học %(year)s.") % {"n": count, "year": source.name})
    return redirect(f"{reverse('qualifications:target_list')}?year={year.pk}")


@login_required
@require_POST
def targets_load_preset(request):
    year = year_from_request(user=request.user, year_id=request.POST.get("year"))
    if year is None:
        raise Http404
    count = services.targets_load_hcmc_2013_2015(user=request.user, year=year)
    messages.success(request, _("Đã thêm %(n)s chỉ tiêu theo Kế hoạch 2013–2015 của Sở GD&ĐT TP.HCM.") % {"n": count})
    return redirect(f"{reverse('qualifications:target_list')}?year={year.pk}")


# ---------------------------------------------------------------------------------------------------------------
# Conversion tables


@login_required
def conversion_tables(request):
    user = request.user
    year = year_from_request(user=user, year_id=request.GET.get("year") or request.POST.get("year"))
    table, choice = selectors.year_table_choice(year=year)
    can_choose = year is not None and _is_department_officer_of(user, year.department)
    form = ConversionTableForm(request.POST or None, initial={"table_key": table.key}) if can_choose else None
    if request.method == "POST":
        if not can_choose:
            raise PermissionDenied
        if form.is_valid():
            services.conversion_table_choose(year=year, table_key=form.cleaned_data["table_key"], user=user)
            chosen = cefr.get_table(form.cleaned_data["table_key"])
            messages.success(
                request,
                _(
                    "Năm học %(year)s quy đổi chứng chỉ theo %(table)s. Các chứng chỉ đã quy đổi trước đây giữ "
                    "nguyên kết quả và bảng đã dùng."
                )
                % {"year": year.name, "table": chosen.name},
            )
            return redirect(f"{reverse('qualifications:conversion_tables')}?year={year.pk}")
    return render(
        request,
        "qualifications/conversion_tables.html",
        {
            "year": year,
            "years": list(years_visible_to(user=user)) if year else [],
            "table": table,
            "choice": choice,
            "form": form,
            "tables": [_table_view(t) for t in cefr.TABLES.values()],
            "required": cefr.required_levels(),
            "required_source": cefr.REQUIRED_LEVEL_SOURCE,
        },
    )


def _table_view(table):
    """A table laid out for the page: one column per test and skill, one line per row (— where not listed)."""
    columns = []
    for test in table.tests:
        for skill in table.skills_for(test):
            label = str(cefr.TEST_LABELS[test])
            if len(cefr.SKILLS[test]) > 1:
                label = f"{label} {cefr.SKILL_LABELS[skill]}"
            columns.append((test, skill, label))
    lines = []
    for row in table.rows:
        cells = []
        for test, skill, _label in columns:
            value = row.thresholds.get(test, {}).get(skill)
            if value is None:
                cells.append("—")
            elif test == cefr.CAMBRIDGE:
                cells.append(cefr.CAMBRIDGE_EXAMS[int(value) - 1])
            else:
                shown = cefr.format_value(value)
                source_text = row.source_text.get(test)
                cells.append(f"{shown} ({source_text})" if source_text else shown)
        lines.append({"row": row, "cells": cells})
    return {"table": table, "columns": [label for _t, _s, label in columns], "lines": lines}


# ---------------------------------------------------------------------------------------------------------------
# Excel export (a job)


@login_required
@require_POST
def export_start(request):
    from jobs import jobs

    from . import job_handlers

    source = request.POST if any(key in request.POST for key in FILTER_KEYS) else request.GET
    data = {key: source.get(key) for key in FILTER_KEYS if source.get(key)}
    params = job_handlers.export_params(user=request.user, data=data)
    try:
        job = jobs.job_create(
            user=request.user,
            kind=job_handlers.KIND,
            params=params,
            scope_unit=request.user.unit,
            title=job_handlers.export_title(user=request.user, params=params),
        )
    except jobs.JobError as error:
        show_error(request, error)
        return redirect("qualifications:staff_list")
    return redirect("jobs:job_detail", pk=job.pk)

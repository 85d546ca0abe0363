"""Staff import from Excel: the template download and the upload page. The work is in accounts/importers.py."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts import scoping
from core.excel_export import xlsx_download
from core.excel_import import error_page_context
from jobs import imports

from . import importers, job_handlers, units_import

# The error table stops here; the count above it still gives the total.
MAX_ERRORS_SHOWN = 500


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx," + importers.XLSX_CONTENT_TYPE, "class": "form-control"}),
        error_messages={
            "required": gettext_lazy("Hãy chọn tệp Excel để tải lên."),
            "empty": gettext_lazy("Tệp tải lên trống rỗng."),
            "invalid": gettext_lazy("Không đọc được tệp tải lên, hãy chọn lại."),
        },
    )


def _require_manager(user):
    if not scoping.can_manage_staff(user):
        raise PermissionDenied


@login_required
def staff_import_template(request):
    _require_manager(request.user)
    return xlsx_download(importers.staff_import_template_build(user=request.user), importers.TEMPLATE_FILENAME)


def _import_view(request, *, kind, parse, apply, summary, limits, template, done_url, success_url=None, extra=None):
    """An import page of people/ (``imports.import_page``): the same form, checks and error table for each file."""
    user = request.user
    posted = request.method == "POST"
    form = StaffImportForm(request.POST if posted else None, request.FILES if posted else None)

    def run(upload):
        result = parse(file=upload, user=user)
        return result, apply(result=result, user=user) if result.ok else None

    return imports.import_page(
        request,
        form,
        kind=kind,
        limits=limits,
        done_url=done_url,
        success_url=success_url,
        run=run,
        summary=lambda result, counts: summary(counts),
        render_page=lambda result: render(
            request,
            template,
            {
                "form": form,
                **error_page_context(form=form, result=result, shown=MAX_ERRORS_SHOWN),
                "max_rows": limits.max_rows,
                "max_megabytes": limits.max_bytes // 1024 // 1024,
                **(extra or {}),
            },
        ),
    )


@login_required
def staff_import(request):
    _require_manager(request.user)
    return _import_view(
        request,
        kind=job_handlers.KIND,
        parse=importers.staff_import_parse,
        apply=importers.staff_import_apply,
        summary=importers.imported_summary,
        limits=importers.LIMITS,
        template="people/staff_import.html",
        done_url=reverse("people:staff_import"),
        extra={"schools": scoping.manageable_schools(request.user).order_by("path")[:200]},
    )


@login_required
def units_import_template(request):
    if not units_import.can_import_units(request.user):
        raise PermissionDenied
    return xlsx_download(units_import.units_import_template_build(user=request.user), units_import.TEMPLATE_FILENAME)


@login_required
def units_import_page(request):
    """Nhập danh sách đơn vị: the Sở's schools and communes (a middle tier's schools) from one file."""
    if not units_import.can_import_units(request.user):
        raise PermissionDenied
    return _import_view(
        request,
        kind=job_handlers.UNITS_KIND,
        parse=units_import.units_import_parse,
        apply=units_import.units_import_apply,
        summary=units_import.imported_summary,
        limits=units_import.LIMITS,
        template="people/units_import.html",
        done_url=reverse("people:units_import"),
        success_url=reverse("accounts:unit_list"),
    )

"""Staff import from Excel: the template download and the upload page. The work is in accounts/importers.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scoping
from accounts.services import AccountsError
from core.errors import show_error
from core.excel_import import error_page_context, imported_message
from jobs import imports

from . import importers, job_handlers

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
    response = HttpResponse(
        importers.staff_import_template_build(user=request.user), content_type=importers.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{importers.TEMPLATE_FILENAME}"'
    return response


@login_required
def staff_import(request):
    _require_manager(request.user)
    posted = request.method == "POST"
    form = StaffImportForm(request.POST if posted else None, request.FILES if posted else None)
    result = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        background = imports.background_import(
            request, job_handlers.KIND, upload, next_url=reverse("accounts:staff_import"), limits=importers.LIMITS
        )
        if background is not None:
            return background
        result = importers.staff_import_parse(file=upload, user=request.user)
        if result.ok:
            try:
                counts = importers.staff_import_apply(result=result, user=request.user)
            except IntegrityError:
                # Someone saved the same staff code between the check and the write; nothing was kept.
                messages.error(request, _("Dữ liệu vừa bị thay đổi trong lúc nhập nên chưa ghi dòng nào. Hãy thử lại."))
            except AccountsError as error:
                show_error(request, error)
            else:
                messages.success(request, imported_message(counts))
                return redirect("accounts:staff_import")
    return render(
        request,
        "people/staff_import.html",
        {
            "form": form,
            **error_page_context(form=form, result=result, shown=MAX_ERRORS_SHOWN),
            "max_rows": importers.MAX_ROWS,
            "max_megabytes": importers.MAX_FILE_BYTES // 1024 // 1024,
            "schools": scoping.manageable_schools(request.user).order_by("path")[:200],
        },
    )

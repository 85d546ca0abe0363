"""Forms of the assessment pages: the Excel upload and the reopening reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import importers


class ScoreImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx," + importers.XLSX_CONTENT_TYPE, "class": "form-control"}),
        error_messages={
            "required": _("Hãy chọn tệp Excel để tải lên."),
            "empty": _("Tệp tải lên trống rỗng."),
            "invalid": _("Không đọc được tệp tải lên, hãy chọn lại."),
        },
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": _("Hãy ghi lý do mở lại kết quả.")},
    )

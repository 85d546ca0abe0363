"""Form pieces every app shares: dates typed and shown as dd/mm/yyyy."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """A text box showing dd/mm/yyyy (a browser date picker would show the browser's own locale)."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y")


def date_field(label, required=True, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={
            "invalid": _("Ngày phải có dạng dd/mm/yyyy, ví dụ 15/10/2025."),
            "required": _("Hãy nhập ngày."),
        },
        **kwargs,
    )

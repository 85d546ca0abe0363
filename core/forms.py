"""Form pieces every app shares: dates typed and shown as dd/mm/yyyy, money in integer đồng."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .money import MoneyError, format_number, parse_vnd

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """A text box showing dd/mm/yyyy (a browser's own date picker would show the browser's locale), with a calendar
    in Vietnamese that writes dd/mm/yyyy (static/js/datepicker.js, flatpickr from npm); typing still works."""

    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-datepicker": "",
            **(attrs or {}),
        }
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


class MoneyInput(forms.TextInput):
    """A text box for đồng that shows 1.500.000 and brings up the numeric keypad on phones."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "1.500.000", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_number(value)
        return super().format_value(value)


class MoneyField(forms.Field):
    """Integer đồng from "1.500.000", "1500000" or "1 500 000"; decimals and negatives refused in Vietnamese."""

    widget = MoneyInput
    default_error_messages = {"required": _("Hãy nhập số tiền.")}

    def __init__(self, *, max_value=None, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            amount = value
        else:
            try:
                amount = parse_vnd(value)
            except MoneyError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
        if self.max_value is not None and amount > self.max_value:
            raise forms.ValidationError(
                _("Số tiền không được quá %(n)s đ.") % {"n": format_number(self.max_value)}, code="max_value"
            )
        return amount

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from . import registry

DATE_FORMAT = "%d/%m/%Y"


def _date_input():
    return forms.DateInput(
        format=DATE_FORMAT,
        attrs={"class": "form-control form-control-sm", "placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"},
    )


class TimelineFilterForm(forms.Form):
    """A period and an action: one code (``plans.plan.approved``) or an app's prefix (``plans``, every action)."""

    start = forms.DateField(label=_("Từ ngày"), required=False, input_formats=[DATE_FORMAT], widget=_date_input())
    end = forms.DateField(label=_("Đến ngày"), required=False, input_formats=[DATE_FORMAT], widget=_date_input())
    action = forms.ChoiceField(
        label=_("Hành động"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm w-100 text-truncate"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Tất cả"))] + registry.action_choices()

    def full_clean(self):
        super().full_clean()
        # Bootstrap's red border on what to correct (both dates for a reversed period).
        invalid = set(self.errors) - {NON_FIELD_ERRORS}
        if NON_FIELD_ERRORS in self.errors:
            invalid |= {"start", "end"}
        for name in invalid:
            widget = self.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def clean_action(self):
        """An app's prefix filters as ``plans.`` (every ``plans.*`` code, not a ``plansfoo`` app's)."""
        action = self.cleaned_data["action"]
        return f"{action}." if action and "." not in action else action

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return cleaned

    def action_label(self):
        """The chosen action as "app — label" for the filter's summary, "" when none."""
        chosen = self.data.get("action", "") if self.is_bound else ""
        for group, options in self.fields["action"].choices[1:]:
            for value, label in options:
                if value == chosen:
                    return f"{group} — {label}"
        return ""

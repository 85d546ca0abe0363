from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry

DATE_FORMAT = "%d/%m/%Y"


class TimelineFilterForm(forms.Form):
    start = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=[DATE_FORMAT], widget=forms.DateInput(format=DATE_FORMAT)
    )
    end = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=[DATE_FORMAT], widget=forms.DateInput(format=DATE_FORMAT)
    )
    action = forms.ChoiceField(label=_("Hành động"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].widget.attrs["placeholder"] = self.fields["end"].widget.attrs["placeholder"] = _(
            "dd/mm/yyyy"
        )
        self.fields["action"].choices = [("", _("Tất cả"))] + registry.action_choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return cleaned

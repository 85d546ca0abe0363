from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level, Position


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Cấp học"), required=False, choices=[("", _("Tất cả"))] + Level.choices)
    position = forms.ChoiceField(label=_("Chức vụ"), required=False, choices=[("", _("Tất cả"))] + Position.choices)
    active = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), ("1", _("Đang công tác")), ("0", _("Đã nghỉ"))],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"
        self.fields["unit"].choices = [("", _("Tất cả"))] + [(unit.id, "— " * unit.depth + unit.name) for unit in units]

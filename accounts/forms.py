from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT_FORMATS, DateInput

from . import scoping, services
from .models import Staff


class StaffForm(forms.ModelForm):
    class Meta:
        model = Staff
        fields = [
            "code",
            "full_name",
            "birth_date",
            "birth_place",
            "gender",
            "unit",
            "position",
            "level",
            "subject_group",
            # Not "is_core_teacher": a core teacher is designated for a year on the core-teacher pages.
            "is_active",
        ]
        widgets = {"birth_date": DateInput()}
        error_messages = {"code": {"unique": _("Mã cán bộ này đã tồn tại.")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoping.manageable_schools(user).order_by("path")
        self.fields["birth_date"].input_formats = DATE_INPUT_FORMATS
        self.fields["birth_date"].error_messages["invalid"] = _("Ngày sinh phải có dạng dd/mm/yyyy.")
        if services.edits_own_authority(staff=self.instance, user=user):
            # Shown greyed with the reason; staff_save refuses the change whatever is posted.
            for name in services.AUTHORITY_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = services.OWN_AUTHORITY_REFUSED

    def clean(self):
        cleaned = super().clean()
        unit, level = cleaned.get("unit"), cleaned.get("level")
        if unit and level and unit.level_list and level not in unit.level_list:
            self.add_error("level", _("Trường này không có cấp học đã chọn."))
        return cleaned

"""Forms for courses: they parse input (money typed the Vietnamese way); courses.services validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import MoneyField, date_field

from .models import MAX_CLASSES, MAX_PARTICIPANTS, CourseAudience, CourseStatus, FundingSource


def _count_field(label, maximum, initial=None):
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=maximum,
        initial=initial,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Hãy nhập một số nguyên dương."),
            "required": _("Hãy nhập số."),
            "min_value": _("Phải từ %(limit_value)s trở lên."),
            "max_value": _("Không được quá %(limit_value)s."),
        },
    )


class CourseForm(forms.Form):
    organiser = forms.ModelChoiceField(
        label=_("Đơn vị tổ chức"),
        queryset=None,
        error_messages={"required": _("Hãy chọn đơn vị tổ chức."), "invalid_choice": _("Đơn vị không hợp lệ.")},
    )
    year = forms.ModelChoiceField(
        label=_("Năm học"),
        queryset=None,
        error_messages={"required": _("Hãy chọn năm học."), "invalid_choice": _("Năm học không hợp lệ.")},
    )
    name = forms.CharField(
        label=_("Tên lớp"),
        max_length=255,
        help_text=_("Ví dụ: Bồi dưỡng nâng cao năng lực kế toán đơn vị HCSN"),
        error_messages={"required": _("Hãy nhập tên lớp."), "max_length": _("Tên lớp quá dài.")},
    )
    audience = forms.ChoiceField(
        label=_("Đối tượng"), choices=CourseAudience.choices, error_messages={"required": _("Hãy chọn đối tượng.")}
    )
    audience_other = forms.CharField(label=_("Đối tượng khác (ghi rõ)"), max_length=128, required=False)
    funding_source = forms.ChoiceField(
        label=_("Nguồn kinh phí"),
        choices=FundingSource.choices,
        error_messages={"required": _("Hãy chọn nguồn kinh phí.")},
    )
    funding_other = forms.CharField(label=_("Nguồn kinh phí khác (ghi rõ)"), max_length=128, required=False)
    provider = forms.CharField(label=_("Cơ sở đào tạo"), max_length=255, required=False)
    class_count = _count_field(_("Số lớp"), MAX_CLASSES, initial=1)
    planned_participants = _count_field(_("Số người (dự kiến)"), MAX_PARTICIPANTS)
    cost_per_person = MoneyField(label=_("Kinh phí/người/khoá (đồng)"), help_text=_("Số nguyên đồng, ví dụ 1.500.000."))
    start_date = date_field(_("Ngày bắt đầu"), required=False)
    end_date = date_field(_("Ngày kết thúc"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=CourseStatus.choices, initial=CourseStatus.PLANNED)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organisers, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = years
        if organisers is None:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers

    def clean(self):
        data = super().clean()
        if data.get("audience") == CourseAudience.OTHER and not (data.get("audience_other") or "").strip():
            self.add_error("audience_other", _("Hãy ghi rõ đối tượng."))
        if data.get("funding_source") == FundingSource.OTHER and not (data.get("funding_other") or "").strip():
            self.add_error("funding_other", _("Hãy ghi rõ nguồn kinh phí."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data

    def values(self):
        """Keyword arguments for course_create / course_update."""
        data = self.cleaned_data
        keys = [name for name in self.fields if name not in ("organiser", "year")]
        return {key: data.get(key) for key in keys}


class CandidateFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên hoặc mã (gõ có dấu hay không dấu đều được)"), required=False, max_length=100
    )
    unit = forms.TypedChoiceField(label=_("Đơn vị"), required=False, coerce=int, empty_value=None)
    position = forms.ChoiceField(label=_("Chức vụ"), required=False)

    def __init__(self, *args, units, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Tất cả"))] + [(unit.id, "— " * unit.depth + unit.name) for unit in units]
        self.fields["position"].choices = [("", _("Tất cả"))] + list(positions)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"


class EnrollmentForm(forms.Form):
    completed = forms.BooleanField(label=_("Hoàn thành"), required=False)
    result_note = forms.CharField(
        label=_("Kết quả, ghi chú"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Đạt, chứng chỉ số 123/CC"),
    )

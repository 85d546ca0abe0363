from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Level

from .models import Subject

LEVEL_CHOICES = [("", _("Theo cấp học của giáo viên"))] + Level.choices


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        group = f" · {obj.subject_group}" if obj.subject_group else ""
        return f"{obj.full_name} ({obj.code}){group}"


class DesignationForm(forms.Form):
    staff = StaffChoiceField(label=_("Giáo viên"), queryset=None, empty_label=_("— Chọn giáo viên —"))
    subject = forms.ChoiceField(label=_("Môn học / lĩnh vực"), choices=[("", _("— Chọn môn học —"))] + Subject.choices)
    level = forms.ChoiceField(label=_("Cấp học"), choices=LEVEL_CHOICES, required=False)
    decision = forms.CharField(
        label=_("Số quyết định"),
        max_length=128,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("VD: 123/QĐ-PGDĐT")}),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset
        self.fields["staff"].error_messages["invalid_choice"] = _("Hãy chọn một giáo viên trong danh sách.")
        self.fields["staff"].error_messages["required"] = _("Hãy chọn giáo viên.")
        self.fields["subject"].error_messages["required"] = _("Hãy chọn môn học / lĩnh vực.")


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thôi phân công"), widget=forms.Textarea(attrs={"rows": 2}))


class ColleaguesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        group = f" · {obj.subject_group}" if obj.subject_group else ""
        return f"{obj.full_name}{group}"


class SupportPlanForm(forms.Form):
    goals = forms.CharField(label=_("Mục tiêu hỗ trợ"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    activities = forms.CharField(
        label=_("Các hoạt động hỗ trợ (mỗi hoạt động một dòng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    schedule = forms.CharField(
        label=_("Thời gian thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("VD: Tháng 10/2025 – tháng 4/2026, chiều thứ Năm")}),
    )
    colleagues = ColleaguesField(
        label=_("Đồng nghiệp trong trường được hỗ trợ"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_targets = forms.CharField(
        label=_("Đối tượng khác (trường, tổ chuyên môn khác)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleagues"].queryset = colleagues
        self.fields["colleagues"].error_messages["invalid_choice"] = _(
            "Chỉ chọn được đồng nghiệp đang công tác cùng trường."
        )


class SupportReportForm(forms.Form):
    summary = forms.CharField(label=_("Kết quả đã thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    sessions_held = forms.IntegerField(label=_("Số buổi hỗ trợ đã tổ chức"), min_value=0, max_value=999, initial=0)
    colleagues_supported = forms.IntegerField(
        label=_("Số đồng nghiệp được hỗ trợ"), min_value=0, max_value=9999, initial=0
    )
    evidence = forms.CharField(
        label=_("Minh chứng (mô tả hoặc đường dẫn, mỗi mục một dòng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sessions_held", "colleagues_supported"):
            self.fields[name].error_messages.update(
                {
                    "invalid": _("Hãy nhập một số nguyên."),
                    "min_value": _("Không được nhỏ hơn 0."),
                    "required": _("Hãy nhập số (0 nếu chưa có)."),
                }
            )


class FilterForm(forms.Form):
    school = forms.TypedChoiceField(label=_("Trường"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Cấp học"), required=False, choices=[("", _("Tất cả"))] + Level.choices)
    subject = forms.ChoiceField(label=_("Môn học"), required=False, choices=[("", _("Tất cả"))] + Subject.choices)
    state = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("active", _("Đang là cốt cán")),
            ("plan_waiting", _("Kế hoạch chờ duyệt")),
            ("report_waiting", _("Báo cáo chờ duyệt")),
            ("revoked", _("Đã thôi phân công")),
        ],
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", _("Tất cả"))] + [(school.pk, school.name) for school in schools]
        for form_field in self.fields.values():
            form_field.widget.attrs["class"] = "form-select form-select-sm"

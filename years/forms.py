"""Forms for training years, deadlines and reopenings: they parse input; years.services validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from core.forms import date_field

from .models import DeadlineKind, Ruleset
from .rulesets import FIRST_TT19_ONLY_YEAR
from .services import MAX_QUOTA, MAX_START_YEAR, MIN_START_YEAR


def _quota_field(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=MAX_QUOTA,
        error_messages={
            "invalid": _("Hãy nhập một số nguyên dương."),
            "required": _("Hãy nhập số tiết."),
            "min_value": _("Số tiết phải là số nguyên dương."),
            "max_value": _("Số tiết không được quá %(limit_value)s."),
        },
    )


class YearForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Sở GD&ĐT"),
        queryset=OrgUnit.objects.none(),
        error_messages={"required": _("Hãy chọn Sở."), "invalid_choice": _("Sở không hợp lệ.")},
    )
    start_year = forms.IntegerField(
        label=_("Năm bắt đầu"),
        min_value=MIN_START_YEAR,
        max_value=MAX_START_YEAR,
        help_text=_("Ví dụ 2019 cho năm học 2019–2020."),
        error_messages={
            "invalid": _("Năm bắt đầu phải là một số, ví dụ 2019."),
            "required": _("Hãy nhập năm bắt đầu."),
            "min_value": _("Năm bắt đầu phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm bắt đầu không được sau %(limit_value)s."),
        },
    )
    ruleset = forms.ChoiceField(
        label=_("Quy chế"),
        choices=[("", _("Theo năm học (từ 2020–2021: Thông tư 19/2019; đến 2018–2019: Thông tư 26/2012)"))]
        + Ruleset.choices,
        required=False,
        help_text=_("Năm học 2019–2020 phải chọn: Thông tư 19/2019 có hiệu lực từ 28/12/2019, giữa năm học."),
        error_messages={"invalid_choice": _("Quy chế không hợp lệ.")},
    )
    quota_content1 = _quota_field(_("Số tiết chương trình 01 / nội dung 1"))
    quota_content2 = _quota_field(_("Số tiết chương trình 02 / nội dung 2"))
    quota_content3 = _quota_field(_("Số tiết chương trình 03 / nội dung 3"))
    hours_required = forms.BooleanField(
        label=_("Chỉ công nhận hoàn thành khi đủ số tiết đã được xác nhận"),
        required=False,
        initial=True,
        help_text=_(
            "Theo Thông tư 19/2019 và Thông tư 26/2012, hoàn thành kế hoạch cần học đủ số tiết. Số tiết được tính "
            "từ nhật ký đã được tổ trưởng xác nhận, buổi sinh hoạt chuyên môn đã tham dự và mô đun đã hoàn thành "
            "trên hệ thống LMS. Bỏ chọn chỉ khi Sở quyết định đánh giá theo điểm trong năm này; số tiết in ra vẫn là "
            "số tiết đã xác nhận."
        ),
    )
    exemption_decision_number = forms.CharField(
        label=_("Số quyết định cho phép miễn chương trình 03"),
        max_length=64,
        required=False,
        help_text=_(
            "Chỉ cần với Thông tư 19/2019 (không được thay đổi chương trình 03): ghi số, ngày và lý do của quyết "
            "định của Sở thì kế hoạch mới được miễn."
        ),
    )
    exemption_decision_date = date_field(_("Ngày quyết định"), required=False)
    exemption_decision_reason = forms.CharField(
        label=_("Lý do cho phép miễn"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, departments=None, decision=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not decision:  # a new year records its exemption decision once it exists, on the edit page
            for name in ("exemption_decision_number", "exemption_decision_date", "exemption_decision_reason"):
                del self.fields[name]
        for name in ("quota_content1", "quota_content2", "quota_content3"):
            self.fields[name].help_text = (
                _(
                    "Để trống: theo quy chế (Thông tư 19/2019: 40 + 40 + 40, chỉ điều chỉnh giữa 01 và 02, tổng 120; "
                    "Thông tư 26/2012: 30 + 30 + 60)."
                )
                if name == "quota_content1"
                else ""
            )
        start_year = self.initial.get("start_year")
        if start_year is not None and start_year != FIRST_TT19_ONLY_YEAR - 1:
            self.fields["ruleset"].help_text = ""  # the 2019–2020 hint concerns only that year
        if departments is None:
            del self.fields["department"]
        else:
            self.fields["department"].queryset = departments


class DeadlineForm(forms.Form):
    """One optional date per kind the unit may set; an empty box removes that deadline."""

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind] = date_field(DeadlineKind(kind).label, required=False)
            self.fields[kind].widget.attrs.update(
                {"class": "form-control form-control-sm", "inputmode": "numeric", "style": "max-width: 10rem"}
            )

    def dates(self):
        return {name: self.cleaned_data.get(name) for name in self.fields}


class OpenEarlyForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở sớm"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi lý do mở sớm đánh giá, xếp loại.")},
    )


class ReopenForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("Trường"),
        queryset=OrgUnit.objects.none(),
        error_messages={"required": _("Hãy chọn trường."), "invalid_choice": _("Trường không hợp lệ.")},
    )
    until = date_field(_("Mở đến ngày"), required=True)
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi lý do mở lại thời hạn.")},
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools

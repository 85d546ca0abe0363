"""Forms of the catalog and topic pages: they gather input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Audience, Level

from . import importers, selectors
from .models import CatalogLevel, Content
from .services import CODE_MAX_LENGTH, GROUP_MAX_LENGTH, MAX_HOURS, MIN_HOURS, TITLE_MAX_LENGTH

_HOURS_ERRORS = {
    "required": _("Hãy nhập số tiết."),
    "invalid": _("Số tiết phải là số nguyên."),
    "min_value": _("Số tiết phải từ %(limit_value)s trở lên."),
    "max_value": _("Số tiết không quá %(limit_value)s."),
}


def _hours_field(**extra):
    return forms.IntegerField(
        label=_("Số tiết"), min_value=MIN_HOURS, max_value=MAX_HOURS, error_messages=_HOURS_ERRORS, **extra
    )


class ModuleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo mã hoặc tên"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm", "placeholder": _("VD: TH2, xay dung ke hoach")}
        ),
    )
    level = forms.ChoiceField(
        label=_("Cấp học"),
        required=False,
        choices=[("", _("Tất cả cấp học")), *CatalogLevel.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    retired = forms.BooleanField(
        label=_("Hiện cả mô đun ngừng sử dụng"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    needs_title = forms.BooleanField(
        label=_("Chỉ mô đun cần bổ sung tên"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class ModuleEditForm(forms.Form):
    title = forms.CharField(
        label=_("Tên mô đun"),
        required=False,
        max_length=TITLE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Để trống nếu chưa có tên chính thức; danh mục sẽ hiện mã mô đun."),
    )
    hours = _hours_field()
    group = forms.CharField(label=_("Nhóm"), required=False, max_length=GROUP_MAX_LENGTH)


class ModuleCreateForm(forms.Form):
    code = forms.CharField(
        label=_("Mã mô đun"),
        max_length=CODE_MAX_LENGTH,
        error_messages={"required": _("Hãy nhập mã mô đun.")},
        help_text=_("Mã không trùng với mô đun đã có, VD: TH-DP1."),
    )
    level = forms.ChoiceField(label=_("Cấp học"), choices=CatalogLevel.choices)
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=Audience.choices, initial=Audience.TEACHER)
    title = forms.CharField(
        label=_("Tên mô đun"),
        max_length=TITLE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy nhập tên mô đun.")},
    )
    hours = _hours_field(initial=15)
    group = forms.CharField(label=_("Nhóm"), required=False, max_length=GROUP_MAX_LENGTH)


class CatalogImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx," + importers.XLSX_CONTENT_TYPE, "class": "form-control"}),
        error_messages={
            "required": _("Hãy chọn tệp Excel để tải lên."),
            "empty": _("Tệp tải lên trống rỗng."),
            "invalid": _("Không đọc được tệp tải lên, hãy chọn lại."),
        },
    )


class TopicForm(forms.Form):
    """Content and level choices follow the user: a Phòng only publishes content 2 for MN, TH and THCS."""

    content = forms.TypedChoiceField(label=_("Nội dung"), coerce=int)
    level = forms.ChoiceField(label=_("Cấp học"))
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=Audience.choices, initial=Audience.TEACHER)
    title = forms.CharField(
        label=_("Tên chuyên đề"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy nhập tên chuyên đề.")},
    )
    hours = _hours_field()
    order = forms.IntegerField(
        label=_("Thứ tự"),
        required=False,
        min_value=0,
        max_value=999,
        help_text=_("Để trống thì xếp cuối."),
        error_messages={"invalid": _("Thứ tự phải là số nguyên.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        contents = selectors.topic_contents_for(user)
        levels = selectors.topic_levels_for(user)
        self.fields["content"].choices = [(value, label) for value, label in Content.choices if value in contents]
        self.fields["content"].error_messages["invalid_choice"] = (
            _("UBND xã / Phòng GD&ĐT chỉ ban hành chuyên đề nội dung 2; nội dung 1 do Sở GD&ĐT ban hành.")
            if contents == [2]
            else _("Hãy chọn nội dung 1 hoặc nội dung 2.")
        )
        self.fields["level"].choices = [(value, label) for value, label in Level.choices if value in levels]
        self.fields["level"].error_messages["invalid_choice"] = _(
            "Phòng GD&ĐT chỉ ban hành chuyên đề cho cấp mầm non, tiểu học và THCS."
        )
        if len(contents) == 1:
            self.fields["content"].initial = contents[0]

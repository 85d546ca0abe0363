from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT_FORMATS, DateInput

from . import restructure, scoping, services
from .models import DISTRICT_LEVELS, Level, OrgUnit, Staff, SupportContact, UnitLetterhead


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
            "id_number",
            "email",
            "phone",
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


# ------------------------------------------------------------------------------------------- sắp xếp lại đơn vị


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


# django-simple-history keeps a change reason in 100 characters.
REASON_MAX_LENGTH = 100


class RestructureConfirmForm(forms.Form):
    """The last step of every restructuring operation: why, in the record."""

    reason = forms.CharField(
        label=_("Lý do (ghi vào nhật ký thay đổi)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Quyết định số …/QĐ-UBND ngày …")}),
        error_messages={"required": _("Hãy ghi lý do sắp xếp lại đơn vị.")},
    )


class UnitMoveTargetForm(forms.Form):
    new_parent = UnitChoiceField(
        label=_("Đơn vị cấp trên mới"),
        queryset=OrgUnit.objects.none(),
        error_messages={
            "required": _("Hãy chọn đơn vị cấp trên mới."),
            "invalid_choice": _("Đơn vị này không nhận được."),
        },
    )

    def __init__(self, *args, unit, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = restructure.move_targets(unit, actor)


class UnitDissolveForm(forms.Form):
    """One choice per school of the dissolved unit: where it goes."""

    def __init__(self, *args, unit, actor, **kwargs):
        super().__init__(*args, **kwargs)
        targets = restructure.dissolve_targets(unit, actor)
        self.children = list(OrgUnit.objects.filter(parent=unit, is_active=True).order_by("path"))
        for child in self.children:
            self.fields[f"school_{child.pk}"] = UnitChoiceField(
                label=child.name,
                queryset=targets,
                error_messages={
                    "required": _("Hãy chọn nơi chuyển đến cho trường này."),
                    "invalid_choice": _("Đơn vị này không nhận được."),
                },
            )

    def destinations(self):
        return {child.pk: self.cleaned_data.get(f"school_{child.pk}") for child in self.children}


class UnitMergeForm(forms.Form):
    target = UnitChoiceField(
        label=_("Sáp nhập vào đơn vị"),
        queryset=OrgUnit.objects.none(),
        error_messages={"required": _("Hãy chọn đơn vị nhận."), "invalid_choice": _("Đơn vị này không nhận được.")},
    )

    def __init__(self, *args, unit, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = restructure.merge_targets(unit, actor)


class MiddleTierLevelsForm(forms.Form):
    """Cấp học báo cáo qua UBND xã/phường, Phòng GD&ĐT: the Sở's choice; THPT and GDTX always report to the Sở."""

    levels = forms.MultipleChoiceField(
        label=_("Các cấp học có trường trực thuộc UBND xã/phường hoặc Phòng GD&ĐT"),
        choices=[(level, label) for level, label in Level.choices if level in DISTRICT_LEVELS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Trường của cấp học không được chọn báo cáo thẳng lên Sở. THPT và GDTX luôn trực thuộc Sở."),
    )

    def __init__(self, *args, unit, actor, **kwargs):
        kwargs.setdefault("initial", {"levels": [level for level in unit.middle_tier_levels.split(",") if level]})
        super().__init__(*args, **kwargs)


class UnitRenameForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=OrgUnit._meta.get_field("name").max_length)
    code = forms.CharField(label=_("Mã đơn vị"), max_length=OrgUnit._meta.get_field("code").max_length)

    def __init__(self, *args, unit, actor, **kwargs):
        kwargs.setdefault("initial", {"name": unit.name, "code": unit.code})
        super().__init__(*args, **kwargs)


class LetterheadForm(forms.ModelForm):
    """Thông tin in trên văn bản: each empty field prints the value derived from the unit (shown as placeholder)."""

    class Meta:
        model = UnitLetterhead
        fields = ["superior_line", "issuer_line", "place", "symbol", "signer_title", "signs_for", "signer_name"]
        help_texts = {
            "superior_line": _("Dòng trên cùng bên trái, ví dụ UBND TỈNH SƠN LA."),
            "issuer_line": _("Dòng in đậm dưới tên cơ quan chủ quản, ví dụ SỞ GIÁO DỤC VÀ ĐÀO TẠO."),
            "place": _("Ghi trước ngày tháng: “Sơn La, ngày … tháng … năm …”."),
            "symbol": _("Phần sau dấu gạch ngang của ký hiệu: Số: 108/KH-SGDĐT."),
            "signer_title": _("Ví dụ GIÁM ĐỐC, HIỆU TRƯỞNG; khi cấp phó ký: PHÓ GIÁM ĐỐC."),
            "signs_for": _("Chỉ điền khi cấp phó ký thay, ví dụ KT. GIÁM ĐỐC."),
            "signer_name": _("Họ và tên in dưới chữ ký."),
        }

    def __init__(self, *args, derived, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if derived.get(name):
                field.widget.attrs["placeholder"] = derived[name]


class SupportContactForm(forms.ModelForm):
    """Hỗ trợ người dùng: who the province's users call or write to; a phone number or an e-mail is needed."""

    PHONE_CHARS = set("0123456789 +.-()")

    class Meta:
        model = SupportContact
        fields = ["name", "phone", "email", "hours_note"]
        help_texts = {
            "name": _("Họ và tên, chức vụ hoặc bộ phận, ví dụ: Nguyễn Văn A, Phòng Tổ chức cán bộ."),
            "phone": _("Số điện thoại người dùng gọi khi cần hỗ trợ."),
            "email": _("Địa chỉ e-mail nhận câu hỏi của người dùng."),
            "hours_note": _("Ví dụ: Giờ hành chính các ngày làm việc (7h30–11h30, 13h30–17h00)."),
        }

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = sum(char.isdigit() for char in phone)
        if phone and (not set(phone) <= self.PHONE_CHARS or not 6 <= digits <= 15):
            raise forms.ValidationError(_("Số điện thoại chỉ gồm chữ số (6 đến 15 chữ số), dấu cách, +, -, ., ( )."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and not self.errors:
            raise forms.ValidationError(_("Hãy ghi ít nhất một cách liên hệ: điện thoại hoặc e-mail."))
        return cleaned

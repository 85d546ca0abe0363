"""Forms of the GDPT module review pages: the LMS upload, a campaign, and one person's review entry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import date_field

from . import importers, selectors
from .models import Reason


class LmsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel xuất từ LMS (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx," + importers.XLSX_CONTENT_TYPE, "class": "form-control"}),
        error_messages={
            "required": _("Hãy chọn tệp Excel để tải lên."),
            "empty": _("Tệp tải lên trống rỗng."),
            "invalid": _("Không đọc được tệp tải lên, hãy chọn lại."),
        },
    )


class CampaignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Sở"), queryset=None, empty_label=None, error_messages={"required": _("Hãy chọn Sở.")}
    )
    module = forms.ModelChoiceField(
        label=_("Mô đun"),
        queryset=None,
        empty_label=_("— Chọn mô đun —"),
        error_messages={"required": _("Hãy chọn mô đun.")},
    )
    title = forms.CharField(
        label=_("Tên đợt rà soát"), max_length=255, error_messages={"required": _("Hãy nhập tên đợt rà soát.")}
    )
    closing_date = date_field(_("Hạn chót (dd/mm/yyyy)"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = selectors.gdpt_modules()
        self.fields["department"].queryset = selectors.departments_for(user)
        if campaign is not None:
            # The module and the Sở of an open campaign do not change.
            del self.fields["department"]
            del self.fields["module"]
        elif not user.is_admin_role:
            self.fields["department"].widget = forms.HiddenInput()
            self.fields["department"].initial = user.unit_id


class EntryForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Lý do chưa hoàn thành"),
        required=False,
        choices=[("", _("— Không ghi lý do —")), *Reason.choices],
    )
    reason_note = forms.CharField(label=_("Ghi rõ lý do"), required=False, max_length=500)
    corrected_full_name = forms.CharField(label=_("Họ và tên đúng"), required=False, max_length=128)
    corrected_birth_date = date_field(_("Ngày sinh đúng (dd/mm/yyyy)"), required=False)
    corrected_birth_place = forms.CharField(label=_("Nơi sinh đúng"), required=False, max_length=255)

    def __init__(self, *args, can_flag=True, read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_flag:
            del self.fields["reason"]
            del self.fields["reason_note"]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            if read_only:
                field.disabled = True

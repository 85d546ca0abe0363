from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import date_field


class CorrectionRequestForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên đúng"), max_length=128)
    birth_date = date_field(_("Ngày sinh đúng"))
    birth_place = forms.CharField(label=_("Nơi sinh đúng"), max_length=255)
    note = forms.CharField(
        label=_("Lý do điều chỉnh"),
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Ví dụ: theo giấy khai sinh, sai dấu ở tên đệm")}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 2}))


class IssueForm(forms.Form):
    issue_date = date_field(_("Ngày cấp"))
    place = forms.CharField(label=_("Địa danh ghi trước ngày cấp"), max_length=128)
    signer_title = forms.CharField(label=_("Chức danh người ký"), max_length=128)
    signer_name = forms.CharField(
        label=_("Họ tên người ký"), max_length=128, required=False, help_text=_("Để trống nếu ký và ghi tay.")
    )
    reason = forms.CharField(
        label=_("Lý do cấp khi còn người chưa xác nhận thông tin"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ cần khi còn người hoàn thành kế hoạch chưa xác nhận thông tin in trên giấy."),
    )
    checked = forms.BooleanField(
        label=_(
            "Tôi đã kiểm tra danh sách: giấy chứng nhận được đánh số liên tiếp, không xoá được; sai sót chỉ sửa bằng "
            "cách thu hồi và cấp lại."
        ),
        error_messages={"required": _("Hãy đánh dấu đã kiểm tra danh sách trước khi cấp.")},
    )


class CorrectForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do cấp lại"),
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Ví dụ: điều chỉnh họ tên theo giấy khai sinh")}),
    )
    issue_date = date_field(_("Ngày cấp lại"), required=False)

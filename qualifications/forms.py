from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Level
from core.forms import date_field

from . import cefr
from .models import Degree, Indicator, PoliticalTheory, TargetAudience, UnitType


def _style(form):
    for bound in form.fields.values():
        widget = bound.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class QualificationFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Cấp học"), required=False, choices=[("", _("Tất cả"))] + Level.choices)
    english = forms.ChoiceField(
        label=_("Dạy tiếng Anh"),
        required=False,
        choices=[("", _("Tất cả")), ("1", _("GV tiếng Anh")), ("0", _("Không dạy tiếng Anh"))],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"
        self.fields["unit"].choices = [("", _("Tất cả"))] + [(unit.id, "— " * unit.depth + unit.name) for unit in units]


class QualificationForm(forms.Form):
    degree = forms.ChoiceField(
        label=_("Trình độ đào tạo cao nhất"), required=False, choices=[("", _("— chưa cập nhật —"))] + Degree.choices
    )
    major = forms.CharField(label=_("Chuyên ngành"), required=False, max_length=128)
    political_theory = forms.ChoiceField(
        label=_("Trình độ lý luận chính trị"),
        required=False,
        choices=[("", _("— chưa có —"))] + PoliticalTheory.choices,
    )
    teaches_english = forms.BooleanField(
        label=_("Giáo viên dạy tiếng Anh"),
        required=False,
        help_text=_("Chứng chỉ tiếng Anh được đối chiếu với chuẩn của cấp học: TH, THCS: B2; THPT, GDTX: C1."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class CertificateForm(forms.Form):
    test = forms.ChoiceField(label=_("Loại chứng chỉ"), choices=[(t, cefr.TEST_LABELS[t]) for t in cefr.TESTS])
    score = forms.CharField(
        label=_("Điểm"),
        required=False,
        max_length=10,
        help_text=_("IELTS, TOEFL, FCE, BULATS: điểm tổng, ví dụ 6,5 hoặc 61."),
    )
    listening_reading = forms.CharField(label=_("TOEIC: Nghe & Đọc"), required=False, max_length=10)
    speaking = forms.CharField(label=_("TOEIC: Nói"), required=False, max_length=10)
    writing = forms.CharField(label=_("TOEIC: Viết"), required=False, max_length=10)
    exam = forms.ChoiceField(
        label=_("Cambridge: bài thi đã đỗ"),
        required=False,
        choices=[("", "—")] + [(exam, cefr.CAMBRIDGE_EXAM_LABELS[exam]) for exam in cefr.CAMBRIDGE_EXAMS],
    )
    issued_on = date_field(_("Ngày cấp"))
    issuer = forms.CharField(label=_("Nơi cấp"), required=False, max_length=255)
    evidence_note = forms.CharField(
        label=_("Minh chứng, ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Số hiệu chứng chỉ, nơi lưu bản sao…"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        for name in ("score", "listening_reading", "speaking", "writing"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        test = cleaned.get("test")
        if not test:
            return cleaned
        skills = cefr.SKILLS[test]
        if test == cefr.TOEIC and cleaned.get("score") and not cleaned.get("listening_reading"):
            self.add_error("score", _("TOEIC: hãy nhập điểm vào các ô Nghe & Đọc, Nói, Viết."))
            return cleaned
        data = {skill: cleaned.get(skill, "") for skill in skills}
        try:
            cefr.parse_scores(test, data)
        except cefr.ScoreError as error:
            for skill, message in error.errors.items():
                self.add_error(skill if skill in self.fields else None, message)
        cleaned["scores"] = data
        return cleaned


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"), choices=Indicator.choices)
    unit_type = forms.ChoiceField(label=_("Cấp học"), choices=UnitType.choices, initial=UnitType.ALL)
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=TargetAudience.choices, initial=TargetAudience.ALL)
    target_percent = forms.CharField(label=_("Tỷ lệ phấn đấu (%)"), max_length=8)
    note = forms.CharField(label=_("Căn cứ, ghi chú"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["target_percent"].widget.attrs.update({"inputmode": "decimal", "placeholder": "33"})

    def clean_target_percent(self):
        raw = self.cleaned_data["target_percent"].strip().rstrip("%").strip().replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError(_("Tỷ lệ phải là một số, ví dụ 33 hoặc 0,3.")) from None
        if not value.is_finite() or value < 0 or value > 100:
            raise forms.ValidationError(_("Tỷ lệ phấn đấu phải từ 0 đến 100."))
        if value != value.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Tỷ lệ chỉ lấy tối đa 2 chữ số thập phân."))
        return value


class ConversionTableForm(forms.Form):
    table_key = forms.ChoiceField(
        label=_("Bảng quy đổi áp dụng cho năm học"),
        choices=[(key, f"{table.name}: {table.shown_reference}") for key, table in cefr.TABLES.items()],
        widget=forms.RadioSelect,
    )

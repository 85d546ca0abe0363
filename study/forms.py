"""Forms of the study log and the training sessions: they gather input; the services decide."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from years.rulesets import Ruleset

from .services import MAX_FILES_PER_LOG
from .uploads import ACCEPT_ATTRIBUTE


class HoursField(forms.DecimalField):
    """Tiết typed as 1,5 or 1.5 (a Vietnamese keyboard gives the comma)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 3)
        kwargs.setdefault("decimal_places", 1)
        kwargs.setdefault(
            # A text box: a number box in Chromium drops the comma of "0,5" and sends 5.
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (the "Chọn tệp" and "Chụp ảnh" inputs of templates/study/_evidence_picker.html
    both send ``files``); each is checked by content, with its own message, in study/uploads.py."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        # Not Django's per-file checks: an empty file would refuse every file sent with it, without its name.
        files = [item for item in files if item]
        if len(files) > MAX_FILES_PER_LOG:
            raise forms.ValidationError(
                _("Mỗi nhật ký có tối đa %(n)s tệp minh chứng."), params={"n": MAX_FILES_PER_LOG}
            )
        return files


class StudyLogForm(forms.Form):
    date = date_field(_("Ngày học"))
    hours = HoursField(label=_("Số tiết"), help_text=_("Tối đa 10 tiết mỗi lần, theo bước 0,5."))
    description = forms.CharField(label=_("Nội dung đã học"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    files = MultipleFileField(
        label=_("Tệp minh chứng"),
        help_text=_("PDF, DOCX, XLSX, JPG hoặc PNG; mỗi tệp không quá %(size)s."),
    )

    # A fresh one-time token per form shown; the service records one entry per token (double clicks).
    submit_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, with_files=True, max_size_text="", **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate(), "submit_token": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        if with_files:
            self.fields["files"].help_text = self.fields["files"].help_text % {"size": max_size_text}
        else:  # the edit form of an existing entry: no files, nothing to create twice
            del self.fields["files"]
            del self.fields["submit_token"]


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Thêm tệp minh chứng"), required=True)


class TrainingSessionForm(forms.Form):
    title = forms.CharField(label=_("Nội dung buổi sinh hoạt"), max_length=500)
    date = date_field(_("Ngày"))
    hours = HoursField(label=_("Số tiết"))
    content = forms.TypedChoiceField(
        label=_("Nội dung bồi dưỡng"),
        coerce=int,
        choices=[(1, _("Nội dung 1")), (2, _("Nội dung 2")), (3, _("Nội dung 3"))],
    )
    module = forms.ModelChoiceField(
        label=_("Mô đun (nội dung 3)"), queryset=None, required=False, empty_label=_("— Không chọn —")
    )
    topic = forms.ModelChoiceField(
        label=_("Chuyên đề (nội dung 1, 2)"), queryset=None, required=False, empty_label=_("— Không chọn —")
    )
    subject_group = forms.ChoiceField(label=_("Tổ chuyên môn"), required=False)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Người tham dự"), queryset=None, widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, modules, topics, staff, groups, fixed_group=None, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules
        self.fields["module"].label_from_instance = lambda module: str(module)
        self.fields["topic"].queryset = topics
        regime = year.regime if year is not None else None
        if regime is not None and year.ruleset != Ruleset.TT26_2012:
            # The year's names ("Chương trình bồi dưỡng 01" …); a TT 26/2012 year keeps the labels above.
            self.fields["content"].choices = [(n, regime.content_label(n)) for n in (1, 2, 3)]
            self.fields["module"].label = _("Mô đun (%(ct)s)") % {"ct": regime.content_abbr(3)}
            self.fields["topic"].label = _("Chuyên đề (%(one)s, %(two)s)") % {
                "one": regime.content_abbr(1),
                "two": regime.content_abbr(2),
            }
        abbr = regime.content_abbr if regime is not None else (lambda n: f"ND{n}")
        self.fields["topic"].label_from_instance = lambda topic: f"{abbr(topic.content)} — {topic.title}"
        self.fields["attendees"].queryset = staff
        if fixed_group is not None:
            self.fields["subject_group"].choices = [(fixed_group, fixed_group)]
        else:
            self.fields["subject_group"].choices = [("", _("Toàn trường"))] + [(group, group) for group in groups]

    def clean(self):
        data = super().clean()
        if data.get("module") and data.get("topic"):
            raise forms.ValidationError(_("Chọn mô đun hoặc chuyên đề, không chọn cả hai."))
        return data

"""Documents an office drafts from the product: the year's BDTX plan letter. Thin views over reports.plan_letter."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import Cap, can
from core.documents import FORMATS, document_response
from core.forms import date_field
from years.services import get_year_for_user

from . import plan_letter as letters


class PlanLetterForm(forms.Form):
    number = forms.CharField(
        label=_("Số văn bản"),
        max_length=16,
        required=False,
        help_text=_("Để trống: văn thư ghi số khi đăng ký văn bản."),
    )
    day = date_field(_("Ngày ban hành"))
    fmt = forms.ChoiceField(choices=[(f, f) for f in FORMATS], widget=forms.HiddenInput, required=False)


@login_required
def plan_letter(request, year_pk):
    """Kế hoạch BDTX năm học: a form (number, date), then the letter as PDF or Word."""
    year = get_year_for_user(request.user, year_pk)
    if not can(request.user, Cap.PUBLISH):
        raise PermissionDenied
    issuer = letters.issuer_for(request.user, year)
    form = PlanLetterForm(request.GET or None, initial={"day": timezone.localdate()})
    if request.GET.get("fmt") and form.is_valid():
        document = letters.plan_letter(
            user=request.user, year=year, day=form.cleaned_data["day"], number=form.cleaned_data["number"]
        )
        return document_response(document, form.cleaned_data["fmt"])
    return render(request, "reports/plan_letter.html", {"year": year, "issuer": issuer, "form": form})

"""One unit by form: add a unit under an office in scope, or change a unit's name, cấp học and address (its parent
and kind change through the restructuring operations). Thin views over people.units_import."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scoping
from accounts.models import Level, OrgUnit
from accounts.services import AccountsError

from . import units_import


class UnitForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã đơn vị"), max_length=32)
    name = forms.CharField(label=gettext_lazy("Tên đơn vị"), max_length=255)
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại đơn vị"), choices=[(kind.value, kind.label) for kind in units_import.IMPORTED_KINDS]
    )
    parent = forms.ModelChoiceField(label=gettext_lazy("Đơn vị cấp trên"), queryset=OrgUnit.objects.none())
    levels = forms.MultipleChoiceField(
        label=gettext_lazy("Cấp học (của trường)"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    address = forms.CharField(label=gettext_lazy("Địa chỉ"), max_length=255, required=False)

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units_import.parents_for_form(user)
        if editing:  # the code, kind and parent change through the restructuring operations
            for name in ("code", "kind", "parent"):
                del self.fields[name]


@login_required
def unit_create(request):
    user = request.user
    if not units_import.can_import_units(user):
        raise PermissionDenied
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else {}
    form = UnitForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = units_import.unit_save(user=user, **form.cleaned_data)
        except AccountsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã thêm %(unit)s.") % {"unit": unit.name})
            return redirect("accounts:unit_detail", pk=unit.pk)
    return render(request, "people/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, pk):
    user = request.user
    unit = scoping.get_in_scope_or_404(scoping.visible_units(user), pk)
    if not units_import.editable_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    initial = {"name": unit.name, "levels": unit.level_list, "address": unit.address}
    form = UnitForm(request.POST or None, user=user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            units_import.unit_save(user=user, unit=unit, **form.cleaned_data)
        except AccountsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lưu thông tin %(unit)s.") % {"unit": unit.name})
            return redirect("accounts:unit_detail", pk=unit.pk)
    return render(request, "people/unit_form.html", {"form": form, "unit": unit})

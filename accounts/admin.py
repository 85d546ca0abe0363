from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .forms import UnitChoiceField
from .models import OrgUnit, Staff, User
from .restructure import move_targets, no_move_target_message
from .services import AccountsError, unit_move

admin.site.site_header = gettext_lazy("BDTX — Quản trị hệ thống")
admin.site.site_title = gettext_lazy("BDTX")
admin.site.index_title = gettext_lazy("Quản trị")


class UnitMoveForm(forms.Form):
    new_parent = UnitChoiceField(label=gettext_lazy("Đơn vị cấp trên mới"), queryset=OrgUnit.objects.none())
    reason = forms.CharField(label=gettext_lazy("Lý do"), required=False, max_length=255)

    def __init__(self, *args, unit, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = move_targets(unit, actor)

    @property
    def has_targets(self):
        return self.fields["new_parent"].queryset.exists()


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "levels", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    actions = ["move_unit"]

    def get_readonly_fields(self, request, obj=None):
        # A parent changes only through "Chuyển đơn vị", which takes the whole subtree along.
        return ("parent", "move_link") if obj is not None else ()

    @admin.display(description=gettext_lazy("Chuyển đơn vị"))
    def move_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:accounts_orgunit_move", args=[obj.pk]), _("Chuyển…"))

    @admin.action(description=gettext_lazy("Chuyển đơn vị sang đơn vị cấp trên khác"))
    def move_unit(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Chọn đúng một đơn vị để chuyển."), messages.WARNING)
            return None
        return redirect("admin:accounts_orgunit_move", queryset.get().pk)

    def get_urls(self):
        move = path("<int:pk>/chuyen/", self.admin_site.admin_view(self.move_view), name="accounts_orgunit_move")
        return [move, *super().get_urls()]

    def move_view(self, request, pk):
        unit = get_object_or_404(OrgUnit, pk=pk)
        if not self.has_change_permission(request, unit):
            raise PermissionDenied
        form = UnitMoveForm(request.POST or None, unit=unit, actor=request.user)
        if form.is_valid():
            try:
                done = unit_move(
                    unit, form.cleaned_data["new_parent"], actor=request.user, reason=form.cleaned_data["reason"]
                )
            except AccountsError as error:
                form.add_error("new_parent", str(error))
            else:
                self.message_user(
                    request,
                    _("Đã chuyển %(unit)s sang %(parent)s (%(count)s đơn vị).")
                    % {"unit": done.unit, "parent": done.new_parent, "count": done.units_moved},
                )
                return redirect("admin:accounts_orgunit_change", unit.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": unit,
            "title": _("Chuyển đơn vị: %(unit)s") % {"unit": unit},
            "form": form,
            "no_target": None if form.has_targets else no_move_target_message(unit),
        }
        return TemplateResponse(request, "admin/accounts/orgunit/move.html", context)


@admin.register(Staff)
class StaffAdmin(SimpleHistoryAdmin):
    list_display = ("code", "full_name", "unit", "position", "level", "is_active")
    list_filter = ("level", "position", "is_active")
    search_fields = ("code", "search_text")
    raw_id_fields = ("unit",)


@admin.register(User)
class BdtxUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("BDTX", {"fields": ("role", "unit", "staff")}),)
    list_display = ("username", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("unit", "staff")

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import OrgUnit, Staff, User


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "levels", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


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

"""Read-only admin pages: scores change through the grid or the import, results only through their service."""

from django.contrib import admin

from .models import ConfirmationEvent, SchoolConfirmation, Score, ScoreChange, YearResult


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = (
        "plan",
        "content",
        "item",
        "knowledge",
        "application",
        "piece",
        "mark",
        "entered_by",
        "entered_at",
        "version",
    )
    list_select_related = ("plan__staff", "plan__year", "item__module", "entered_by")
    search_fields = ("plan__staff__code", "plan__staff__search_text")


@admin.register(ScoreChange)
class ScoreChangeAdmin(ReadOnlyAdmin):
    list_display = (
        "plan",
        "score",
        "old_knowledge",
        "old_application",
        "new_knowledge",
        "new_application",
        "piece",
        "old_mark",
        "new_mark",
        "changed_by",
        "changed_at",
        "source",
    )
    list_select_related = ("plan__staff", "plan__year", "score__item__module", "changed_by")
    list_filter = ("source",)


@admin.register(YearResult)
class YearResultAdmin(ReadOnlyAdmin):
    list_display = ("staff", "year", "school", "average", "classification", "completed_hours", "computed_at")
    list_select_related = ("staff", "year", "school")
    list_filter = ("classification",)
    search_fields = ("staff__code", "staff__search_text")


class ConfirmationEventInline(admin.TabularInline):
    model = ConfirmationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "by", "at", "comment", "counts")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SchoolConfirmation)
class SchoolConfirmationAdmin(ReadOnlyAdmin):
    list_display = ("school", "year", "is_locked", "confirmed_by", "confirmed_at", "reopened_by", "reopened_at")
    list_select_related = ("school", "year", "confirmed_by", "reopened_by")
    inlines = [ConfirmationEventInline]

from django.contrib import admin

from .models import Campaign, ImportBatch, ModuleStatus, SchoolReview


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "department", "module", "closing_date"]
    list_filter = ["department", "module"]


@admin.register(ModuleStatus)
class ModuleStatusAdmin(admin.ModelAdmin):
    list_display = ["staff", "module", "status", "updated_at"]
    list_filter = ["module", "status"]
    raw_id_fields = ["staff", "batch"]
    search_fields = ["staff__code", "staff__search_text"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["uploaded_at", "filename", "uploaded_by", "rows", "created", "updated"]


@admin.register(SchoolReview)
class SchoolReviewAdmin(admin.ModelAdmin):
    list_display = ["campaign", "school", "status", "submitted_at"]
    list_filter = ["status"]
    raw_id_fields = ["school", "submitted_to", "submitted_by"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Course, Enrollment


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organiser", "year", "audience", "funding_source", "class_count", "planned_participants")
    list_filter = ("status", "funding_source", "audience")
    search_fields = ("name",)
    raw_id_fields = ("organiser", "year", "created_by")


@admin.register(Enrollment)
class EnrollmentAdmin(SimpleHistoryAdmin):
    list_display = ("staff", "course", "completed", "completed_at")
    list_filter = ("completed",)
    raw_id_fields = ("course", "staff", "enrolled_by", "completed_by")

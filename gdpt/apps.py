from django.apps import AppConfig


class GdptConfig(AppConfig):
    name = "gdpt"
    verbose_name = "Mô đun GDPT 2018"

    def ready(self):
        from study.selectors import register_hours_source

        from .selectors import lms_completed_hours

        # A module completed on the national LMS counts its planned tiết, as a confirmed log would.
        register_hours_source(lms_completed_hours)

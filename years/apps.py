from django.apps import AppConfig


class YearsConfig(AppConfig):
    name = "years"
    verbose_name = "Năm học và thời hạn"

    def ready(self):
        from accounts.services import register_before_restructure

        from .services import freeze_past_trees

        register_before_restructure(freeze_past_trees)

from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = "Kết quả BDTX"

    def ready(self):
        from accounts.services import register_staff_section

        from .results import person_years

        register_staff_section(person_years)

from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "study"
    verbose_name = "Nhật ký bồi dưỡng và minh chứng"

from django.apps import AppConfig


class CoreteachersConfig(AppConfig):
    name = "coreteachers"
    verbose_name = "Giáo viên cốt cán"

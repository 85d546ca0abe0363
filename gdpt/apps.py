from django.apps import AppConfig


class GdptConfig(AppConfig):
    name = "gdpt"
    verbose_name = "Mô đun GDPT 2018"

from django.apps import AppConfig


class BdtxConfig(AppConfig):
    name = "bdtx"
    verbose_name = "BDTX"

from django.apps import AppConfig


class BdtxConfig(AppConfig):
    name = "bdtx"
    verbose_name = "BDTX"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)

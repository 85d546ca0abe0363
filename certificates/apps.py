from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Giấy chứng nhận"

    def ready(self):
        from . import checks  # noqa: F401  (registers the font check)

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Nhật ký thay đổi"

    def ready(self):
        # Each app registers its own action codes in ``<app>/audit_actions.py``: audit imports no higher app.
        autodiscover_modules("audit_actions")
        from . import staff_history  # noqa: F401 — connects the staff and unit history to the log

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data builders (dữ liệu mẫu) and `seed_demo`: installed by the local and test settings only."""

    name = "demo"
    verbose_name = _("Dữ liệu mẫu")

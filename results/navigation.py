"""Menu item of the BDTX results dashboards (wired into reports/navigation.py by the app's owner)."""

from django.utils.translation import gettext_lazy as _

from bdtx.navigation import MANAGERS_AND_OFFICES, NavItem

NAV_ITEMS = [
    NavItem("results", _("Kết quả BDTX"), "reports:results_home", MANAGERS_AND_OFFICES, order=32),
]

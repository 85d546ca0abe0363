from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from bdtx.navigation import MANAGERS_AND_OFFICES, NavItem

NAV_ITEMS = [
    # The admin is the only role above a Sở.
    NavItem("results_nation", _("Tổng hợp toàn quốc"), "reports:results_nation", frozenset({Role.ADMIN}), order=32),
    NavItem("results", _("Kết quả BDTX"), "reports:results_home", MANAGERS_AND_OFFICES, order=32),
]

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import MANAGERS_AND_OFFICES
from core.navigation import NavItem

NAV_ITEMS = [
    # The admin is the only role above a Sở.
    NavItem("results_nation", _("Tổng hợp toàn quốc"), "results:results_nation", frozenset({Role.ADMIN}), order=32),
    NavItem("results", _("Kết quả BDTX"), "results:results_home", MANAGERS_AND_OFFICES, order=32),
]

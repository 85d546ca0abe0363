from django.utils.translation import gettext_lazy as _

from accounts.permissions import ALL_ROLES
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem("years", _("Năm học"), "years:year_list", ALL_ROLES, 80),
]

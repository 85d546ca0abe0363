from django.utils.translation import gettext_lazy as _

from bdtx.navigation import ALL_ROLES, NavItem

NAV_ITEMS = [
    NavItem("years", _("Năm học"), "plans:year_list", ALL_ROLES, 80),
]

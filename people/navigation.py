from django.utils.translation import gettext_lazy as _

from bdtx.navigation import MANAGERS_AND_OFFICES, NavItem

NAV_ITEMS = [
    NavItem("staff_import", _("Nhập từ Excel"), "accounts:staff_import", MANAGERS_AND_OFFICES, 61),
]

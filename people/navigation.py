from django.utils.translation import gettext_lazy as _

from accounts.permissions import MANAGERS_AND_OFFICES
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem("staff_import", _("Nhập từ Excel"), "people:staff_import", MANAGERS_AND_OFFICES, 61),
    NavItem("credentials", _("Tài khoản chờ đăng nhập lần đầu"), "people:credentials", MANAGERS_AND_OFFICES, 62),
]

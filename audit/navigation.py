from django.utils.translation import gettext_lazy as _

from accounts.permissions import ALL_ROLES
from core.navigation import NavItem

NAV_ITEMS = [NavItem("audit", _("Nhật ký thay đổi"), "audit:timeline", ALL_ROLES, 75)]

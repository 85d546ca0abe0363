from django.utils.translation import gettext_lazy as _

from bdtx.navigation import ALL_ROLES, NavItem

NAV_ITEMS = [NavItem("audit", _("Nhật ký thay đổi"), "audit:timeline", ALL_ROLES, 75)]

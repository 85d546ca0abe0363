from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import ALL_ROLES, MANAGERS_AND_OFFICES, OFFICES
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem("home", _("Trang chủ"), "home", ALL_ROLES, order=0),
    NavItem("my_profile", _("Hồ sơ của tôi"), "accounts:my_profile", frozenset({Role.TEACHER, Role.GROUP_HEAD}), 90),
    NavItem("group", _("Tổ chuyên môn"), "accounts:staff_list", frozenset({Role.GROUP_HEAD}), 60),
    NavItem("staff", _("Cán bộ, giáo viên"), "accounts:staff_list", MANAGERS_AND_OFFICES, 60),
    NavItem("units", _("Đơn vị"), "accounts:unit_list", OFFICES, 70),
]

"""The navigation each role sees: one registry that later apps extend."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

ALL_ROLES = frozenset(Role.values)
OFFICES = frozenset({Role.DISTRICT_OFFICER, Role.DEPARTMENT_OFFICER, Role.ADMIN})
MANAGERS_AND_OFFICES = OFFICES | {Role.SCHOOL_MANAGER}


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    roles: frozenset


NAV_ITEMS = [
    NavItem("home", _("Trang chủ"), "home", ALL_ROLES),
    NavItem("my_profile", _("Hồ sơ của tôi"), "accounts:my_profile", frozenset({Role.TEACHER, Role.GROUP_HEAD})),
    NavItem("group", _("Tổ chuyên môn"), "accounts:staff_list", frozenset({Role.GROUP_HEAD})),
    NavItem("staff", _("Cán bộ, giáo viên"), "accounts:staff_list", MANAGERS_AND_OFFICES),
    NavItem("staff_import", _("Nhập từ Excel"), "accounts:staff_import", MANAGERS_AND_OFFICES),
    NavItem("units", _("Đơn vị"), "accounts:unit_list", OFFICES),
]


def nav_for(user):
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    return [
        {"key": item.key, "label": item.label, "url": reverse(item.url_name)}
        for item in NAV_ITEMS
        if role in item.roles
    ]

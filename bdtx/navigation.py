"""The navigation each role sees. Each app lists its own items in ``<app>/navigation.py``."""

from dataclasses import dataclass
from importlib import import_module

from django.urls import reverse

from accounts.models import Role

ALL_ROLES = frozenset(Role.values)
# Officers work on their own unit's subtree; ADMIN has no unit and sees what makes sense without one.
OFFICERS = frozenset({Role.DISTRICT_OFFICER, Role.DEPARTMENT_OFFICER})
OFFICES = OFFICERS | {Role.ADMIN}
MANAGERS_AND_OFFICES = OFFICES | {Role.SCHOOL_MANAGER}
SCHOOL_STAFF = frozenset({Role.TEACHER, Role.GROUP_HEAD, Role.SCHOOL_MANAGER})
NAV_APPS = [
    "accounts",
    "modules",
    "plans",
    "assessment",
    "reports",
    "certificates",
    "gdpt",
    "coreteachers",
    "qualifications",
    "courses",
]


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    roles: frozenset
    order: int = 100


def _collect():
    items = []
    for app in NAV_APPS:
        try:
            module = import_module(f"{app}.navigation")
        except ModuleNotFoundError:
            continue
        items.extend(module.NAV_ITEMS)
    return sorted(items, key=lambda item: item.order)


_ITEMS = None


def nav_for(user):
    global _ITEMS
    if not user.is_authenticated:
        return []
    if _ITEMS is None:
        _ITEMS = _collect()
    role = Role.ADMIN if user.is_superuser else user.role
    return [
        {"key": item.key, "label": item.label, "url": reverse(item.url_name)} for item in _ITEMS if role in item.roles
    ]

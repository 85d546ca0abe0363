"""The navigation each role sees. Each app lists its own items (``core.navigation.NavItem``) in
``<app>/navigation.py``; this module, part of the project's wiring, puts them in menu order."""

from importlib import import_module

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import ALL_ROLES
from core.navigation import NavItem

NAV_APPS = [
    "accounts",
    "jobs",
    "people",
    "years",
    "modules",
    "plans",
    "study",
    "assessment",
    "reports",
    "results",
    "certificates",
    "gdpt",
    "coreteachers",
    "qualifications",
    "courses",
    "audit",
]


# The project's own items: "Hướng dẫn" (bdtx.views_help) for every role, last in the menu.
NAV_ITEMS = [NavItem("help", _("Hướng dẫn"), "help", ALL_ROLES, order=200)]


def _collect():
    items = list(NAV_ITEMS)
    for app in NAV_APPS:
        try:
            module = import_module(f"{app}.navigation")
        except ModuleNotFoundError:
            continue
        items.extend(module.NAV_ITEMS)
    return sorted(items, key=lambda item: item.order)


# Menu sections: a section with one item for a role is a plain link, with more it is a dropdown.
SECTIONS = [
    (
        _("Kế hoạch"),
        ["my_plan", "plan_list", "group_plans", "school_plan", "plan_dashboard", "years", "catalog", "topics"],
    ),
    (
        _("Bồi dưỡng"),
        ["study_log", "study_confirm", "sessions", "core_mine", "core_teachers", "courses", "gdpt_reviews"],
    ),
    (
        _("Đánh giá, báo cáo"),
        [
            "score_grid",
            "my_result",
            "results_confirm",
            "results",
            "results_nation",
            "report_chain",
            "certificates",
            "my_certificates",
        ],
    ),
    (
        _("Cán bộ, đơn vị"),
        [
            "my_profile",
            "group",
            "staff",
            "staff_import",
            "credentials",
            "office_account_create",
            "qualifications",
            "units",
            "units_import",
            "audit",
            "email_outbox",
        ],
    ),
]
SECTION_OF = {key: index for index, (_label, keys) in enumerate(SECTIONS) for key in keys}

_ITEMS = None


def nav_for(user):
    """The role's menu items, flat and in order: [{key, label, url}]."""
    global _ITEMS
    if not user.is_authenticated:
        return []
    if _ITEMS is None:
        _ITEMS = _collect()
    role = Role.ADMIN if user.is_superuser else user.role
    return [
        {"key": item.key, "label": item.label, "url": reverse(item.url_name)} for item in _ITEMS if role in item.roles
    ]


def nav_menu(user):
    """The same items arranged for the navbar: top-level links and sections (dropdowns), in menu order."""
    entries, sections = [], {}
    for item in nav_for(user):
        index = SECTION_OF.get(item["key"])
        if index is None:
            entries.append(item)
        elif index not in sections:
            sections[index] = {"label": SECTIONS[index][0], "children": [item], "key": f"section-{index}"}
            entries.append(sections[index])
        else:
            sections[index]["children"].append(item)
    return [entry["children"][0] if len(entry.get("children", ())) == 1 else entry for entry in entries]

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import OFFICERS, OFFICES, SCHOOL_STAFF
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem("my_plan", _("Kế hoạch của tôi"), "plans:my_plan", SCHOOL_STAFF, 10),
    NavItem("plan_list", _("Duyệt kế hoạch"), "plans:plan_list", OFFICERS | {Role.SCHOOL_MANAGER}, 20),
    NavItem("group_plans", _("Kế hoạch của tổ"), "plans:plan_list", frozenset({Role.GROUP_HEAD}), 20),
    NavItem("school_plan", _("Kế hoạch nhà trường"), "plans:school_plan", frozenset({Role.SCHOOL_MANAGER}), 21),
    NavItem("plan_dashboard", _("Tiến độ lập kế hoạch"), "plans:plan_dashboard", OFFICES, 25),
]

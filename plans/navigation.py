from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from bdtx.navigation import ALL_ROLES, OFFICERS, OFFICES, SCHOOL_STAFF, NavItem

NAV_ITEMS = [
    NavItem("my_plan", _("Kế hoạch của tôi"), "plans:my_plan", SCHOOL_STAFF, 10),
    NavItem("plan_list", _("Duyệt kế hoạch"), "plans:plan_list", OFFICERS | {Role.SCHOOL_MANAGER}, 20),
    NavItem("school_plan", _("Kế hoạch nhà trường"), "plans:school_plan", frozenset({Role.SCHOOL_MANAGER}), 21),
    NavItem("study_log", _("Nhật ký bồi dưỡng"), "plans:study_log", SCHOOL_STAFF, 12),
    NavItem(
        "study_confirm",
        _("Xác nhận nhật ký"),
        "plans:study_confirm",
        frozenset({Role.GROUP_HEAD, Role.SCHOOL_MANAGER}),
        22,
    ),
    NavItem(
        "sessions",
        _("Sinh hoạt chuyên môn"),
        "plans:session_list",
        frozenset({Role.GROUP_HEAD, Role.SCHOOL_MANAGER}),
        23,
    ),
    NavItem("plan_dashboard", _("Tiến độ lập kế hoạch"), "plans:plan_dashboard", OFFICES, 25),
    NavItem("years", _("Năm học"), "plans:year_list", ALL_ROLES, 80),
]

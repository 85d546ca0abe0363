from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import SCHOOL_STAFF
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem("study_log", _("Nhật ký bồi dưỡng"), "study:study_log", SCHOOL_STAFF, 12),
    NavItem(
        "study_confirm",
        _("Xác nhận nhật ký"),
        "study:study_confirm",
        frozenset({Role.GROUP_HEAD, Role.SCHOOL_MANAGER}),
        22,
    ),
    NavItem(
        "sessions",
        _("Sinh hoạt chuyên môn"),
        "study:session_list",
        frozenset({Role.GROUP_HEAD, Role.SCHOOL_MANAGER}),
        23,
    ),
]

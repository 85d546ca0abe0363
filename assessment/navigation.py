from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import OFFICES
from core.navigation import NavItem

SCORERS = OFFICES | {Role.GROUP_HEAD, Role.SCHOOL_MANAGER}

NAV_ITEMS = [
    NavItem("my_result", _("Kết quả của tôi"), "assessment:my_result", frozenset({Role.TEACHER, Role.GROUP_HEAD}), 12),
    NavItem("score_grid", _("Nhập điểm"), "assessment:score_grid", SCORERS, 30),
    NavItem("results_confirm", _("Xác nhận kết quả"), "assessment:confirmation", OFFICES | {Role.SCHOOL_MANAGER}, 31),
]

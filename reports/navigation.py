from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import ALL_ROLES, MANAGERS_AND_OFFICES
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem("report_chain", _("Báo cáo"), "reports:chain_home", MANAGERS_AND_OFFICES, order=32),
    NavItem("notifications", _("Thông báo"), "reports:notification_list", ALL_ROLES, order=96),
    NavItem("email_outbox", _("Thư chưa gửi được"), "reports:email_outbox", frozenset({Role.ADMIN}), order=97),
]

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from bdtx.navigation import ALL_ROLES, MANAGERS_AND_OFFICES, NavItem

from .navigation_results import NAV_ITEMS as RESULTS_NAV_ITEMS

NAV_ITEMS = [
    NavItem("report_chain", _("Báo cáo"), "reports:chain_home", MANAGERS_AND_OFFICES, order=32),
    # The admin is the only role above a Sở.
    NavItem("results_nation", _("Tổng hợp toàn quốc"), "reports:results_nation", frozenset({Role.ADMIN}), order=32),
    NavItem("my_jobs", _("Việc của tôi"), "reports:job_list", ALL_ROLES, order=95),
    NavItem("notifications", _("Thông báo"), "reports:notification_list", ALL_ROLES, order=96),
]

NAV_ITEMS += RESULTS_NAV_ITEMS

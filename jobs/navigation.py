from django.utils.translation import gettext_lazy as _

from accounts.permissions import ALL_ROLES
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem("my_jobs", _("Tệp xuất, nhập của tôi"), "jobs:job_list", ALL_ROLES, order=95),
]

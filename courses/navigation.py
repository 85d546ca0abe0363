from django.utils.translation import gettext_lazy as _

from accounts.permissions import MANAGERS_AND_OFFICES
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem("courses", _("Lớp bồi dưỡng"), "courses:course_list", MANAGERS_AND_OFFICES, 50),
]

from django.utils.translation import gettext_lazy as _

from bdtx.navigation import MANAGERS_AND_OFFICES, NavItem

NAV_ITEMS = [
    NavItem("courses", _("Lớp bồi dưỡng"), "courses:course_list", MANAGERS_AND_OFFICES, 50),
]

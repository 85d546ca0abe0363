from django.utils.translation import gettext_lazy as _

from bdtx.navigation import MANAGERS_AND_OFFICES, NavItem

NAV_ITEMS = [
    NavItem("qualifications", _("Trình độ, chứng chỉ"), "qualifications:staff_list", MANAGERS_AND_OFFICES, 62),
]

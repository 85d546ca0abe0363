from django.utils.translation import gettext_lazy as _

from accounts.permissions import MANAGERS_AND_OFFICES
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem("qualifications", _("Trình độ, chứng chỉ"), "qualifications:staff_list", MANAGERS_AND_OFFICES, 62),
]

from django.utils.translation import gettext_lazy as _

from accounts.permissions import MANAGERS_AND_OFFICES
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem("gdpt_reviews", _("Rà soát mô đun GDPT"), "gdpt:campaign_list", MANAGERS_AND_OFFICES, 55),
]

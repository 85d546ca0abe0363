from django.utils.translation import gettext_lazy as _

from accounts.permissions import ALL_ROLES, OFFICES
from core.navigation import NavItem

# The catalog import and the "add module" form are links on the catalog page, for Sở officers and admins.
NAV_ITEMS = [
    NavItem("catalog", _("Danh mục mô đun"), "modules:module_list", ALL_ROLES, 40),
    NavItem("topics", _("Chuyên đề bồi dưỡng"), "modules:topic_list", OFFICES, 41),
]

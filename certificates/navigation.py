from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import MANAGERS_AND_OFFICES
from core.navigation import NavItem

NAV_ITEMS = [
    # School managers reach their own page from the school's certificate page (the menu is crowded).
    NavItem(
        "my_certificates",
        _("Giấy chứng nhận của tôi"),
        "certificates:my_certificates",
        frozenset({Role.TEACHER, Role.GROUP_HEAD}),
        13,
    ),
    NavItem("certificates", _("Giấy chứng nhận"), "certificates:school_list", MANAGERS_AND_OFFICES, 33),
]

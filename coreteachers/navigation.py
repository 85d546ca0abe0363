from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import MANAGERS_AND_OFFICES
from core.navigation import NavItem

NAV_ITEMS = [
    # Managers and offices designate core teachers and approve their plans and reports; a principal who is a core
    # teacher reaches their own page from a link on that list.
    NavItem("core_teachers", _("Giáo viên cốt cán"), "coreteachers:designation_list", MANAGERS_AND_OFFICES, 50),
    # Teachers: the page says whether they are designated this year, and leads to their support plan and report.
    NavItem("core_mine", _("Cốt cán"), "coreteachers:mine", frozenset({Role.TEACHER, Role.GROUP_HEAD}), 50),
]

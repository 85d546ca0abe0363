from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import MANAGERS_AND_OFFICES
from core.navigation import NavItem

# The offices that set up their units from a file (people.units_import.can_import_units).
UNIT_IMPORTERS = frozenset({Role.ADMIN, Role.DEPARTMENT_OFFICER, Role.DISTRICT_OFFICER})

NAV_ITEMS = [
    NavItem("units_import", _("Nhập đơn vị từ Excel"), "people:units_import", UNIT_IMPORTERS, 60),
    NavItem("staff_import", _("Nhập từ Excel"), "people:staff_import", MANAGERS_AND_OFFICES, 61),
    NavItem(
        "office_account_create",
        _("Thêm cán bộ của đơn vị"),
        "people:office_account_create",
        frozenset({Role.DEPARTMENT_OFFICER, Role.DISTRICT_OFFICER}),
        63,
    ),
    NavItem("credentials", _("Tài khoản chờ đăng nhập lần đầu"), "people:credentials", MANAGERS_AND_OFFICES, 62),
]

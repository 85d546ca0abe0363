"""The staff export (job kind ``staff_export``, run by people/job_handlers.py): the staff list, with the staff
list screen's filters, as an Excel file.

The view stores the filters only; the task rebuilds the queryset from ``accounts.selectors.staff_search``
for the requesting user, so the file holds exactly what that user may see on the screen, whatever was posted.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scoping, selectors
from accounts.filters import StaffFilterForm
from accounts.letterheads import UnitFormMixin, own_unit
from accounts.models import Level, Position
from core.excel_export import DATE, Column, OfficialFormExporter
from core.ids import plain_id
from jobs.jobs import JobError

KIND = "staff_export"
FILTER_KEYS = ("q", "unit", "level", "position", "active")
_ACTIVE_VALUES = {"1": True, "0": False}


def staff_export_params(*, user, data):
    """Job parameters from the staff list's filters in ``data`` (a QueryDict); 404 for a unit out of scope.

    Mirrors the screen: an invalid filter form means no filters except the unit.
    """
    unit = scoping.get_unit_for_user(user, data["unit"]) if data.get("unit") else None
    form = StaffFilterForm(data, units=[unit] if unit else [])
    filters = form.cleaned_data if form.is_valid() else {}
    return {
        "q": (filters.get("q") or "")[:200],
        "unit": unit.pk if unit else None,
        "level": filters.get("level") or "",
        "position": filters.get("position") or "",
        "active": filters.get("active") or "",
    }


def staff_export_title(*, user, params):
    unit = scoping.visible_units(user).filter(pk=params.get("unit")).first() if params.get("unit") else None
    title = _("Danh sách cán bộ, giáo viên")
    return f"{title} · {unit.name}" if unit else title


def _search_arguments(*, user, params):
    """``staff_search`` arguments rebuilt for ``user``; the stored parameters are not trusted."""
    params = params if isinstance(params, dict) else {}
    unit = None
    if params.get("unit") is not None:
        unit = scoping.visible_units(user).filter(pk=plain_id(params["unit"])).first()
        if unit is None:
            raise JobError(_("Đơn vị đã chọn không còn thuộc phạm vi của bạn nên không xuất được danh sách."))
    level = params.get("level") if params.get("level") in Level.values else ""
    position = params.get("position") if params.get("position") in Position.values else ""
    query = params.get("q") if isinstance(params.get("q"), str) else ""
    return {
        "user": user,
        "query": query[:200],
        "unit": unit,
        "level": level,
        "position": position,
        "active": _ACTIVE_VALUES.get(params.get("active") or ""),
    }


def _own_unit(user):
    unit = own_unit(user)
    if unit is None:
        raise JobError(_("Tài khoản chưa gắn với đơn vị nào nên không xuất được danh sách."))
    return unit


class StaffExporter(UnitFormMixin, OfficialFormExporter):
    """The staff list as an official form: the heading of the chosen unit (else the user's own) and its head's
    signature."""

    title = gettext_lazy("DANH SÁCH CÁN BỘ, GIÁO VIÊN")
    sheet_name = gettext_lazy("Cán bộ, giáo viên")
    columns = [
        Column(gettext_lazy("STT"), 6, "0", align="center"),
        Column(gettext_lazy("Mã cán bộ"), 14),
        Column(gettext_lazy("Họ và tên"), 28),
        Column(gettext_lazy("Ngày sinh"), 12, DATE, align="center"),
        Column(gettext_lazy("Giới tính"), 9, align="center"),
        Column(gettext_lazy("Nơi sinh"), 22),
        Column(gettext_lazy("Đơn vị"), 30),
        Column(gettext_lazy("Chức vụ"), 18),
        Column(gettext_lazy("Cấp học"), 16),
        Column(gettext_lazy("Tổ chuyên môn"), 18),
        Column(gettext_lazy("Cốt cán"), 8, align="center"),
        Column(gettext_lazy("Trạng thái"), 15),
    ]

    def __init__(self, *, user, params):
        super().__init__()
        self.user = user
        self.arguments = _search_arguments(user=user, params=params)
        self.queryset = selectors.staff_search(**self.arguments)
        self.unit = self.arguments["unit"] or _own_unit(user)

    def subtitle_lines(self):
        unit = self.arguments["unit"] or self.user.unit
        lines = [unit.name] if unit else []
        filters = []
        if self.arguments["query"]:
            filters.append(_("tìm “%(q)s”") % {"q": self.arguments["query"]})
        if self.arguments["level"]:
            filters.append(Level(self.arguments["level"]).label)
        if self.arguments["position"]:
            filters.append(Position(self.arguments["position"]).label)
        if self.arguments["active"] is not None:
            filters.append(_("đang công tác") if self.arguments["active"] else _("đã nghỉ"))
        if filters:
            lines.append(_("Lọc: %(filters)s") % {"filters": "; ".join(str(f) for f in filters)})
        lines.append(_("Ngày xuất: %(date)s") % {"date": self.today.strftime("%d/%m/%Y")})
        return lines

    def total(self):
        return self.queryset.count()

    def rows(self):
        active, inactive = _("Đang công tác"), _("Đã nghỉ")
        for number, staff in enumerate(self.queryset.iterator(chunk_size=2000), 1):
            yield [
                number,
                staff.code,
                staff.full_name,
                staff.birth_date,
                staff.get_gender_display(),
                staff.birth_place,
                staff.unit.name,
                staff.get_position_display(),
                staff.get_level_display(),
                staff.subject_group,
                "x" if staff.is_core_teacher else "",
                active if staff.is_active else inactive,
            ]

    def get_filename(self):
        unit = self.arguments["unit"] or self.user.unit
        code = "".join(ch for ch in (unit.code if unit else "") if ch.isalnum() or ch in "-_")
        return f"danh-sach-can-bo{'-' + code if code else ''}-{self.today:%Y%m%d}.xlsx"

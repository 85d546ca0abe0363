"""Nhập danh sách đơn vị từ Excel: a province's schools and middle tier from one file, all or nothing.

``units_import_parse`` reads and checks every row without writing (codes, kinds, cấp học, the parent named by its
code, in the file or already in the user's scope, and whether the unit may sit there); ``units_import_apply``
writes a clean result in one transaction, parents before children, each unit with its history and audit entry.
A unit already there (same code) has its name, cấp học and address updated; its parent or kind only changes
through the restructuring operations (accounts.restructure), so a different one in the file is an error.

Who: the admin anywhere; a Sở officer within its province; a middle-tier officer (UBND xã / Phòng) the schools
directly under its unit.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scoping
from accounts.models import Level, OrgUnit, Role, placement_error, province_middle_tier_levels
from accounts.services import AccountsError
from core import excel_import
from core.excel_import import Column, ImportResult, cell_text, has_column, thousands
from core.vietnamese import fold

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_SCANNED_ROWS = 20_000
LIMITS = excel_import.Limits(max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS, max_scanned_rows=MAX_SCANNED_ROWS)
DATA_SHEET_TITLE = "Đơn vị"
TEMPLATE_FILENAME = "mau-nhap-don-vi.xlsx"
# The kinds a file may create: the Sở and the Bộ are set up by the system administrator.
IMPORTED_KINDS = (OrgUnit.Kind.SCHOOL, OrgUnit.Kind.COMMUNE, OrgUnit.Kind.DISTRICT)

COLUMNS = (
    Column(
        "code",
        gettext_lazy("Mã đơn vị"),
        required=True,
        width=16,
        aliases=("ma", "ma truong"),
        guide=gettext_lazy("Bắt buộc, không trùng. Nhập lại cùng mã thì cập nhật tên, cấp học, địa chỉ."),
        max_length=OrgUnit._meta.get_field("code").max_length,
    ),
    Column(
        "name",
        gettext_lazy("Tên đơn vị"),
        required=True,
        width=36,
        aliases=("ten", "ten truong"),
        max_length=OrgUnit._meta.get_field("name").max_length,
    ),
    Column(
        "kind",
        gettext_lazy("Loại đơn vị"),
        required=True,
        width=18,
        hint="Trường/UBND xã/Phòng",
        aliases=("loai",),
        guide=gettext_lazy(
            "Trường (trường, trung tâm), UBND xã (xã, phường) hoặc Phòng (Phòng GD&ĐT: chỉ các năm học trước 1/7/2025)."
        ),
    ),
    Column(
        "parent",
        gettext_lazy("Mã đơn vị cấp trên"),
        required=True,
        width=18,
        aliases=("ma cap tren", "cap tren"),
        guide=gettext_lazy("Mã của Sở, của UBND xã / Phòng đã có, hoặc của một dòng khác trong tệp."),
    ),
    Column(
        "levels",
        gettext_lazy("Cấp học"),
        width=16,
        hint="MN,TH,THCS",
        guide=gettext_lazy(
            "Của trường: một hoặc nhiều mã cấp học, cách nhau bởi dấu phẩy. Để trống với UBND xã, Phòng."
        ),
    ),
    Column("address", gettext_lazy("Địa chỉ"), width=40, max_length=OrgUnit._meta.get_field("address").max_length),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
_KINDS = {
    **{fold(str(kind.label)): kind for kind in IMPORTED_KINDS},
    **{fold(kind.value): kind for kind in IMPORTED_KINDS},
    "truong": OrgUnit.Kind.SCHOOL,
    "trung tam": OrgUnit.Kind.SCHOOL,
    "ubnd xa": OrgUnit.Kind.COMMUNE,
    "xa": OrgUnit.Kind.COMMUNE,
    "phuong": OrgUnit.Kind.COMMUNE,
    "ubnd phuong": OrgUnit.Kind.COMMUNE,
    "phong": OrgUnit.Kind.DISTRICT,
    "phong gd&dt": OrgUnit.Kind.DISTRICT,
}


@dataclass
class UnitRow:
    number: int
    code: str
    name: str
    kind: str
    parent_code: str
    levels: list
    address: str
    unit: OrgUnit | None  # the unit already there under this code


@dataclass
class UnitCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


def can_import_units(user):
    if not user.is_authenticated or user.unit_id is None and not user.is_admin_role:
        return False
    return user.is_admin_role or user.role in (Role.DEPARTMENT_OFFICER, Role.DISTRICT_OFFICER)


def _parents_in_scope(user):
    """Units under which the user may place units: every office (admin), the Sở's province, a middle tier's own
    unit (for its schools)."""
    offices = OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.SCHOOL)
    if user.is_admin_role:
        return offices
    if user.role == Role.DEPARTMENT_OFFICER:
        return offices.filter(scoping.subtree_q(user.unit))
    return offices.filter(pk=user.unit_id)


def _kinds_for(user):
    if user.is_admin_role or user.role == Role.DEPARTMENT_OFFICER:
        return set(IMPORTED_KINDS)
    return {OrgUnit.Kind.SCHOOL}


class _Checker:
    def __init__(self, *, result, table, user, existing, parents, file_codes):
        self.result, self.table, self.user = result, table, user
        self.existing, self.parents, self.file_codes = existing, parents, file_codes
        self.kinds = _kinds_for(user)
        self.editable = {
            unit.pk for unit in scoping.visible_units(user).filter(pk__in=[u.pk for u in existing.values()])
        }
        self.seen = {}

    def fail(self, number, key, message):
        column = COLUMNS_BY_KEY[key]
        self.result.add(message, row=number, column=column, index=self.table.positions.get(key))

    def check(self, number, values):
        text = {key: cell_text(self.table.cell(values, key)) for key in COLUMNS_BY_KEY}
        failed = False
        for key in ("code", "name", "kind", "parent"):
            if not text[key]:
                self.fail(number, key, _("Ô này không được để trống."))
                failed = True
        for column in COLUMNS:
            if column.max_length and len(text[column.key]) > column.max_length:
                self.fail(number, column.key, _("Dài quá %(n)s ký tự.") % {"n": column.max_length})
                failed = True
        code = text["code"].upper()
        if code in self.seen:
            self.fail(number, "code", _("Mã %(code)s đã có ở dòng %(row)s.") % {"code": code, "row": self.seen[code]})
            failed = True
        self.seen.setdefault(code, number)
        kind = _KINDS.get(fold(text["kind"])) if text["kind"] else None
        if text["kind"] and kind is None:
            self.fail(number, "kind", _("Không rõ loại đơn vị “%(kind)s”: ghi Trường, UBND xã hoặc Phòng.") % text)
            failed = True
        elif kind is not None and kind not in self.kinds:
            self.fail(number, "kind", _("Tài khoản của bạn chỉ nhập được trường trực thuộc đơn vị mình."))
            failed = True
        levels = [part.strip().upper() for part in text["levels"].replace(";", ",").split(",") if part.strip()]
        unknown = [level for level in levels if level not in Level.values]
        if unknown:
            self.fail(number, "levels", _("Mã cấp học không đúng: %(codes)s.") % {"codes": ", ".join(unknown)})
            failed = True
        if kind == OrgUnit.Kind.SCHOOL and not levels:
            self.fail(number, "levels", _("Trường phải có ít nhất một cấp học."))
            failed = True
        if kind is not None and kind != OrgUnit.Kind.SCHOOL and levels:
            self.fail(number, "levels", _("UBND xã, Phòng không ghi cấp học (để trống)."))
            failed = True
        unit = self.existing.get(code)
        if unit is not None and unit.pk not in self.editable:
            self.fail(number, "code", _("Mã %(code)s đã dùng cho một đơn vị khác.") % {"code": code})
            return None
        parent_code = text["parent"].upper()
        if unit is not None and not failed:
            if kind is not None and unit.kind != kind:
                self.fail(
                    number,
                    "kind",
                    _("Đơn vị đã có là %(kind)s: đổi loại đơn vị ở trang đơn vị.") % {"kind": unit.get_kind_display()},
                )
                failed = True
            if unit.parent is not None and unit.parent.code != parent_code:
                self.fail(
                    number,
                    "parent",
                    _("%(unit)s đang trực thuộc %(parent)s: chuyển đơn vị bằng thao tác “Chuyển” ở trang đơn vị.")
                    % {"unit": unit.name, "parent": unit.parent.code},
                )
                failed = True
        if parent_code and parent_code not in self.file_codes and parent_code not in self.parents:
            self.fail(
                number,
                "parent",
                _("Không có đơn vị cấp trên mã %(code)s trong phạm vi của bạn.") % {"code": parent_code},
            )
            failed = True
        if failed:
            return None
        return UnitRow(number, code, text["name"], kind, parent_code, levels, text["address"], unit)


def _check_places(rows, parents, result):
    """Each new unit may sit under its parent (the file's own rows included): the placement rule of the tree."""
    by_code = {row.code: row for row in rows}
    for row in rows:
        if row.unit is not None or (row.parent_code not in parents and row.parent_code not in by_code):
            continue  # a unit already placed, or a parent row that is wrong itself (said on its own line)
        parent = parents.get(row.parent_code)
        if parent is not None:
            parent_kind, middle = parent.kind, province_middle_tier_levels(parent)
        else:
            parent_row = by_code[row.parent_code]
            parent_kind = parent_row.kind
            ancestor = parents.get(parent_row.parent_code)
            middle = province_middle_tier_levels(ancestor) if ancestor is not None else None
        refused = placement_error(row.kind, row.levels, parent_kind, middle)
        if refused is not None:
            result.add(refused.message, row=row.number, column=COLUMNS_BY_KEY["parent"])


def units_import_parse(*, file, user, progress=None):
    """Read and check the whole file; nothing is written."""
    result = ImportResult(user_id=user.pk)
    if not can_import_units(user):
        result.add(_("Tài khoản của bạn không nhập được danh sách đơn vị."))
        return result
    table = excel_import.read_table(
        file,
        result,
        columns=COLUMNS,
        is_header=lambda values: has_column(values, COLUMNS_BY_KEY["code"]),
        guess_header=True,
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        max_scanned_rows=MAX_SCANNED_ROWS,
        duplicate=_("Cột “%(column)s” xuất hiện hai lần (cột %(first)s và %(second)s)."),
        progress=progress,
    )
    if table is None:
        return result
    codes = {cell_text(table.cell(values, "code")).upper() for _n, values in table.rows} - {""}
    parent_codes = {cell_text(table.cell(values, "parent")).upper() for _n, values in table.rows} - {""}
    existing = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes).select_related("parent")}
    parents = {unit.code: unit for unit in _parents_in_scope(user).filter(code__in=parent_codes)}
    checker = _Checker(result=result, table=table, user=user, existing=existing, parents=parents, file_codes=codes)
    rows = [row for number, values in table.rows if (row := checker.check(number, values)) is not None]
    # Every wrong row in one pass: the placement of the rows that read right (under a parent that reads right).
    _check_places(rows, parents, result)
    if not result.errors:
        cyclic = _order(rows, parents)
        if cyclic:
            for row in cyclic:
                result.add(_("Đơn vị cấp trên không dẫn về một đơn vị đã có (vòng lặp trong tệp)."), row=row.number)
    result.rows = [] if result.errors else _order_rows(rows, parents)
    return result


def _order(rows, parents):
    """The rows whose parent chain in the file never reaches a unit already there (a loop), else []."""
    by_code = {row.code: row for row in rows}
    bad = []
    for row in rows:
        seen, code = set(), row.parent_code
        while code in by_code and code not in parents and code not in seen:
            seen.add(code)
            code = by_code[code].parent_code
        if code in seen:
            bad.append(row)
    return bad


def _order_rows(rows, parents):
    """Parents before children."""
    by_code = {row.code: row for row in rows}

    def depth(row):
        n, code = 0, row.parent_code
        while code in by_code and code not in parents:
            n, code = n + 1, by_code[code].parent_code
        return n

    return sorted(rows, key=depth)


def units_import_apply(*, result, user, progress=None):
    """Write a clean result: new units under their parents, known ones updated; one transaction."""
    if result.errors or not result.rows:
        raise AccountsError(_("Tệp còn lỗi nên chưa nhập dòng nào."))
    if result.user_id != user.pk or not can_import_units(user):
        raise AccountsError(_("Bạn không có quyền nhập danh sách đơn vị này."))
    counts = UnitCounts()
    reason = _("Nhập từ Excel")
    total = len(result.rows)
    with transaction.atomic():
        made = {}
        for index, row in enumerate(result.rows, start=1):
            unit = row.unit
            if unit is None:
                parent = made.get(row.parent_code) or OrgUnit.objects.get(code=row.parent_code)
                unit = OrgUnit(code=row.code, kind=row.kind, parent=parent)
                counts.created += 1
            elif (unit.name, unit.level_list, unit.address) == (row.name, row.levels, row.address):
                counts.unchanged += 1
                made[row.code] = unit
                continue
            else:
                counts.updated += 1
            unit.name, unit.levels, unit.address = row.name, ",".join(row.levels), row.address
            unit._history_user, unit._change_reason = user, reason
            try:
                unit.full_clean(exclude=["parent", "path", "depth"])
            except ValidationError as error:
                raise AccountsError(
                    _("Dòng %(row)s: %(error)s") % {"row": row.number, "error": "; ".join(error.messages)}
                ) from None
            unit.save()
            made[row.code] = unit
            if progress is not None and index % 100 == 0:
                progress(index, total)
    return counts


def imported_summary(counts):
    return _("Đã nhập %(rows)s đơn vị: %(created)s thêm mới, %(updated)s cập nhật, %(unchanged)s không đổi.") % {
        "rows": thousands(counts.total),
        "created": thousands(counts.created),
        "updated": thousands(counts.updated),
        "unchanged": thousands(counts.unchanged),
    }


def units_import_template_build(*, user):
    template = excel_import.ImportTemplate(
        sheet_title=DATA_SHEET_TITLE, columns=COLUMNS, max_rows=MAX_ROWS, text_keys=("code", "parent")
    )
    template.guide_title(_("Hướng dẫn nhập danh sách đơn vị"), widths=(24, 40, 70))
    template.guide_notes(
        [
            _("Mỗi đơn vị ghi trên một dòng của trang “%(sheet)s”, bắt đầu từ dòng 2.") % {"sheet": DATA_SHEET_TITLE},
            _("Đơn vị cấp trên là một đơn vị đã có (mã ở bảng dưới) hoặc một dòng khác trong tệp."),
            _("Hệ thống kiểm tra toàn bộ tệp trước; nếu có lỗi thì không ghi dòng nào và hiện bảng lỗi để sửa."),
            _("Tối đa %(rows)s dòng và %(size)s MB mỗi tệp.")
            % {"rows": thousands(MAX_ROWS), "size": MAX_FILE_BYTES // 1024 // 1024},
        ]
    )
    template.guide_columns()
    template.guide_table(_("Mã cấp học"), [(value, str(label)) for value, label in Level.choices])
    template.guide_table(
        _("Đơn vị cấp trên trong phạm vi của bạn"),
        [(unit.code, unit.name) for unit in _parents_in_scope(user).order_by("path")[:2000]],
        headers=(_("Mã đơn vị"), _("Tên đơn vị")),
    )
    return template.content()


# --- one unit, by form -------------------------------------------------------------------------------------------


def editable_units(user):
    """The units whose name, cấp học and address the user edits: those it could import (their parent in scope)."""
    if not can_import_units(user):
        return OrgUnit.objects.none()
    units = OrgUnit.objects.filter(is_active=True, parent__in=_parents_in_scope(user))
    return units.filter(kind__in=_kinds_for(user))


def parents_for_form(user):
    return _parents_in_scope(user).order_by("path")


def unit_save(*, user, unit=None, code="", name="", kind="", parent=None, levels=(), address=""):
    """Create one unit under ``parent`` (``unit`` None) or change a unit's name, cấp học and address; the same
    checks as a file's row. Returns the unit; an AccountsError says what is wrong."""
    name, address = " ".join(name.split()), " ".join(address.split())
    levels = [level for level in Level.values if level in set(levels)]  # in the order of the cấp học
    if not name:
        raise AccountsError(_("Hãy nhập tên đơn vị."))
    if unit is None:
        code = code.strip().upper()
        if not can_import_units(user) or parent is None or not _parents_in_scope(user).filter(pk=parent.pk).exists():
            raise AccountsError(_("Bạn không thêm được đơn vị dưới đơn vị này."))
        if kind not in _kinds_for(user):
            raise AccountsError(_("Tài khoản của bạn không thêm được loại đơn vị này."))
        if not code:
            raise AccountsError(_("Hãy nhập mã đơn vị."))
        if OrgUnit.objects.filter(code=code).exists():
            raise AccountsError(_("Mã %(code)s đã dùng cho một đơn vị khác.") % {"code": code})
        refused = placement_error(kind, levels, parent.kind, province_middle_tier_levels(parent))
        if refused is not None:
            raise AccountsError(refused.message)
        unit = OrgUnit(code=code, kind=kind, parent=parent)
    elif not editable_units(user).filter(pk=unit.pk).exists():
        raise AccountsError(_("Bạn không sửa được thông tin đơn vị này."))
    if unit.kind == OrgUnit.Kind.SCHOOL and not levels:
        raise AccountsError(_("Trường phải có ít nhất một cấp học."))
    if unit.kind != OrgUnit.Kind.SCHOOL:
        levels = []
    unit.name, unit.levels, unit.address = name, ",".join(levels), address
    unit._history_user = user
    try:
        unit.full_clean(exclude=["parent", "path", "depth"])
    except ValidationError as error:
        raise AccountsError("; ".join(error.messages)) from None
    unit.save()
    return unit

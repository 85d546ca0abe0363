"""Module catalog from Excel: a template holding the current catalog, a parser that checks every row, and an
all-or-nothing apply.

Columns: Mã mô đun, Cấp học (required), Tên mô đun, Số tiết, Nhóm, Đối tượng, Quy chế (optional). An existing
code is updated, a new code is added (a local module of the user's Sở; a national one when an admin imports: how
the Ministry-level admin loads the GVMN, CBQL MN and CBQL GDPT catalogs). An empty cell keeps the current value, so
a sheet with only codes and titles fills in titles without touching hours.

Quy chế, when given, must be a regime the catalog level serves (modules.catalogs): a GVMN or CBQL row under
TT 26/2012 is refused. Đối tượng must be one the catalog serves (GVPT/GVMN teachers, CBQL catalogs managers);
empty, a new module gets its catalog's audience (teachers for the TT 26/2012 catalogs).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Audience
from core import excel_import
from core.excel_import import Column, cell_text, has_column, header_key
from core.ids import plain_id
from years.rulesets import REGIMES, Ruleset

from . import selectors
from .catalogs import audiences_of_catalog, rulesets_of_catalog
from .models import CatalogLevel, Module
from .services import (
    CODE_MAX_LENGTH,
    GROUP_MAX_LENGTH,
    MAX_HOURS,
    MIN_HOURS,
    TITLE_MAX_LENGTH,
    ModulesError,
    next_sequence,
    normalize_code,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_SCANNED_ROWS = 20_000
LIMITS = excel_import.Limits(max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS, max_scanned_rows=MAX_SCANNED_ROWS)
XLSX_CONTENT_TYPE = excel_import.XLSX_CONTENT_TYPE
TEMPLATE_FILENAME = "danh-muc-mo-dun.xlsx"
DATA_SHEET_TITLE = "Danh mục"
GUIDE_SHEET_TITLE = excel_import.GUIDE_SHEET_TITLE


COLUMNS = (
    Column(
        "code",
        gettext_lazy("Mã mô đun"),
        True,
        14,
        ("ma", "ma md", "ma module"),
        gettext_lazy("Bắt buộc, không trùng trong tệp. Mã đã có thì cập nhật mô đun đó, mã mới thì thêm mô đun."),
    ),
    Column(
        "level",
        gettext_lazy("Cấp học"),
        True,
        14,
        ("cap", "bac hoc"),
        gettext_lazy("Bắt buộc: một mã danh mục trong bảng dưới (MN, TH, …, GVPT, GVMN, CBQL_MN, CBQL_GDPT) hoặc tên."),
    ),
    Column(
        "title",
        gettext_lazy("Tên mô đun"),
        False,
        80,
        ("ten", "ten module", "noi dung"),
        gettext_lazy("Bắt buộc với mô đun mới. Để trống thì giữ tên đang có."),
    ),
    Column(
        "hours",
        gettext_lazy("Số tiết"),
        False,
        10,
        ("tiet", "so tiet bd"),
        gettext_lazy("Số nguyên từ 1 đến 120. Để trống thì giữ số tiết đang có (mô đun mới: 15 tiết)."),
    ),
    Column(
        "group",
        gettext_lazy("Nhóm"),
        False,
        24,
        ("nhom mo dun", "linh vuc"),
        gettext_lazy("Không bắt buộc. Để trống thì giữ nhóm đang có."),
    ),
    Column(
        "audience",
        gettext_lazy("Đối tượng"),
        False,
        16,
        ("doi tuong bd",),
        gettext_lazy(
            "GV hoặc CBQL (hoặc Giáo viên, Cán bộ quản lý). Để trống: mô đun mới theo đối tượng của danh mục "
            "(giáo viên với danh mục TT 26/2012); mô đun đã có giữ nguyên."
        ),
    ),
    Column(
        "regime",
        gettext_lazy("Quy chế"),
        False,
        16,
        ("quy che ap dung", "thong tu"),
        gettext_lazy(
            "TT19_2019 hoặc TT26_2012 (hoặc TT 19/2019, TT 26/2012). Phải đúng quy chế của danh mục: GVPT, GVMN, "
            "CBQL_MN, CBQL_GDPT chỉ dùng cho năm học theo TT 19/2019. Để trống: theo danh mục."
        ),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


@dataclass
class ParsedRow:
    row: int
    code: str
    level: str
    values: dict  # only the columns given a value: title, hours, group
    module: Module | None = None


@dataclass
class ImportResult(excel_import.ImportResult):
    """The checked file; ``catalog_apply`` adds what it wrote."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


# ---------------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------------


def _level_lookup():
    lookup = {}
    for value, label in CatalogLevel.choices:
        lookup[header_key(value)] = value
        lookup[header_key(label)] = value
    lookup[header_key("GDPT2018")] = CatalogLevel.GDPT2018
    lookup[header_key("GDPT 2018")] = CatalogLevel.GDPT2018
    return lookup


def _regime_lookup():
    lookup = {}
    for value, label in Ruleset.choices:
        regime = REGIMES[value]
        for text in (value, label, regime.short_name, value.split("_")[0]):
            lookup[header_key(str(text))] = value
    return lookup


def _audience_lookup():
    lookup = {}
    for value, label in Audience.choices:
        lookup[header_key(value)] = value
        lookup[header_key(label)] = value
    return lookup


def _regime_names(rulesets):
    return ", ".join(str(REGIMES[ruleset].short_name) for ruleset in sorted(rulesets))


def catalog_parse(*, file, user, progress=None):
    """Read and check the whole file; nothing is written. The result holds clean rows or every error found."""
    result = ImportResult(user_id=user.pk)
    table = excel_import.read_table(
        file,
        result,
        columns=COLUMNS,
        # The header is the first row with a "Mã mô đun" cell; without one, the first non-empty row.
        is_header=lambda values: has_column(values, COLUMNS_BY_KEY["code"]),
        guess_header=True,
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        max_scanned_rows=MAX_SCANNED_ROWS,
        hint=_("Hãy mở bằng Excel rồi lưu lại dạng .xlsx."),
        duplicate=False,
        missing=_("Thiếu cột “%(column)s” ở dòng tiêu đề."),
        progress=progress,
    )
    if table is None:
        return result
    rows, positions, cell = table.rows, table.positions, table.cell

    codes = {normalize_code(cell(values, "code")) for _, values in rows} - {""}
    existing = {module.code.upper(): module for module in Module.objects.filter(code__in=codes)}
    levels = _level_lookup()
    first_row_of = {}
    for number, values in rows:
        _check_row(result, number, values, cell, positions, levels, existing, first_row_of, user)
    return result


def _check_row(result, number, values, cell, positions, levels, existing, first_row_of, user):
    def fail(key, message):
        result.add(message, row=number, column=COLUMNS_BY_KEY[key], index=positions.get(key))

    errors_before = len(result.errors)
    code = normalize_code(cell(values, "code"))
    if not code:
        fail("code", _("Thiếu mã mô đun."))
    elif len(code) > CODE_MAX_LENGTH:
        fail("code", _("Mã mô đun dài quá %(n)s ký tự.") % {"n": CODE_MAX_LENGTH})
    elif code in first_row_of:
        fail("code", _("Mã %(code)s trùng với dòng %(row)s.") % {"code": code, "row": first_row_of[code]})
    else:
        first_row_of[code] = number

    raw_level = cell_text(cell(values, "level"))
    level = levels.get(header_key(raw_level))
    if not raw_level:
        fail("level", _("Thiếu cấp học."))
    elif level is None:
        fail(
            "level",
            _("Cấp học “%(value)s” không hợp lệ; hãy ghi một trong: %(codes)s.")
            % {"value": raw_level, "codes": ", ".join(CatalogLevel.values)},
        )

    module = existing.get(code)
    if module is not None:
        if module.owner_id is None and not selectors.can_edit_module(user, module):
            fail("code", _("Mã %(code)s là mô đun của Bộ GD&ĐT; chỉ quản trị hệ thống được sửa.") % {"code": code})
        elif not selectors.can_edit_module(user, module):
            fail("code", _("Mã %(code)s là mô đun địa phương của đơn vị khác; hãy dùng mã khác.") % {"code": code})
        elif level is not None and level != module.level:
            fail(
                "level",
                _("Mô đun %(code)s thuộc cấp %(current)s; không đổi cấp học khi nhập.")
                % {"code": code, "current": module.get_level_display()},
            )

    row_values = {}
    if "title" in positions:
        title = cell_text(cell(values, "title"))
        if len(title) > TITLE_MAX_LENGTH:
            fail("title", _("Tên mô đun dài quá %(n)s ký tự.") % {"n": TITLE_MAX_LENGTH})
        elif title:
            row_values["title"] = title
    if module is None and code and "title" not in row_values:
        fail("title", _("Mô đun mới %(code)s cần có tên.") % {"code": code})

    if "hours" in positions:
        raw_hours = cell(values, "hours")
        text = cell_text(raw_hours)
        if text:
            hours = _parse_hours(raw_hours)
            if hours is None:
                fail("hours", _("Số tiết “%(value)s” không phải là số nguyên.") % {"value": text})
            elif not MIN_HOURS <= hours <= MAX_HOURS:
                fail("hours", _("Số tiết phải từ %(min)s đến %(max)s.") % {"min": MIN_HOURS, "max": MAX_HOURS})
            else:
                row_values["hours"] = hours

    if "group" in positions:
        group = cell_text(cell(values, "group"))
        if len(group) > GROUP_MAX_LENGTH:
            fail("group", _("Tên nhóm dài quá %(n)s ký tự.") % {"n": GROUP_MAX_LENGTH})
        elif group:
            row_values["group"] = group

    if "regime" in positions and level is not None:
        raw_regime = cell_text(cell(values, "regime"))
        ruleset = _regime_lookup().get(header_key(raw_regime)) if raw_regime else None
        allowed = rulesets_of_catalog(level)
        if raw_regime and ruleset is None:
            fail(
                "regime",
                _("Quy chế “%(value)s” không hợp lệ; hãy ghi một trong: %(codes)s.")
                % {"value": raw_regime, "codes": ", ".join(Ruleset.values)},
            )
        elif ruleset is not None and allowed and ruleset not in allowed:
            fail(
                "regime",
                _(
                    "Danh mục %(level)s chỉ dùng cho năm học theo %(allowed)s, không dùng được theo %(regime)s; "
                    "hãy sửa quy chế hoặc cấp học."
                )
                % {
                    "level": CatalogLevel(level).label,
                    "allowed": _regime_names(allowed),
                    "regime": REGIMES[ruleset].short_name,
                },
            )

    audience = None
    if "audience" in positions and level is not None:
        raw_audience = cell_text(cell(values, "audience"))
        audience = _audience_lookup().get(header_key(raw_audience)) if raw_audience else None
        served = audiences_of_catalog(level)
        if raw_audience and audience is None:
            fail(
                "audience",
                _("Đối tượng “%(value)s” không hợp lệ; hãy ghi GV hoặc CBQL.") % {"value": raw_audience},
            )
        elif audience is not None and audience not in served:
            fail(
                "audience",
                _("Danh mục %(level)s dành cho %(served)s, không cho %(audience)s.")
                % {
                    "level": CatalogLevel(level).label,
                    "served": ", ".join(str(Audience(a).label).lower() for a in sorted(served)),
                    "audience": str(Audience(audience).label).lower(),
                },
            )
    if audience is not None:
        row_values["audience"] = audience
    elif module is None and level is not None:
        served = audiences_of_catalog(level)
        row_values["audience"] = next(iter(served)) if len(served) == 1 else Audience.TEACHER

    if len(result.errors) == errors_before:
        result.rows.append(ParsedRow(row=number, code=code, level=level, values=row_values, module=module))


def _parse_hours(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = cell_text(value)
    return plain_id(text)  # ASCII digits only: "²".isdigit() is true and int("²") raises


def catalog_apply(*, result, user):
    """Write a clean result in one transaction; counts go back into ``result``."""
    if result.errors or not result.rows:
        raise ModulesError(_("Tệp còn lỗi nên chưa nhập dòng nào."))
    if result.user_id != user.pk or not selectors.can_manage_catalog(user):
        raise ModulesError(_("Bạn không có quyền nhập danh mục mô đun."))
    owner = None if user.is_admin_role else selectors.user_department(user)
    with transaction.atomic():
        codes = [row.code for row in result.rows]
        current = {module.code.upper(): module for module in Module.objects.select_for_update().filter(code__in=codes)}
        sequence = next_sequence()
        for row in result.rows:
            module = current.get(row.code)
            if module is None:
                if row.module is not None:
                    raise ModulesError(_("Danh mục vừa bị thay đổi trong lúc nhập nên chưa ghi dòng nào."))
                Module(
                    code=row.code,
                    level=row.level,
                    audience=row.values.get("audience", Audience.TEACHER),
                    title=row.values.get("title", ""),
                    hours=row.values.get("hours", Module._meta.get_field("hours").default),
                    group=row.values.get("group", ""),
                    owner=owner,
                    source=_("Nhập từ Excel"),
                    sequence=sequence,
                ).save()
                sequence += 1
                result.created += 1
                continue
            if row.module is None or not selectors.can_edit_module(user, module):
                raise ModulesError(_("Danh mục vừa bị thay đổi trong lúc nhập nên chưa ghi dòng nào."))
            changed = [key for key, value in row.values.items() if getattr(module, key) != value]
            if not changed:
                result.unchanged += 1
                continue
            for key in changed:
                setattr(module, key, row.values[key])
            module.save()
            result.updated += 1
    return result


# ---------------------------------------------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------------------------------------------


def catalog_template_build(*, user):
    """The .xlsx to fill in, holding the modules the user may edit (active ones), and a guide sheet."""
    template = excel_import.ImportTemplate(sheet_title=DATA_SHEET_TITLE, columns=COLUMNS, max_rows=MAX_ROWS)
    modules = selectors.module_search(queryset=selectors.modules_visible_to(user=user))
    template.fill(
        (module.code, module.level, module.title, module.hours, module.group, module.audience, _regime_cell(module))
        for module in modules
        if selectors.can_edit_module(user, module)
    )
    template.guide_title(_("Hướng dẫn nhập danh mục mô đun"), widths=(22, 30, 80))
    template.guide_notes(
        [
            _("Trang “%(sheet)s” đang chứa danh mục hiện có. Sửa, thêm dòng rồi tải lên lại.")
            % {"sheet": DATA_SHEET_TITLE},
            _("Cùng mã mô đun thì cập nhật mô đun đã có; mã mới thì thêm mô đun địa phương của Sở."),
            _("Ô để trống thì giữ nguyên giá trị đang có. Mô đun ngừng sử dụng không bị thay đổi trạng thái khi nhập."),
            _("Hệ thống kiểm tra toàn bộ tệp trước; nếu có lỗi thì không ghi dòng nào và hiện bảng lỗi để sửa."),
            _("Tối đa %(rows)s dòng và %(size)s MB mỗi tệp.")
            % {"rows": MAX_ROWS, "size": MAX_FILE_BYTES // 1024 // 1024},
        ]
    )
    template.guide_columns()
    levels = template.guide_table(
        _("Mã cấp học (danh mục)"),
        [
            (value, str(label), _regime_names(rulesets_of_catalog(value)) or "—")
            for value, label in CatalogLevel.choices
        ],
    )
    template.validate("level", table=levels)
    audiences = template.guide_table(_("Mã đối tượng"), [(value, str(label)) for value, label in Audience.choices])
    template.validate("audience", table=audiences)
    regimes = template.guide_table(_("Mã quy chế"), [(value, str(label)) for value, label in Ruleset.choices])
    template.validate("regime", table=regimes)
    return template.content()


def _regime_cell(module):
    """The regime a module's row names in the template: its catalog's one regime, or empty when it serves both."""
    rulesets = rulesets_of_catalog(module.level)
    return next(iter(rulesets)) if len(rulesets) == 1 else ""

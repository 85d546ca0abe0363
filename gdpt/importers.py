"""LMS export import: the per-person, per-module status of the GDPT 2018 modules, as exported by the national LMS.

Columns, found by their header (case, diacritics and punctuation ignored, header within the first rows):
Mã cán bộ (or Mã định danh) | Họ và tên | Mô đun (MĐ1 or 1) | Trạng thái (Đã ghi danh / Hoàn thành / Đạt).
The whole file is checked first and nothing is written while any row has an error; then
``services.module_statuses_import`` writes every row in one transaction (a re-import updates the statuses).
"""

import re
from dataclasses import dataclass

from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scoping
from core import excel_import
from core.excel_import import Column, cell_text, header_key

from . import selectors, services
from .models import LmsStatus

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_SCANNED_ROWS = 200_000
LIMITS = excel_import.Limits(max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS, max_scanned_rows=MAX_SCANNED_ROWS)
LOOKUP_CHUNK = 900
XLSX_CONTENT_TYPE = excel_import.XLSX_CONTENT_TYPE
TEMPLATE_FILENAME = "mau-nhap-ket-qua-lms-gdpt-2018.xlsx"
GUIDE_SHEET_TITLE = excel_import.GUIDE_SHEET_TITLE


COLUMNS = (
    Column("code", gettext_lazy("Mã cán bộ"), width=16, aliases=("ma cb", "ma giao vien", "ma gv", "ma can bo gv")),
    Column(
        "ident",
        gettext_lazy("Mã định danh"),
        width=16,
        aliases=("ma so dinh danh", "so dinh danh", "ma dinh danh ca nhan", "ma dd"),
    ),
    Column("full_name", gettext_lazy("Họ và tên"), width=28, aliases=("ho ten", "ho va ten hoc vien", "hoc vien")),
    Column(
        "module", gettext_lazy("Mô đun"), required=True, width=10, aliases=("ma mo dun", "md", "module", "mo dun so")
    ),
    Column(
        "status",
        gettext_lazy("Trạng thái"),
        required=True,
        width=16,
        aliases=("tinh trang", "ket qua", "trang thai hoc tap", "trang thai hoan thanh"),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}

_STATUS_WORDS = {
    "da ghi danh": LmsStatus.ENROLLED,
    "ghi danh": LmsStatus.ENROLLED,
    "dang hoc": LmsStatus.ENROLLED,
    "chua hoan thanh": LmsStatus.ENROLLED,
    "hoan thanh": LmsStatus.COMPLETED,
    "da hoan thanh": LmsStatus.COMPLETED,
    "dat": LmsStatus.PASSED,
    "da dat": LmsStatus.PASSED,
    "chua ghi danh": LmsStatus.NOT_ENROLLED,
    "chua tham gia": LmsStatus.NOT_ENROLLED,
}
_MODULE_RE = re.compile(r"^(?:md|mo dun|module)?\s*0*([1-9])$")


@dataclass(frozen=True)
class ParsedRow:
    row: int
    staff_id: int
    module_id: int
    status: str
    lms_full_name: str


@dataclass
class ImportResult(excel_import.ImportResult):
    @property
    def ok(self):
        return not self.errors and bool(self.rows)


def _header_lookup():
    lookup = {}
    for column in COLUMNS:
        for name in (column.label, *column.aliases):
            lookup.setdefault(header_key(name), column)
    return lookup


def module_number(value):
    """1–9 from 'MĐ1', 'MD 1', 'Mô đun 1', '1' or 1; None when the text is not a module."""
    match = _MODULE_RE.match(header_key(cell_text(value)))
    return int(match[1]) if match else None


def status_from_text(value):
    return _STATUS_WORDS.get(header_key(cell_text(value)))


# ---------------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------------


def _looks_like_header(values, lookup):
    keys = {lookup[key].key for key in (header_key(cell_text(value)) for value in values) if key in lookup}
    return ("code" in keys or "ident" in keys) and ("module" in keys or "status" in keys)


def _staff_by_code(queryset, codes):
    """{CODE: Staff} for codes matched without regard to case, in chunks below the parameter limits."""
    found = {}
    codes = sorted(codes)
    for start in range(0, len(codes), LOOKUP_CHUNK):
        chunk = codes[start : start + LOOKUP_CHUNK]
        for staff in (
            queryset.annotate(code_upper=Upper("code"))
            .filter(code_upper__in=chunk)
            .only("pk", "code", "full_name", "unit_id")
        ):
            found[staff.code_upper] = staff
    return found


def lms_import_parse(*, file, user, progress=None):
    """Read and check the whole file; nothing is written. The result holds clean rows or every error found."""
    result = ImportResult(user_id=user.pk)
    lookup = _header_lookup()
    table = excel_import.read_table(
        file,
        result,
        columns=COLUMNS,
        # An LMS export may hold several sheets and a title: the header is looked for on each sheet in turn.
        is_header=lambda values: _looks_like_header(values, lookup),
        all_sheets=True,
        not_found=_(
            "Không tìm thấy dòng tiêu đề có các cột “Mã cán bộ” (hoặc “Mã định danh”), “Mô đun” và “Trạng thái”. "
            "Hãy dùng tệp xuất từ LMS hoặc tệp mẫu."
        ),
        hint=_("Hãy mở tệp xuất từ LMS bằng Excel và lưu dạng .xlsx."),
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        max_scanned_rows=MAX_SCANNED_ROWS,
        progress=progress,
    )
    if table is None:
        return result
    # The header row is recognised only with a "Mã cán bộ" or "Mã định danh" column, so one of them is there.
    rows, positions, cell = table.rows, table.positions, table.cell
    code_key = "code" if "code" in positions else "ident"

    codes = {cell_text(cell(values, code_key)).upper() for _number, values in rows} - {""}
    in_scope = _staff_by_code(scoping.visible_staff(user), codes)
    modules = {}
    for module in selectors.gdpt_modules():
        number = module_number(module.code)
        if number is not None:
            modules.setdefault(number, module)
    accepted = ", ".join(
        f"“{label}”" for label in (LmsStatus.ENROLLED.label, LmsStatus.COMPLETED.label, LmsStatus.PASSED.label)
    )
    seen = {}
    for number, values in rows:
        errors_before = len(result.errors)

        def fail(key, message, number=number):
            result.add(message, row=number, column=COLUMNS_BY_KEY[key], index=positions.get(key))

        code = cell_text(cell(values, code_key))
        staff = in_scope.get(code.upper())
        if not code:
            fail(code_key, _("Chưa có mã cán bộ."))
        elif staff is None:
            # One message whether the code is held elsewhere or nowhere: other units are never revealed.
            fail(code_key, _("Không có cán bộ nào mang mã “%(code)s” trong phạm vi của bạn.") % {"code": code})
        raw_module = cell(values, "module")
        module = modules.get(module_number(raw_module))
        if cell_text(raw_module) == "":
            fail("module", _("Chưa ghi mô đun."))
        elif module is None:
            fail(
                "module",
                _("Mô đun “%(value)s” không có trong danh sách mô đun GDPT 2018 (ghi MĐ1 … MĐ9 hoặc 1 … 9).")
                % {"value": cell_text(raw_module)},
            )
        raw_status = cell(values, "status")
        status = status_from_text(raw_status)
        if cell_text(raw_status) == "":
            fail("status", _("Chưa ghi trạng thái."))
        elif status is None:
            fail(
                "status",
                _("Trạng thái “%(value)s” không hợp lệ; ghi một trong: %(accepted)s.")
                % {"value": cell_text(raw_status), "accepted": accepted},
            )
        if staff is not None and module is not None:
            key = (staff.pk, module.pk)
            if key in seen:
                fail(
                    code_key,
                    _("Trùng dòng %(row)s: %(name)s đã có trạng thái mô đun %(module)s.")
                    % {"row": seen[key], "name": staff.full_name, "module": module.code},
                )
            else:
                seen[key] = number
        if len(result.errors) > errors_before:
            continue
        result.rows.append(
            ParsedRow(
                row=number,
                staff_id=staff.pk,
                module_id=module.pk,
                status=status,
                lms_full_name=cell_text(cell(values, "full_name"))[:128],
            )
        )
    if result.errors:
        result.rows = []
    return result


def lms_import_apply(*, result, user, filename=""):
    """Write a clean result in one transaction; a result with errors writes nothing."""
    if result.errors or not result.rows:
        raise services.GdptError(_("Tệp còn lỗi nên chưa nhập dòng nào."))
    if result.user_id != user.pk:
        raise services.GdptError(_("Kết quả kiểm tra tệp không thuộc về lần nhập này."))
    rows = [(row.staff_id, row.module_id, row.status, row.lms_full_name) for row in result.rows]
    return services.module_statuses_import(user=user, rows=rows, filename=filename)


# ---------------------------------------------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------------------------------------------


def lms_template_build():
    """An empty .xlsx with the header row the import understands, and a guide sheet."""
    template = excel_import.ImportTemplate(
        sheet_title="Kết quả LMS",
        columns=[COLUMNS_BY_KEY[key] for key in ("code", "full_name", "module", "status")],
        max_rows=MAX_ROWS,
    )
    template.guide_title(_("Hướng dẫn nhập kết quả bồi dưỡng mô đun GDPT 2018 từ LMS"), widths=(110,))
    template.guide_notes(
        [
            _("Có thể tải lên nguyên tệp xuất từ LMS: hệ thống tự tìm dòng tiêu đề và các cột cần dùng."),
            _("Cột “Mã cán bộ” (hoặc “Mã định danh”) phải khớp với mã cán bộ trong hệ thống BDTX."),
            _("Cột “Mô đun”: ghi MĐ1 … MĐ9 hoặc chỉ số 1 … 9."),
            _("Cột “Trạng thái”: Đã ghi danh, Hoàn thành hoặc Đạt (Chưa ghi danh cũng được chấp nhận)."),
            _("Mỗi người chỉ một dòng cho mỗi mô đun. Nhập lại tệp mới thì trạng thái được cập nhật."),
            _(
                "Hệ thống kiểm tra toàn bộ tệp trước; nếu có lỗi thì không ghi dòng nào "
                "và hiện bảng lỗi theo dòng, cột."
            ),
        ],
        wrap=True,
    )
    return template.content()

"""Staff import from Excel: a template to fill in, a parser that checks every row, an all-or-nothing apply.

``staff_import_parse`` reads and validates the whole file without writing anything; ``staff_import_apply``
writes a clean result in one transaction through ``services.staff_save`` so history records who did it.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bdtx.vietnamese import fold, nfc

from . import scoping
from .models import Gender, Level, Position, Staff
from .services import AccountsError, staff_save

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Rows read in all, blank ones included: a bound on the work a crafted or badly formatted file can cause.
MAX_SCANNED_ROWS = 100_000
# The header may sit below a title; it is looked for in the first few non-empty rows.
HEADER_SEARCH_ROWS = 10
MIN_BIRTH_YEAR = 1940
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_FILENAME = "mau-nhap-can-bo.xlsx"
DATA_SHEET_TITLE = "Danh sách"
GUIDE_SHEET_TITLE = "Hướng dẫn"

_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_TRUE_WORDS = {"x", "co", "1", "yes", "y", "true", "\u2713", "\u221a"}
_FALSE_WORDS = {"", "khong", "k", "0", "no", "n", "false"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    hint: str = ""
    required: bool = False
    width: int = 14
    aliases: tuple = ()
    guide: str = ""
    max_length: int | None = None

    @property
    def header(self):
        return f"{self.label} ({self.hint})" if self.hint else str(self.label)


COLUMNS = (
    Column(
        "code",
        gettext_lazy("Mã cán bộ"),
        required=True,
        width=14,
        aliases=("ma cb", "ma"),
        guide=gettext_lazy("Bắt buộc, không trùng. Dùng để nhận ra hồ sơ khi nhập lại: cùng mã thì cập nhật."),
        max_length=Staff._meta.get_field("code").max_length,
    ),
    Column(
        "full_name",
        gettext_lazy("Họ và tên"),
        required=True,
        width=28,
        aliases=("ho ten", "ho va ten can bo"),
        guide=gettext_lazy("Bắt buộc, ghi đầy đủ có dấu."),
        max_length=Staff._meta.get_field("full_name").max_length,
    ),
    Column(
        "birth_date",
        gettext_lazy("Ngày sinh"),
        hint="dd/mm/yyyy",
        width=22,
        guide=gettext_lazy("Dạng dd/mm/yyyy, ví dụ 05/09/1985, hoặc ô kiểu ngày của Excel. Năm sinh từ 1940."),
    ),
    Column(
        "birth_place",
        gettext_lazy("Nơi sinh"),
        width=22,
        max_length=Staff._meta.get_field("birth_place").max_length,
    ),
    Column(
        "gender",
        gettext_lazy("Giới tính"),
        hint="Nam/Nữ",
        width=18,
        guide=gettext_lazy("Ghi Nam hoặc Nữ."),
    ),
    Column(
        "unit",
        gettext_lazy("Mã trường"),
        required=True,
        width=12,
        aliases=("ma don vi",),
        guide=gettext_lazy("Bắt buộc. Mã của một trường trong bảng “Các trường bạn được quản lý” bên dưới."),
    ),
    Column(
        "position",
        gettext_lazy("Chức vụ"),
        required=True,
        width=10,
        guide=gettext_lazy("Bắt buộc. Một trong các mã ở bảng “Mã chức vụ”."),
    ),
    Column(
        "level",
        gettext_lazy("Cấp học"),
        required=True,
        width=10,
        guide=gettext_lazy(
            "Một trong các mã ở bảng “Mã cấp học”, phải là cấp học của trường. Để trống nếu trường chỉ có một cấp học."
        ),
    ),
    Column(
        "subject_group",
        gettext_lazy("Tổ chuyên môn"),
        width=22,
        aliases=("to",),
        max_length=Staff._meta.get_field("subject_group").max_length,
    ),
    Column(
        "is_core_teacher",
        gettext_lazy("Cốt cán"),
        hint="x",
        width=12,
        aliases=("giao vien cot can", "gv cot can"),
        guide=gettext_lazy("Ghi x nếu là giáo viên cốt cán, để trống nếu không."),
    ),
    Column(
        "is_active",
        gettext_lazy("Đang công tác"),
        hint="x",
        width=17,
        guide=gettext_lazy(
            "Ghi x nếu đang công tác; để trống nghĩa là đã nghỉ. "
            "Bỏ hẳn cột này thì hồ sơ đã có giữ nguyên, hồ sơ mới được coi là đang công tác."
        ),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
# Fields written to the staff record; "code" identifies it and is never changed by an import.
IMPORTED_FIELDS = [column.key for column in COLUMNS if column.key != "code"]


@dataclass(frozen=True)
class RowError:
    """One problem, shown as a line of the error table: Excel row number, column label and letter, message."""

    row: int | None
    column: str
    letter: str
    message: str


@dataclass
class ParsedRow:
    row: int
    code: str
    values: dict
    staff: Staff | None = None


@dataclass
class ImportResult:
    user_id: int | None
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def add(self, message, *, row=None, column=None, letter=""):
        label = str(column.label) if column is not None else ""
        self.errors.append(RowError(row=row, column=label, letter=letter, message=str(message)))


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


# ---------------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------------


def _header_key(text):
    """'Ngày sinh (dd/mm/yyyy)' → 'ngay sinh': folded, hints in brackets and punctuation dropped."""
    folded = fold(str(text))
    folded = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", folded)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _header_lookup():
    lookup = {}
    for column in COLUMNS:
        for name in (column.label, column.header, *column.aliases):
            lookup.setdefault(_header_key(name), column)
    return lookup


def _text(value):
    """A cell as clean text: numbers without a spurious '.0', whitespace collapsed, NFC."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(nfc(str(value)).split())


def _number(value):
    """20000 → '20.000', the Vietnamese way."""
    return f"{value:,}".replace(",", ".")


def _is_blank(values):
    return all(_text(value) == "" for value in values)


def _file_size(file):
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
    return size


def _data_sheet(workbook):
    sheets = [sheet for sheet in workbook.worksheets if _header_key(sheet.title) != _header_key(GUIDE_SHEET_TITLE)]
    return sheets[0] if sheets else None


def _read_sheet(sheet, result):
    """(header row number, header cells, [(row number, cells), …]), or None after recording an error.

    The header is the first non-empty row holding a "Mã cán bộ" column among the first few, so a title above
    it is skipped; without such a row the first non-empty row is taken and the missing columns are reported.
    """
    code_key = _header_key(COLUMNS_BY_KEY["code"].label)
    # Some programs write a wrong <dimension>; read-only mode would trust it and cut rows short.
    sheet.reset_dimensions()
    pending, header, rows = [], None, []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_SCANNED_ROWS:
            result.add(
                _("Bảng tính có quá nhiều dòng (kể cả dòng trống, tối đa %(max)s). Hãy xoá các dòng thừa ở cuối bảng.")
                % {"max": _number(MAX_SCANNED_ROWS)}
            )
            return None
        if _is_blank(values):
            continue
        if header is None:
            pending.append((number, values))
            if code_key in {_header_key(_text(value)) for value in values}:
                header = (number, values)
            elif len(pending) == HEADER_SEARCH_ROWS:
                header, rows = pending[0], pending[1:]
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            result.add(
                _("Tệp có quá nhiều dòng: tối đa %(max)s dòng dữ liệu mỗi lần nhập. Hãy chia thành nhiều tệp.")
                % {"max": _number(MAX_ROWS)}
            )
            return None
    if header is None:
        if not pending:
            result.add(_("Tệp không có dữ liệu."))
            return None
        header, rows = pending[0], pending[1:]
    return header[0], header[1], rows


def _map_header(header_number, header, result):
    """{column key: cell index}; records repeated columns and missing required ones."""
    lookup = _header_lookup()
    positions = {}
    for index, value in enumerate(header):
        column = lookup.get(_header_key(_text(value)))
        if column is None:
            continue
        if column.key in positions:
            result.add(
                _("Cột “%(column)s” xuất hiện hai lần (cột %(first)s và %(second)s).")
                % {
                    "column": column.label,
                    "first": get_column_letter(positions[column.key] + 1),
                    "second": get_column_letter(index + 1),
                },
                row=header_number,
                column=column,
                letter=get_column_letter(index + 1),
            )
            continue
        positions[column.key] = index
    for column in COLUMNS:
        if column.required and column.key not in positions:
            result.add(
                _("Thiếu cột “%(column)s” trong dòng tiêu đề.") % {"column": column.label},
                row=header_number,
                column=column,
            )
    return positions


# ---------------------------------------------------------------------------------------------------------------
# Checking one cell
# ---------------------------------------------------------------------------------------------------------------


class _CellError(Exception):
    """A cell that cannot be read; the message is shown as is."""


def _choice_lookup(choices):
    lookup = {}
    for value, label in choices:
        lookup[fold(value)] = value
        lookup.setdefault(fold(str(label)), value)
    return lookup


def _parse_date(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    elif isinstance(value, str) and (match := _DATE_RE.match(value.strip())):
        day, month, year = (int(part) for part in match.groups())
        try:
            date = dt.date(year, month, day)
        except ValueError:
            raise _CellError(_("Ngày sinh “%(value)s” không có trên lịch.") % {"value": _text(value)}) from None
    else:
        # Anything else, plain numbers included (an Excel serial without a date format, 1985 …), is not guessed.
        raise _CellError(
            _("Ngày sinh “%(value)s” không hợp lệ; hãy ghi theo dạng dd/mm/yyyy, ví dụ 05/09/1985.")
            % {"value": _text(value)}
        )
    if date > timezone.localdate() or date.year < MIN_BIRTH_YEAR:
        shown = {"value": date.strftime("%d/%m/%Y"), "year": MIN_BIRTH_YEAR}
        if date.year < MIN_BIRTH_YEAR:
            raise _CellError(_("Ngày sinh %(value)s trước năm %(year)s; hãy kiểm tra lại.") % shown)
        raise _CellError(_("Ngày sinh %(value)s ở tương lai.") % shown)
    return date


def _parse_flag(value):
    if isinstance(value, bool):
        return value
    word = fold(_text(value))
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise _CellError(_("Giá trị “%(value)s” không hợp lệ; ghi x hoặc để trống.") % {"value": _text(value)})


class _RowChecker:
    """Checks the cells of one row against the prefetched schools and staff; runs no queries."""

    def __init__(self, *, positions, schools, existing, manageable_ids, result):
        self.positions = positions
        self.schools = schools
        self.existing = existing
        self.manageable_ids = manageable_ids
        self.result = result
        self.seen_codes = {}
        self.position_lookup = _choice_lookup(Position.choices)
        self.level_lookup = _choice_lookup(Level.choices)
        self.gender_lookup = _choice_lookup(Gender.choices)
        self.position_codes, self.level_codes = Position.values, Level.values
        self.number = None
        self.values = ()

    def raw(self, key):
        index = self.positions.get(key)
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def fail(self, key, message):
        self.result.add(
            message, row=self.number, column=COLUMNS_BY_KEY[key], letter=get_column_letter(self.positions[key] + 1)
        )

    def text(self, key):
        value = _text(self.raw(key))
        column = COLUMNS_BY_KEY[key]
        if column.max_length and len(value) > column.max_length:
            self.fail(
                key, _("“%(column)s” dài quá %(max)s ký tự.") % {"column": column.label, "max": column.max_length}
            )
        return value

    def check(self, number, values):
        """Record the row's errors, or append it to the result's clean rows."""
        self.number, self.values = number, values
        errors_before = len(self.result.errors)
        cleaned = {}
        code, staff = self.check_code()
        cleaned["full_name"] = self.text("full_name")
        if not cleaned["full_name"]:
            self.fail("full_name", _("Chưa nhập họ và tên."))
        for key, parse in (("birth_date", _parse_date), ("is_core_teacher", _parse_flag), ("is_active", _parse_flag)):
            if key in self.positions:
                try:
                    cleaned[key] = parse(self.raw(key))
                except _CellError as error:
                    self.fail(key, str(error))
        for key in ("birth_place", "subject_group"):
            if key in self.positions:
                cleaned[key] = self.text(key)
        if "gender" in self.positions:
            raw = _text(self.raw("gender"))
            gender = self.gender_lookup.get(fold(raw)) if raw else ""
            if gender is None:
                self.fail("gender", _("Giới tính “%(value)s” không hợp lệ; ghi Nam hoặc Nữ.") % {"value": raw})
            else:
                cleaned["gender"] = gender
        school = self.check_school()
        position = self.check_choice("position", self.position_lookup, self.position_codes)
        level = self.check_level(school)
        for key, value in (("unit", school), ("position", position), ("level", level)):
            if value is not None:
                cleaned[key] = value
        if len(self.result.errors) == errors_before:
            self.result.rows.append(ParsedRow(row=number, code=code, values=cleaned, staff=staff))

    def check_code(self):
        """(code, existing record in scope or None)."""
        code = self.text("code")
        if not code:
            self.fail("code", _("Chưa nhập mã cán bộ."))
            return code, None
        if code in self.seen_codes:
            self.fail(
                "code",
                _("Mã cán bộ “%(code)s” bị trùng với dòng %(row)s.") % {"code": code, "row": self.seen_codes[code]},
            )
            return code, None
        self.seen_codes[code] = self.number
        staff = self.existing.get(code)
        if staff is not None and staff.pk not in self.manageable_ids:
            self.fail("code", _("Mã cán bộ đã thuộc đơn vị ngoài phạm vi quản lý."))
            return code, None
        return code, staff

    def check_school(self):
        code = _text(self.raw("unit"))
        if not code:
            self.fail("unit", _("Chưa nhập mã trường."))
            return None
        school = self.schools.get(code) or self.schools.get(code.upper())
        if school is None:
            # The same words whether the school exists elsewhere or not at all: other units are never revealed.
            self.fail("unit", _("Mã trường không tồn tại hoặc ngoài phạm vi quản lý."))
        return school

    def check_choice(self, key, lookup, codes):
        raw = _text(self.raw(key))
        if not raw:
            missing = {"position": _("Chưa nhập chức vụ."), "level": _("Chưa nhập cấp học.")}
            self.fail(key, missing[key])
            return None
        value = lookup.get(fold(raw))
        if value is None:
            self.fail(
                key,
                _("%(column)s “%(value)s” không hợp lệ; dùng một trong các mã: %(codes)s.")
                % {"column": COLUMNS_BY_KEY[key].label, "value": raw, "codes": ", ".join(codes)},
            )
        return value

    def check_level(self, school):
        raw = _text(self.raw("level"))
        if not raw and school is not None and len(school.level_list) == 1:
            return school.level_list[0]
        level = self.check_choice("level", self.level_lookup, self.level_codes)
        if level is not None and school is not None and school.level_list and level not in school.level_list:
            self.fail(
                "level",
                _("Trường %(school)s không có cấp học %(level)s (chỉ có: %(levels)s).")
                % {"school": school.code, "level": level, "levels": ", ".join(school.level_list)},
            )
            return None
        return level


# ---------------------------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------------------------


def staff_import_parse(*, file, user):
    """Read and check the whole file; nothing is written. The result holds clean rows or every error found."""
    result = ImportResult(user_id=user.pk)
    size = _file_size(file)
    if size == 0:
        result.add(_("Tệp tải lên trống rỗng."))
        return result
    if size > MAX_FILE_BYTES:
        result.add(
            _("Tệp quá lớn (%(size)s MB); tối đa %(max)s MB mỗi lần nhập. Hãy chia thành nhiều tệp.")
            % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "max": MAX_FILE_BYTES // 1024 // 1024}
        )
        return result

    try:
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means the content is not a workbook
        result.add(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ."))
        return result
    try:
        sheet = _data_sheet(workbook)
        read = _read_sheet(sheet, result) if sheet is not None else None
        if sheet is None:
            result.add(_("Tệp không có dữ liệu."))
    except Exception:  # noqa: BLE001 - a damaged part inside the archive shows up while reading
        result.errors.clear()
        result.add(_("Tệp không phải là tệp Excel (.xlsx) hợp lệ."))
        return result
    finally:
        workbook.close()
    if read is None:
        return result

    header_number, header, rows = read
    positions = _map_header(header_number, header, result)
    if result.errors:
        return result
    if not rows:
        result.add(_("Không có dòng dữ liệu nào dưới dòng tiêu đề."), row=header_number)
        return result

    def column_texts(key):
        index = positions[key]
        return {_text(values[index]) for _, values in rows if index < len(values)} - {""}

    codes = column_texts("code")
    school_codes = column_texts("unit")
    school_codes |= {code.upper() for code in school_codes}
    # Three queries whatever the size of the file: schools in scope, staff by code, which of those are in scope.
    schools = {school.code: school for school in scoping.manageable_schools(user).filter(code__in=school_codes)}
    existing = {staff.code: staff for staff in Staff.objects.filter(code__in=codes)}
    manageable_ids = (
        set(scoping.manageable_staff(user).filter(code__in=codes).values_list("pk", flat=True)) if existing else set()
    )

    checker = _RowChecker(
        positions=positions, schools=schools, existing=existing, manageable_ids=manageable_ids, result=result
    )
    for number, values in rows:
        checker.check(number, values)
    return result


def _changed_fields(staff, values):
    changed = []
    for key, value in values.items():
        current = staff.unit_id if key == "unit" else getattr(staff, key)
        new = value.pk if key == "unit" else value
        if current != new:
            changed.append(key)
    return changed


def staff_import_apply(*, result, user):
    """Write a clean result in one transaction: new codes are created, changed records updated, the rest untouched."""
    if result.errors or not result.rows:
        raise AccountsError(_("Tệp còn lỗi nên chưa nhập dòng nào."))
    if result.user_id != user.pk or not scoping.can_manage_staff(user):
        raise AccountsError(_("Bạn không có quyền nhập danh sách cán bộ này."))
    counts = ImportCounts()
    reason = _("Nhập từ Excel")
    with transaction.atomic():
        for row in result.rows:
            staff = row.staff
            if staff is None:
                staff = Staff(code=row.code)
                changed = list(row.values)
            else:
                changed = _changed_fields(staff, row.values)
                if not changed:
                    counts.unchanged += 1
                    continue
            for key in changed:
                setattr(staff, key, row.values[key])
            is_new = staff.pk is None
            staff_save(staff=staff, changed_by=user, reason=reason)
            if is_new:
                counts.created += 1
            else:
                counts.updated += 1
    return counts


# ---------------------------------------------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _put(sheet, row, column, value, *, bold=False):
    """Write a cell; text is stored as text, so a value starting with = + - @ never becomes a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = _BOLD
    return cell


def staff_import_template_build(*, user):
    """The .xlsx to fill in: the header row on the first sheet, explanations and the user's schools on the second."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET_TITLE
    for index, column in enumerate(COLUMNS, start=1):
        cell = _put(sheet, 1, index, column.header, bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.key in ("code", "birth_date", "unit"):
            # Kept as text so leading zeros stay and dates are read as typed, dd/mm/yyyy.
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(GUIDE_SHEET_TITLE)
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 40
    guide.column_dimensions["C"].width = 70
    row = 1
    _put(guide, row, 1, _("Hướng dẫn nhập danh sách cán bộ, giáo viên"), bold=True).font = Font(bold=True, size=14)
    row += 2
    notes = [
        _("Mỗi cán bộ ghi trên một dòng của trang “%(sheet)s”, bắt đầu từ dòng 2. Giữ nguyên dòng tiêu đề.")
        % {"sheet": DATA_SHEET_TITLE},
        _("Nhập lại tệp có cùng mã cán bộ sẽ cập nhật hồ sơ đã có, không tạo hồ sơ trùng."),
        _("Hệ thống kiểm tra toàn bộ tệp trước; nếu có lỗi thì không ghi dòng nào và hiện bảng lỗi để sửa."),
        _("Cột không bắt buộc có thể bỏ đi; khi đó thông tin tương ứng của hồ sơ đã có được giữ nguyên."),
        _("Tối đa %(rows)s dòng và %(size)s MB mỗi tệp.")
        % {"rows": _number(MAX_ROWS), "size": MAX_FILE_BYTES // 1024 // 1024},
    ]
    for note in notes:
        _put(guide, row, 1, f"• {note}")
        row += 1
    row += 1

    for index, title in enumerate((_("Cột"), _("Bắt buộc"), _("Cách ghi")), start=1):
        _put(guide, row, index, title, bold=True).fill = _HEADER_FILL
    row += 1
    for column in COLUMNS:
        _put(guide, row, 1, column.header)
        _put(guide, row, 2, _("Bắt buộc") if column.required else "")
        _put(guide, row, 3, str(column.guide)).alignment = _WRAP
        row += 1
    row += 1

    def code_table(title, choices):
        nonlocal row
        _put(guide, row, 1, title, bold=True)
        row += 1
        first = row
        for value, label in choices:
            _put(guide, row, 1, value)
            _put(guide, row, 2, str(label))
            row += 1
        row += 1
        return first, row - 2

    position_rows = code_table(_("Mã chức vụ"), Position.choices)
    level_rows = code_table(_("Mã cấp học"), Level.choices)

    _put(guide, row, 1, _("Các trường bạn được quản lý"), bold=True)
    row += 1
    for index, title in enumerate((_("Mã trường"), _("Tên trường"), _("Cấp học")), start=1):
        _put(guide, row, index, title, bold=True).fill = _HEADER_FILL
    row += 1
    school_first = row
    for school in scoping.manageable_schools(user).order_by("path"):
        _put(guide, row, 1, school.code)
        _put(guide, row, 2, school.name)
        _put(guide, row, 3, ", ".join(school.level_list))
        row += 1
    school_last = row - 1

    last_row = MAX_ROWS + 1
    quoted = f"'{GUIDE_SHEET_TITLE}'"
    lists = {
        "position": f"{quoted}!$A${position_rows[0]}:$A${position_rows[1]}",
        "level": f"{quoted}!$A${level_rows[0]}:$A${level_rows[1]}",
        "gender": '"Nam,Nữ"',
        "is_core_teacher": '"x"',
        "is_active": '"x"',
    }
    if school_last >= school_first:
        lists["unit"] = f"{quoted}!$A${school_first}:$A${school_last}"
    for index, column in enumerate(COLUMNS, start=1):
        if column.key not in lists:
            continue
        validation = DataValidation(type="list", formula1=lists[column.key], allow_blank=True, showErrorMessage=True)
        validation.errorStyle = "warning"
        validation.errorTitle = str(_("Giá trị chưa đúng"))
        validation.error = str(_("Giá trị này không có trong danh sách; xem trang “Hướng dẫn”."))
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""Staff import from Excel: a template to fill in, a parser that checks every row, an all-or-nothing apply.

``staff_import_parse`` reads and validates the whole file without writing anything; ``staff_import_apply``
writes a clean result in one transaction, in batches with their history records (who did it, and why).
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from accounts import scoping
from accounts.models import Gender, Level, Position, Staff
from accounts.services import AUTHORITY_FIELDS, OWN_AUTHORITY_REFUSED, AccountsError, accounts_follow_staff
from audit import services as audit
from core import excel_import
from core.excel_import import Column, ImportResult, cell_text, has_column, imported_message, thousands
from core.vietnamese import fold

from . import signals
from .onboarding import accounts_for_staff

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Rows read in all, blank ones included: a bound on the work a crafted or badly formatted file can cause.
MAX_SCANNED_ROWS = 100_000
LIMITS = excel_import.Limits(max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS, max_scanned_rows=MAX_SCANNED_ROWS)
MIN_BIRTH_YEAR = 1940
# Staff records per batch (with their history rows).
WRITE_BATCH = 500
XLSX_CONTENT_TYPE = excel_import.XLSX_CONTENT_TYPE
TEMPLATE_FILENAME = "mau-nhap-can-bo.xlsx"
DATA_SHEET_TITLE = "Danh sách"
GUIDE_SHEET_TITLE = excel_import.GUIDE_SHEET_TITLE

_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_TRUE_WORDS = {"x", "co", "1", "yes", "y", "true", "\u2713", "\u221a"}
_FALSE_WORDS = {"", "khong", "k", "0", "no", "n", "false"}


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
            "Bắt buộc có cột. Một trong các mã ở bảng “Mã cấp học”, phải là cấp học của trường; ô để trống được nếu "
            "trường chỉ có một cấp học."
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
        "id_number",
        gettext_lazy("Mã định danh (CCCD)"),
        width=16,
        aliases=("cccd", "ma dinh danh", "so cccd", "can cuoc"),
        guide=gettext_lazy("12 chữ số của căn cước công dân (mã định danh cá nhân). Không bắt buộc."),
        max_length=Staff._meta.get_field("id_number").max_length,
    ),
    Column(
        "email",
        gettext_lazy("E-mail"),
        width=26,
        aliases=("email", "thu dien tu"),
        guide=gettext_lazy("Không bắt buộc. Có e-mail thì người đó tự lấy lại được mật khẩu khi quên."),
        max_length=Staff._meta.get_field("email").max_length,
    ),
    Column(
        "phone",
        gettext_lazy("Điện thoại"),
        width=14,
        aliases=("so dien thoai", "sdt", "dien thoai di dong"),
        guide=gettext_lazy("Không bắt buộc; 9 đến 11 chữ số, có thể bắt đầu bằng +84."),
        max_length=Staff._meta.get_field("phone").max_length,
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


@dataclass
class ParsedRow:
    row: int
    code: str
    values: dict
    staff: Staff | None = None


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    accounts: int = 0  # accounts made for people of the file who had none

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


# ---------------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------------


def _text(value):
    """A cell as clean text, with an Excel tick box as 'x' or '' and a date cell as dd/mm/yyyy."""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return cell_text(value)


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


def _check_id_number(text):
    if text and not re.fullmatch(r"\d{12}", text):
        raise _CellError(_("Mã định danh (CCCD) gồm đúng 12 chữ số."))
    return text


def _check_email(text):
    try:
        validate_email(text) if text else None
    except ValidationError:
        raise _CellError(_("E-mail “%(value)s” không đúng dạng.") % {"value": text}) from None
    return text.lower()


def _check_phone(text):
    digits = re.sub(r"[\s.()-]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if text and not re.fullmatch(r"0\d{8,10}", digits):
        raise _CellError(_("Số điện thoại “%(value)s” không đúng: 9 đến 11 chữ số.") % {"value": text})
    return digits


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

    def __init__(self, *, table, schools, existing, manageable_ids, result, own_staff_id=None):
        self.table = table
        # The importer's own record, whose position, school and status only someone else may change.
        self.own_staff_id = own_staff_id
        self.positions = table.positions
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
        return self.table.cell(self.values, key)

    def fail(self, key, message):
        self.result.add(message, row=self.number, column=COLUMNS_BY_KEY[key], index=self.positions[key])

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
        for key, check in (("id_number", _check_id_number), ("email", _check_email), ("phone", _check_phone)):
            if key in self.positions:
                try:
                    cleaned[key] = check(self.text(key))
                except _CellError as error:
                    self.fail(key, str(error))
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
        if staff is not None and staff.pk == self.own_staff_id:
            self.check_own_authority(staff, cleaned)
        if len(self.result.errors) == errors_before:
            self.result.rows.append(ParsedRow(row=number, code=code, values=cleaned, staff=staff))

    def check_own_authority(self, staff, cleaned):
        for key in AUTHORITY_FIELDS:
            if key not in cleaned:
                continue
            current = staff.unit_id if key == "unit" else getattr(staff, key)
            new = cleaned[key].pk if key == "unit" else cleaned[key]
            if current != new:
                self.fail(key, str(OWN_AUTHORITY_REFUSED))
                return

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
            # Codes are unique, so the row is refused; the words never say where the code is held.
            self.fail(
                "code", _("Mã cán bộ này không dùng được. Hãy kiểm tra lại mã; nếu mã đúng, hãy báo cấp quản lý.")
            )
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


def staff_import_parse(*, file, user, progress=None):
    """Read and check the whole file; nothing is written. The result holds clean rows or every error found.

    ``progress(rows read)`` is called now and then while reading (a background import shows it).
    """
    result = ImportResult(user_id=user.pk)
    table = excel_import.read_table(
        file,
        result,
        columns=COLUMNS,
        # The header is the first row holding a "Mã cán bộ" column; without one, the first non-empty row.
        is_header=lambda values: has_column(values, COLUMNS_BY_KEY["code"]),
        guess_header=True,
        text=_text,
        max_bytes=MAX_FILE_BYTES,
        max_rows=MAX_ROWS,
        max_scanned_rows=MAX_SCANNED_ROWS,
        duplicate=_("Cột “%(column)s” xuất hiện hai lần (cột %(first)s và %(second)s)."),
        progress=progress,
    )
    if table is None:
        return result
    positions, rows = table.positions, table.rows

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
        table=table,
        schools=schools,
        existing=existing,
        manageable_ids=manageable_ids,
        result=result,
        own_staff_id=None if user.is_admin_role else user.staff_id,
    )
    if progress is not None:
        progress(0, len(rows))
    for index, (number, values) in enumerate(rows, start=1):
        checker.check(number, values)
        if progress is not None and index % excel_import.PROGRESS_ROWS == 0:
            progress(index, len(rows))
    return result


def _changed_fields(staff, values):
    changed = []
    for key, value in values.items():
        current = staff.unit_id if key == "unit" else getattr(staff, key)
        new = value.pk if key == "unit" else value
        if current != new:
            changed.append(key)
    return changed


def staff_import_apply(*, result, user, progress=None):
    """Write a clean result in one transaction: new codes are created, changed records updated, the rest untouched.

    Rows go in batches, each with its history records (who, when, “Nhập từ Excel”); ``progress(done, total)``
    follows the batches.
    """
    if result.errors or not result.rows:
        raise AccountsError(_("Tệp còn lỗi nên chưa nhập dòng nào."))
    if result.user_id != user.pk or not scoping.can_manage_staff(user):
        raise AccountsError(_("Bạn không có quyền nhập danh sách cán bộ này."))
    counts = ImportCounts()
    reason = _("Nhập từ Excel")
    total = len(result.rows)
    with transaction.atomic():
        for start in range(0, total, WRITE_BATCH):
            created, updated, moved, logged = [], [], [], []
            for row in result.rows[start : start + WRITE_BATCH]:
                staff = row.staff
                if staff is None:
                    staff = Staff(code=row.code, **row.values)
                    staff.refresh_derived()
                    created.append(staff)
                    continue
                changed = _changed_fields(staff, row.values)
                if not changed:
                    counts.unchanged += 1
                    continue
                for key in changed:
                    setattr(staff, key, row.values[key])
                staff.refresh_derived()
                if "full_name" in changed:
                    changed = {*changed, *Staff.NAME_DERIVED_FIELDS}
                # One plain UPDATE per record: Django's bulk_update builds a CASE per field and row, ten times slower.
                Staff.objects.filter(pk=staff.pk).update(**{key: getattr(staff, key) for key in changed})
                updated.append(staff)
                logged.append(_audit_entry("accounts.staff.changed", staff, user, reason, changed))
                if "unit" in changed:
                    moved.append(staff.pk)
            if created:
                bulk_create_with_history(
                    created, Staff, batch_size=WRITE_BATCH, default_user=user, default_change_reason=reason
                )
            if updated:
                Staff.history.bulk_history_create(
                    updated, batch_size=WRITE_BATCH, update=True, default_user=user, default_change_reason=reason
                )
            # Bulk history rows send no signal: the audit log gets its entries here, in one INSERT per batch.
            logged += [_audit_entry("accounts.staff.created", staff, user, reason) for staff in created]
            audit.record_bulk(logged)
            accounts_follow_staff(moved + [staff.pk for staff in updated if staff.pk not in moved])
            counts.created += len(created)
            counts.updated += len(updated)
            if progress is not None:
                progress(min(start + WRITE_BATCH, total), total)
        # A core teacher is a designation of the year (coreteachers holds that one truth); the column asks for one.
        flags = {row.code: row.values["is_core_teacher"] for row in result.rows if "is_core_teacher" in row.values}
        if flags:
            signals.core_teacher_flags_imported.send(sender=Staff, flags_by_code=flags, by=user)
        # Every active person of the file has an account afterwards (those who had none get one now).
        codes = [row.code for row in result.rows]
        for start in range(0, len(codes), WRITE_BATCH):
            ids = Staff.objects.filter(code__in=codes[start : start + WRITE_BATCH]).values_list("pk", flat=True)
            counts.accounts += accounts_for_staff(staff_ids=list(ids), by=user)
    return counts


def _audit_entry(action, staff, user, reason, changed=()):
    """The audit entry of one imported record; a change lists the new value of each field the file changed."""
    fields = [Staff._meta.get_field(name) for name in sorted(changed) if name not in Staff.NAME_DERIVED_FIELDS]
    after = {str(field.verbose_name): _shown(staff, field) for field in fields if field.editable}
    return audit.entry(
        action, actor=user, obj=staff, unit=staff.unit_id, person=staff, after=after or None, reason=reason
    )


def _shown(staff, field):
    """A field's value as a reader reads it: a choice by its label, a unit by its name."""
    return str(staff._get_FIELD_display(field) if field.choices else getattr(staff, field.name))


# ---------------------------------------------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------------------------------------------


def staff_import_template_build(*, user):
    """The .xlsx to fill in: the header row on the first sheet, explanations and the user's schools on the second."""
    # Code, date and school kept as text so leading zeros stay and dates are read as typed, dd/mm/yyyy.
    template = excel_import.ImportTemplate(
        sheet_title=DATA_SHEET_TITLE, columns=COLUMNS, max_rows=MAX_ROWS, text_keys=("code", "birth_date", "unit")
    )
    template.guide_title(_("Hướng dẫn nhập danh sách cán bộ, giáo viên"), widths=(24, 40, 70))
    template.guide_notes(
        [
            _("Mỗi cán bộ ghi trên một dòng của trang “%(sheet)s”, bắt đầu từ dòng 2. Giữ nguyên dòng tiêu đề.")
            % {"sheet": DATA_SHEET_TITLE},
            _("Nhập lại tệp có cùng mã cán bộ sẽ cập nhật hồ sơ đã có, không tạo hồ sơ trùng."),
            _("Hệ thống kiểm tra toàn bộ tệp trước; nếu có lỗi thì không ghi dòng nào và hiện bảng lỗi để sửa."),
            _("Cột không bắt buộc có thể bỏ đi; khi đó thông tin tương ứng của hồ sơ đã có được giữ nguyên."),
            _("Tối đa %(rows)s dòng và %(size)s MB mỗi tệp.")
            % {"rows": thousands(MAX_ROWS), "size": MAX_FILE_BYTES // 1024 // 1024},
        ]
    )
    template.guide_columns()
    positions = template.guide_table(_("Mã chức vụ"), [(value, str(label)) for value, label in Position.choices])
    levels = template.guide_table(_("Mã cấp học"), [(value, str(label)) for value, label in Level.choices])
    schools = template.guide_table(
        _("Các trường bạn được quản lý"),
        [
            (school.code, school.name, ", ".join(school.level_list))
            for school in scoping.manageable_schools(user).order_by("path")
        ],
        headers=(_("Mã trường"), _("Tên trường"), _("Cấp học")),
    )
    template.validate("position", table=positions)
    template.validate("level", table=levels)
    template.validate("gender", values=("Nam", "Nữ"))
    template.validate("is_core_teacher", values=("x",))
    template.validate("is_active", values=("x",))
    if schools is not None:
        template.validate("unit", table=schools)
    return template.content()


def imported_summary(counts):
    """The import's summary, with the accounts it made and where their first passwords are printed."""
    message = imported_message(counts)
    if counts.accounts:
        message += " " + _(
            "%(n)s tài khoản mới (tên đăng nhập là mã cán bộ viết thường): mật khẩu lần đầu in ở mục “Tài khoản chờ "
            "đăng nhập lần đầu”, hiệu trưởng in cho cán bộ, giáo viên của trường, đơn vị cấp trên in cho hiệu trưởng."
        ) % {"n": thousands(counts.accounts)}
    return message

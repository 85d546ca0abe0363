"""What the Excel importers share: opening an upload by content, finding the header row, reading cells, errors.

Each importer (accounts, modules, assessment, gdpt) keeps its own columns, row checks and apply step; this module
holds the steps that are the same for all of them, and ``ImportTemplate``, the one builder of the .xlsx each import
offers to fill in. Every check of a whole file runs the same way:

1. ``read_workbook`` refuses an empty or too large upload, an archive whose own figures exceed the import's
   ``Limits`` (``check_archive``: uncompressed size, rows, columns, cells, shared strings, read before openpyxl
   parses anything) and anything openpyxl cannot open, whatever its name;
2. inside it, the importer picks a sheet and ``scan_sheet`` finds the header row (possibly below a title) and
   collects the non-empty rows under it, within row limits;
3. ``map_header`` finds the columns by name (case, diacritics, punctuation and bracketed hints ignored);
4. the importer checks each row and records problems with ``ImportResult.add`` (row, column, message).
"""

import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.excel_text import put_cell
from core.vietnamese import fold, nfc

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GUIDE_SHEET_TITLE = "Hướng dẫn"
# The header may sit below a title; it is looked for in the first few non-empty rows.
HEADER_SEARCH_ROWS = 10

# Bounds on what an upload may hold, checked on the archive before openpyxl parses it: a few hundred KB can
# declare or hold millions of cells, which took minutes and gigabytes to read (issue 12).
MAX_COLUMNS = 256  # Excel 2003's last column (IV); the imports need a dozen
CELLS_PER_DATA_ROW = 40  # cells allowed per data row of the import, blank rows' included
STRINGS_PER_DATA_ROW = 10  # distinct texts (openpyxl keeps them all in memory) per data row
MAX_PARTS = 1000  # files inside the archive (an ordinary workbook holds about ten)
MAX_XML_PART_BYTES = 16 * 1024 * 1024  # a workbook, styles or relationships part, all parsed whole by openpyxl
_READ_CHUNK = 1024 * 1024


def max_uncompressed_bytes():
    """The most an upload may inflate to, all parts together (settings.IMPORT_MAX_UNCOMPRESSED_BYTES)."""
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)


@dataclass(frozen=True)
class Limits:
    """What one import accepts: upload size, data rows, rows read (blank ones included); cells follow from rows."""

    max_bytes: int
    max_rows: int
    max_scanned_rows: int
    max_columns: int = MAX_COLUMNS

    @property
    def max_cells(self):
        return self.max_rows * CELLS_PER_DATA_ROW

    @property
    def max_strings(self):
        return self.max_rows * STRINGS_PER_DATA_ROW


@dataclass(frozen=True)
class Column:
    """A column of an import sheet, found by its label or one of its aliases."""

    key: str
    label: str
    required: bool = False
    width: int = 14
    aliases: tuple = ()
    guide: str = ""
    hint: str = ""
    max_length: int | None = None

    @property
    def header(self):
        """The text of the template's header cell: 'Ngày sinh (dd/mm/yyyy)'."""
        return f"{self.label} ({self.hint})" if self.hint else str(self.label)


@dataclass(frozen=True)
class RowError:
    """One problem, shown as a line of the error table: Excel row number, column label and letter, message."""

    row: int | None
    column: str
    letter: str
    message: str


@dataclass
class ImportResult:
    """The outcome of checking a file: the clean rows, or every problem found."""

    user_id: int | None
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def add(self, message, *, row=None, column=None, index=None):
        """Record a problem; ``column`` is a Column, ``index`` the 0-based position of its cell (gives the letter)."""
        self.errors.append(
            RowError(
                row=row,
                column=str(column.label) if column is not None else "",
                letter=get_column_letter(index + 1) if index is not None else "",
                message=str(message),
            )
        )


# ---------------------------------------------------------------------------------------------------------------
# Cells and header names
# ---------------------------------------------------------------------------------------------------------------


def cell_text(value):
    """A cell as clean text: numbers without a spurious '.0', whitespace collapsed, NFC."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(nfc(str(value)).split())


def header_key(text):
    """'Ngày sinh (dd/mm/yyyy)' → 'ngay sinh': folded, hints in brackets and punctuation dropped."""
    folded = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", fold(str(text) if text is not None else ""))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def is_blank(values, text=cell_text):
    return all(text(value) == "" for value in values)


def has_column(values, column):
    """Whether a row holds a cell naming ``column`` by its label: how the header row is recognised."""
    return header_key(column.label) in {header_key(cell_text(value)) for value in values}


def thousands(value):
    """20000 → '20.000', the Vietnamese way."""
    return f"{value:,}".replace(",", ".")


def imported_message(counts, *, rows=None):
    """What an import says once written: 'Đã nhập 20.000 dòng: 19.000 thêm mới, 800 cập nhật, 200 không đổi.'

    ``counts`` has ``created``, ``updated``, ``unchanged`` and, unless ``rows`` is given, ``total``.
    """
    return _("Đã nhập %(rows)s dòng: %(created)s thêm mới, %(updated)s cập nhật, %(unchanged)s không đổi.") % {
        "rows": thousands(counts.total if rows is None else rows),
        "created": thousands(counts.created),
        "updated": thousands(counts.updated),
        "unchanged": thousands(counts.unchanged),
    }


# ---------------------------------------------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------------------------------------------


def file_size(file):
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
    return size


def not_xlsx_message(hint=""):
    message = _("Tệp không phải là tệp Excel (.xlsx) hợp lệ.")
    return f"{message} {hint}" if hint else message


def megabytes(size):
    """12345678 → '11,8' (MB, one decimal, Vietnamese comma)."""
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def read_workbook(file, result, *, limits, read, hint=""):
    """Open the upload by its content and return ``read(workbook)``; None after recording why it cannot be read.

    The upload's size and then the archive's own figures (``check_archive``) are checked against ``limits``
    before openpyxl parses anything. The name and declared type of the upload are not trusted: whatever
    openpyxl cannot open, or fails to read (a damaged part inside the archive shows up only while reading), is
    refused with one message, followed by ``hint`` (how to get a proper .xlsx) when given. ``read`` returns
    None after recording its own errors.
    """
    size = file_size(file)
    if not size:
        result.add(_("Tệp tải lên trống rỗng."))
        return None
    if size > limits.max_bytes:
        result.add(
            _("Tệp quá lớn (%(size)s MB); tối đa %(max)s MB mỗi lần nhập. Hãy chia thành nhiều tệp.")
            % {"size": megabytes(size), "max": limits.max_bytes // 1024 // 1024}
        )
        return None
    if not check_archive(file, result, limits):
        return None
    try:
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means the content is not a workbook
        result.add(not_xlsx_message(hint))
        return None
    try:
        return read(workbook)
    except Exception:  # noqa: BLE001 - a damaged part inside the archive shows up while reading
        result.errors.clear()
        result.add(not_xlsx_message(hint))
        return None
    finally:
        workbook.close()


# ---------------------------------------------------------------------------------------------------------------
# The archive's own figures, read before openpyxl parses anything
# ---------------------------------------------------------------------------------------------------------------


class _Refused(Exception):
    """The upload is beyond a limit; the message says which, in Vietnamese."""


def _rows_message(limits):
    return _("Bảng tính có quá nhiều dòng (kể cả dòng trống, tối đa %(max)s). Hãy xoá các dòng thừa ở cuối bảng.") % {
        "max": thousands(limits.max_scanned_rows)
    }


def _columns_message(limits, column):
    return _(
        "Bảng tính có quá nhiều cột (tối đa %(max)s cột): có ô đến cột %(letter)s. "
        "Hãy xoá các cột thừa ở bên phải bảng rồi lưu lại."
    ) % {"max": limits.max_columns, "letter": get_column_letter(min(column, 18278))}


def _cells_message(limits):
    return _(
        "Bảng tính có quá nhiều ô (tối đa %(max)s ô có dữ liệu hoặc định dạng). "
        "Hãy xoá các dòng, cột thừa hoặc chia thành nhiều tệp."
    ) % {"max": thousands(limits.max_cells)}


def _strings_message(limits):
    return _(
        "Bảng tính có quá nhiều ô chữ khác nhau (tối đa %(max)s). Hãy xoá các dòng, cột thừa hoặc chia thành nhiều tệp."
    ) % {"max": thousands(limits.max_strings)}


def _size_message(size):
    return _(
        "Tệp Excel khi giải nén quá lớn (%(size)s MB; tối đa %(max)s MB). "
        "Hãy xoá các trang tính, dòng và cột thừa, hoặc chia thành nhiều tệp."
    ) % {"size": megabytes(size), "max": max_uncompressed_bytes() // 1024 // 1024}


_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?(?:worksheet|sst)\b")
_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?ref="([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?"')


def _column_index(letters):
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index


class _SheetCounter:
    """Counts the rows and cells of a worksheet part from its bytes, chunk by chunk, without parsing the XML.

    Bounds what openpyxl would build: the highest row number (a gap is read as that many empty rows), the
    widest row (a row is padded to its last cell's column, or holds that many cells) and the cells in all;
    raises _Refused past a limit. The work per chunk is a few passes in C plus one count per row.
    """

    def __init__(self, limits, prefix):
        self.limits = limits
        p = re.escape(prefix)
        self.row_split = re.compile(rb"<" + p + rb"row(?=[\s>/])")
        self.row_numbers = re.compile(rb"<" + p + rb'row\s[^>]*?\br="(\d{1,12})"')
        self.cell_columns = re.compile(rb"<" + p + rb'c\s[^>]*?\br="([A-Za-z]{1,8})\d')
        self.cell_tokens = tuple(b"<" + prefix + b"c" + end for end in (b" ", b">", b"/"))
        self.row_number = 0  # the highest row number openpyxl could reach so far
        self.row_cells = 0  # cells of the row still open at the end of the last chunk
        self.cells = 0

    def _count(self, part):
        first, second, third = self.cell_tokens
        return part.count(first) + part.count(second) + part.count(third)

    def feed(self, data):
        limits = self.limits
        parts = self.row_split.split(data)
        counts = [self._count(part) for part in parts]
        self.cells += sum(counts)
        if self.cells > limits.max_cells:
            raise _Refused(_cells_message(limits))
        # The first part continues the row left open by the last chunk; the last one stays open.
        counts[0] += self.row_cells
        self.row_cells = counts[-1]
        widest = max(counts)
        columns = self.cell_columns.findall(data)
        if columns:
            longest = len(max(columns, key=len))
            widest = max(widest, max(_column_index(c) for c in columns if len(c) == longest))
        if widest > limits.max_columns:
            raise _Refused(_columns_message(limits, widest))
        numbers = self.row_numbers.findall(data)
        # A row without a number follows the one before it: count those on top of the highest number.
        highest = max(map(int, numbers)) if numbers else 0
        self.row_number = max(self.row_number, highest) + (len(parts) - 1 - len(numbers))
        if self.row_number > limits.max_scanned_rows:
            raise _Refused(_rows_message(limits))


def _chunks(archive, info):
    """The part's bytes in pieces cut before a '<', so no tag is split between two pieces."""
    carry = b""
    with archive.open(info) as handle:
        while chunk := handle.read(_READ_CHUNK):
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut <= 0 or len(data) - cut > 65536:
                # No tag starts near the end (a long text): the whole piece can be counted now.
                carry = b""
                yield data
                continue
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry


def _check_declared_dimension(head, limits):
    match = _DIMENSION.search(head)
    if match is None:
        return
    first_letters, first_row, last_letters, last_row = match.groups()
    columns = _column_index(last_letters or first_letters) if (last_letters or first_letters) else 1
    rows = int(last_row or first_row or 1)
    if rows > limits.max_scanned_rows:
        raise _Refused(_rows_message(limits))
    if columns > limits.max_columns:
        raise _Refused(_columns_message(limits, columns))
    if rows * columns > limits.max_cells:
        raise _Refused(_cells_message(limits))


def _check_sheet(archive, info, limits):
    counter = None
    for data in _chunks(archive, info):
        if counter is None:
            prefix = _PREFIX.search(data)
            _check_declared_dimension(data[:4096], limits)
            counter = _SheetCounter(limits, (prefix.group(1) or b"") if prefix else b"")
        counter.feed(data)


def _check_shared_strings(archive, info, limits):
    """openpyxl keeps every shared string in memory: at most ``limits.max_strings`` of them."""
    tokens, count = None, 0
    for data in _chunks(archive, info):
        if tokens is None:
            prefix = _PREFIX.search(data)
            prefix = (prefix.group(1) or b"") if prefix else b""
            tokens = (b"<" + prefix + b"si>", b"<" + prefix + b"si ", b"<" + prefix + b"si/")
        count += sum(data.count(token) for token in tokens)
        if count > limits.max_strings:
            raise _Refused(_strings_message(limits))


def _is_parsed_whole(name):
    """Parts openpyxl reads into memory at once when it opens a workbook."""
    return name.endswith(".rels") or name in ("[content_types].xml", "xl/workbook.xml", "xl/styles.xml")


def check_archive(file, result, limits):
    """Whether the upload's archive is within ``limits``; False after recording the Vietnamese reason.

    Reads the sizes in the archive's directory, then streams each worksheet and the shared strings counting
    rows and cells from the raw bytes (never more than a megabyte at a time), stopping at the first limit
    passed. A declared size cannot lie: reading a part stops at it. Whatever is not a zip archive is left to
    openpyxl, which refuses it.
    """
    try:
        file.seek(0)
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True
    try:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _Refused(not_xlsx_message())
        total = sum(info.file_size for info in infos)
        if total > max_uncompressed_bytes():
            raise _Refused(_size_message(total))
        for info in infos:
            name = info.filename.lower()
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                _check_sheet(archive, info, limits)
            elif name.startswith("xl/sharedstrings") and name.endswith(".xml"):
                _check_shared_strings(archive, info, limits)
            elif _is_parsed_whole(name) and info.file_size > MAX_XML_PART_BYTES:
                raise _Refused(_size_message(total))
    except _Refused as refusal:
        result.add(str(refusal))
        return False
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return True  # a damaged or unusual archive: openpyxl refuses it with the usual message
    finally:
        archive.close()
        file.seek(0)
    return True


def has_more_rows_than(file, limit, *, limits):
    """Whether the first data sheet holds more than ``limit`` non-empty rows (title and header included).

    Reads at most ``limit + 1`` of them, so it is cheap whatever the size of the file; an upload that cannot be
    read or is beyond ``limits`` counts as small (the import itself then says at once what is wrong with it,
    and it is never stored for a worker).
    """

    def more_rows(workbook):
        sheets = data_sheets(workbook)
        if not sheets:
            return False
        sheets[0].reset_dimensions()
        rows = (values for values in sheets[0].iter_rows(values_only=True) if not is_blank(values))
        return next(itertools.islice(rows, limit, None), None) is not None

    try:
        return bool(read_workbook(file, ImportResult(user_id=None), limits=limits, read=more_rows))
    finally:
        file.seek(0)


def data_sheets(workbook):
    """The sheets that may hold data: all but the template's guide sheet."""
    return [sheet for sheet in workbook.worksheets if header_key(sheet.title) != header_key(GUIDE_SHEET_TITLE)]


@dataclass
class Table:
    """The header row of a sheet and the non-empty rows under it; ``positions`` once the header is mapped."""

    header_row: int | None = None
    header: tuple = ()
    rows: list = field(default_factory=list)  # [(row number, cells)]
    positions: dict = field(default_factory=dict)  # {column key: cell index}

    @property
    def found(self):
        return self.header_row is not None

    def cell(self, values, key):
        """The raw value of column ``key`` in a row, None when the column is absent or the row shorter."""
        index = self.positions.get(key)
        return values[index] if index is not None and index < len(values) else None


# A background import reports how many rows it has read this often.
PROGRESS_ROWS = 500


def scan_sheet(sheet, result, *, is_header, max_rows, max_scanned_rows, guess_header, text=cell_text, progress=None):
    """The header row and the non-empty rows under it; None after recording that the sheet has too many rows.

    The header is the first non-empty row for which ``is_header(cells)`` holds, among the first
    HEADER_SEARCH_ROWS non-empty rows, so a title above it is skipped. Without one, ``guess_header`` takes the
    first non-empty row (the missing columns are then reported); otherwise nothing is found (``found`` is
    false), as with a sheet holding no data at all. ``progress(rows read)`` is called every PROGRESS_ROWS rows.
    """
    # Some programs write a wrong <dimension>; read-only mode would trust it and cut rows short.
    sheet.reset_dimensions()
    table = Table()
    pending = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if progress is not None and number % PROGRESS_ROWS == 0:
            progress(number)
        if number > max_scanned_rows:
            result.add(
                _("Bảng tính có quá nhiều dòng (kể cả dòng trống, tối đa %(max)s). Hãy xoá các dòng thừa ở cuối bảng.")
                % {"max": thousands(max_scanned_rows)}
            )
            return None
        if is_blank(values, text):
            continue
        if not table.found:
            pending.append((number, values))
            if is_header(values):
                table.header_row, table.header = number, values
            elif len(pending) == HEADER_SEARCH_ROWS:
                if not guess_header:
                    break
                (table.header_row, table.header), table.rows = pending[0], pending[1:]
            continue
        table.rows.append((number, values))
        if len(table.rows) > max_rows:
            result.add(
                _("Tệp có quá nhiều dòng: tối đa %(max)s dòng dữ liệu mỗi lần nhập. Hãy chia thành nhiều tệp.")
                % {"max": thousands(max_rows)}
            )
            return None
    if not table.found and guess_header and pending:
        (table.header_row, table.header), table.rows = pending[0], pending[1:]
    if progress is not None:
        progress(len(table.rows))
    return table


def read_table(
    file,
    result,
    *,
    columns,
    is_header,
    max_bytes,
    max_rows,
    max_scanned_rows,
    guess_header=False,
    all_sheets=False,
    not_found=None,
    hint="",
    text=cell_text,
    duplicate=None,
    missing=None,
    progress=None,
):
    """The whole reading step of an import: the Table of the file with its columns mapped, or None after errors.

    The data sheet is the first one but the guide (``all_sheets``: the first one with a header). ``not_found``
    is the message when no sheet has a header (see ``scan_sheet``); a header without data rows under it, or
    with a column problem (see ``map_header``), stops the check too.
    """

    def read(workbook):
        sheets = data_sheets(workbook)
        for sheet in sheets if all_sheets else sheets[:1]:
            table = scan_sheet(
                sheet,
                result,
                is_header=is_header,
                max_rows=max_rows,
                max_scanned_rows=max_scanned_rows,
                guess_header=guess_header,
                text=text,
                progress=progress,
            )
            if table is None or table.found:
                return table
        result.add(not_found or _("Tệp không có dữ liệu."))
        return None

    limits = Limits(max_bytes=max_bytes, max_rows=max_rows, max_scanned_rows=max_scanned_rows)
    table = read_workbook(file, result, limits=limits, read=read, hint=hint)
    if table is None:
        return None
    table.positions = map_header(table.header_row, table.header, result, columns, duplicate=duplicate, missing=missing)
    if result.errors:
        return None
    if not table.rows:
        result.add(_("Không có dòng dữ liệu nào dưới dòng tiêu đề."), row=table.header_row)
        return None
    return table


def map_header(header_row, header, result, columns, *, duplicate=None, missing=None):
    """{column key: cell index} of the header row; records columns given twice and required ones missing.

    ``duplicate`` and ``missing`` replace the usual messages; they are formatted with ``column`` and, for
    ``duplicate``, the letters ``first`` and ``second``. ``duplicate=False`` keeps the first column silently.
    """
    lookup = {}
    for column in columns:
        for name in (column.label, column.header, *column.aliases):
            lookup.setdefault(header_key(name), column)
    positions = {}
    for index, value in enumerate(header):
        column = lookup.get(header_key(cell_text(value)))
        if column is None:
            continue
        if column.key in positions:
            if duplicate is not False:
                result.add(
                    (duplicate or _("Cột “%(column)s” xuất hiện hai lần."))
                    % {
                        "column": column.label,
                        "first": get_column_letter(positions[column.key] + 1),
                        "second": get_column_letter(index + 1),
                    },
                    row=header_row,
                    column=column,
                    index=index,
                )
            continue
        positions[column.key] = index
    for column in columns:
        if column.required and column.key not in positions:
            result.add(
                (missing or _("Thiếu cột “%(column)s” trong dòng tiêu đề.")) % {"column": column.label},
                row=header_row,
                column=column,
            )
    return positions


def background_rows():
    """Files with more data rows than this are imported by a worker (settings.IMPORT_BACKGROUND_ROWS)."""
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 300)


def error_page_context(*, form, result, shown):
    """What an import page shows about the uploaded file and its errors (the first ``shown`` of them)."""
    errors = result.errors if result is not None else []
    return {
        "filename": form.cleaned_data["file"].name if result is not None else "",
        "errors": errors[:shown],
        "error_count": len(errors),
        "errors_hidden": max(len(errors) - shown, 0),
        "background_rows": background_rows(),
    }


# ---------------------------------------------------------------------------------------------------------------
# The template to fill in
# ---------------------------------------------------------------------------------------------------------------

_TEMPLATE_FILL = PatternFill("solid", fgColor="DDEBF7")
_TEMPLATE_WRAP = Alignment(wrap_text=True, vertical="top")


class ImportTemplate:
    """The .xlsx an import offers to fill in: the data sheet, its header row in row 1, and the guide sheet.

    The data sheet has one header cell per column (``Column.header``, bold, at ``Column.width``); the columns in
    ``text_keys`` are formatted as text so leading zeros and typed dates stay as they are. The guide sheet is
    written top to bottom: a title, notes, the table of columns (their ``guide``), code tables; a column may
    get a list validation whose values are a code table of the guide or a few literal values. Every cell goes
    through ``core.excel_text.put_cell``: text stays text, quoted when it starts like a formula.
    """

    def __init__(self, *, sheet_title, columns, max_rows, text_keys=("code",)):
        self.columns = tuple(columns)
        self.max_rows = max_rows
        self.workbook = Workbook()
        self.sheet = self.workbook.active
        self.sheet.title = sheet_title
        for index, column in enumerate(self.columns, start=1):
            cell = self._put(self.sheet, 1, index, column.header, bold=True)
            cell.fill = _TEMPLATE_FILL
            cell.alignment = Alignment(vertical="center")
            letter = get_column_letter(index)
            self.sheet.column_dimensions[letter].width = column.width
            if column.key in text_keys:
                self.sheet.column_dimensions[letter].number_format = "@"
        self.sheet.freeze_panes = "A2"
        self.guide = self.workbook.create_sheet(GUIDE_SHEET_TITLE)
        self.guide_row = 1

    @staticmethod
    def _put(sheet, row, column, value, *, bold=False):
        cell = put_cell(sheet, row, column, value)
        if bold:
            cell.font = Font(bold=True)
        return cell

    def fill(self, rows):
        """Pre-fill the data sheet from row 2 (the records the import will update)."""
        for number, values in enumerate(rows, start=2):
            for index, value in enumerate(values, start=1):
                self._put(self.sheet, number, index, value)

    def guide_title(self, text, *, widths):
        """The guide's title (row 1) and its column widths."""
        for index, width in enumerate(widths, start=1):
            self.guide.column_dimensions[get_column_letter(index)].width = width
        self._put(self.guide, 1, 1, str(text)).font = Font(bold=True, size=14)
        self.guide_row = 3

    def guide_notes(self, notes, *, wrap=False):
        """One bulleted line per note, then a blank line."""
        for note in notes:
            cell = self._put(self.guide, self.guide_row, 1, f"• {note}")
            if wrap:
                cell.alignment = _TEMPLATE_WRAP
            self.guide_row += 1
        self.guide_row += 1

    def guide_columns(self):
        """The table of columns: header, whether required, how to fill it in."""
        self._table_header((_("Cột"), _("Bắt buộc"), _("Cách ghi")))
        for column in self.columns:
            self._put(self.guide, self.guide_row, 1, column.header)
            self._put(self.guide, self.guide_row, 2, _("Bắt buộc") if column.required else "")
            self._put(self.guide, self.guide_row, 3, str(column.guide)).alignment = _TEMPLATE_WRAP
            self.guide_row += 1
        self.guide_row += 1

    def guide_table(self, title, rows, *, headers=()):
        """A titled table of the guide (codes and their meaning…); the (first, last) rows of its values, or None
        when it has none."""
        self._put(self.guide, self.guide_row, 1, str(title), bold=True)
        self.guide_row += 1
        if headers:
            self._table_header(headers)
        first = self.guide_row
        for values in rows:
            for index, value in enumerate(values, start=1):
                self._put(self.guide, self.guide_row, index, value)
            self.guide_row += 1
        last = self.guide_row - 1
        self.guide_row += 1
        return (first, last) if last >= first else None

    def _table_header(self, titles):
        for index, title in enumerate(titles, start=1):
            self._put(self.guide, self.guide_row, index, str(title), bold=True).fill = _TEMPLATE_FILL
        self.guide_row += 1

    def validate(self, key, *, table=None, values=()):
        """Offer a list in column ``key``'s cells: the first column of a guide ``table`` (see ``guide_table``) or
        literal ``values``. A value outside the list is warned about, not refused: the import checks every row."""
        if table is not None:
            formula = f"'{GUIDE_SHEET_TITLE}'!$A${table[0]}:$A${table[1]}"
        else:
            formula = '"' + ",".join(values) + '"'
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
        validation.errorStyle = "warning"
        validation.errorTitle = str(_("Giá trị chưa đúng"))
        validation.error = str(_("Giá trị này không có trong danh sách; xem trang “Hướng dẫn”."))
        index = next(index for index, column in enumerate(self.columns, start=1) if column.key == key)
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{self.max_rows + 1}")
        self.sheet.add_data_validation(validation)

    def content(self):
        """The workbook as bytes."""
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()

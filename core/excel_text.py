"""User text in Excel cells: the one place that decides when text could become a formula and keeps it text.

Every Excel writer (list exports, official lists, import templates, the Ministry report) routes text through
here. Text a spreadsheet would read as a formula or an error value is written as a text cell (``data_type
"s"``) with Excel's quote prefix, so it shows exactly as typed and stays text even when someone edits the cell.
"""

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

# A spreadsheet treats text starting with these as a formula (OWASP "CSV injection"), also after blanks,
# and the full-width forms some input methods produce.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def is_formula_like(text):
    """Whether a spreadsheet could read ``text`` as a formula or an error value."""
    if not text:
        return False
    return (
        text.startswith(FORMULA_TRIGGERS)
        or text.lstrip(" \t\r\n").startswith(FORMULA_TRIGGERS)
        or (text in ERROR_CODES)
    )


def clean_text(text):
    """Text without the control characters an .xlsx file cannot hold; line ends as LF (XML reads CR as LF)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def keep_as_text(cell):
    """Make ``cell`` (normal or write-only) a quoted text cell when its text could be read as a formula."""
    if isinstance(cell.value, str) and is_formula_like(cell.value):
        cell.data_type = "s"  # openpyxl guessed a formula or an error from the value; text again
        cell.quotePrefix = True
    return cell


def put_cell(sheet, row, column, value):
    """Write ``value`` into a normal-mode sheet: text is always a text cell, quoted when formula-like."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
        keep_as_text(cell)
    else:
        cell.value = value
    return cell

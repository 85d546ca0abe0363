"""Money in integer đồng: shown the Vietnamese way (1.500.000 đ) and read back from what people type.

Pure functions (only gettext from Django):
``format_vnd(1500000) == "1.500.000 đ"`` and ``parse_vnd("1.500.000") == 1500000``.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CURRENCY = "đ"
# Trailing currency words people type after the amount: "1.500.000 đ", "1500000đồng", "1 500 000 VNĐ".
_CURRENCY_SUFFIX = re.compile(r"\s*(đồng|đ|vnđ|vnd)\.?\s*$", re.IGNORECASE)
_PLAIN = re.compile(r"\d+")
# Thousands grouped by dots or by spaces (one kind per number), the first group 1–3 digits, the others exactly 3.
_DOTTED = re.compile(r"\d{1,3}(\.\d{3})+")
_SPACED = re.compile(r"\d{1,3}( \d{3})+")
_ONE_DECIMAL = Decimal("0.1")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "})


class MoneyError(ValueError):
    """Text that is not a whole, non-negative amount of đồng; the message is Vietnamese and shown as is."""


def format_vnd(amount: int) -> str:
    """1500000 → "1.500.000 đ", -1500000 → "-1.500.000 đ", 0 → "0 đ". Integers only."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"format_vnd needs an int, not {type(amount).__name__}")
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,} {CURRENCY}".replace(",", ".")


def format_number(amount: int) -> str:
    """1500000 → "1.500.000" (no currency), for table columns whose header names the unit."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"format_number needs an int, not {type(amount).__name__}")
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".")


def hours_text(hours) -> str:
    """Tiết for people: 2, 1,5 (Vietnamese decimal comma)."""
    return f"{Decimal(hours).normalize():f}".replace(".", ",")


def format_figure(value) -> str:
    """A count or a percentage as a table shows it: 1234 → "1.234", 75.5 → "75,5", 75.0 → "75" (one decimal)."""
    if isinstance(value, int):
        return format_number(value)
    text = f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text[:-2] if text.endswith(",0") else text


def percent(part, whole) -> Decimal:
    """``part`` of ``whole`` in per cent, one decimal half up; 0 when ``whole`` is 0."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(100) * part / whole).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent_text(value) -> str:
    """A percentage as every page and file writes it: Decimal("22.9") → "22,9"."""
    return f"{value:f}".replace(".", ",")


def parse_vnd(text) -> int:
    """The whole number of đồng in ``text``: "1.500.000", "1500000", "1 500 000", "1.500.000 đ" → 1500000.

    Refuses (``MoneyError``) empty text, negative amounts, decimals ("1.500.000,5", "1500,5", "1500.5") and
    anything that is not a number.
    """
    value = " ".join(str(text if text is not None else "").translate(_SPACES).split())
    value = _CURRENCY_SUFFIX.sub("", value).strip()
    if not value:
        raise MoneyError(_("Hãy nhập số tiền."))
    if value.startswith(("-", "−", "–")):
        raise MoneyError(_("Số tiền không được âm."))
    value = value.lstrip("+").strip()
    if "," in value:
        raise MoneyError(
            _(
                "Số tiền tính bằng đồng, không có phần thập phân (dấu phẩy). "
                "Hãy nhập số nguyên, dùng dấu chấm để tách hàng nghìn, ví dụ 1.500.000."
            )
        )
    if _PLAIN.fullmatch(value):
        return int(value)
    if _DOTTED.fullmatch(value):
        return int(value.replace(".", ""))
    if _SPACED.fullmatch(value):
        return int(value.replace(" ", ""))
    if re.fullmatch(r"[\d. ]+", value) and "." in value:
        raise MoneyError(
            _(
                "Số tiền tính bằng đồng, không có phần lẻ. "
                "Dấu chấm chỉ dùng để tách hàng nghìn (mỗi nhóm 3 chữ số), ví dụ 1.500.000."
            )
        )
    raise MoneyError(_("Số tiền không hợp lệ. Hãy nhập số nguyên đồng, ví dụ 1.500.000."))

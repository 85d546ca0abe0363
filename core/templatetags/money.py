"""``{% load money %}`` — ``{{ amount|vnd }}`` shows integer đồng the Vietnamese way: 1.500.000 đ."""

from decimal import Decimal

from django import template

from core.money import format_number, format_vnd

register = template.Library()

EMPTY = "—"


def _as_int(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    # Some databases return SUM() of integers as a Decimal; a whole Decimal is still a whole amount.
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return None


@register.filter
def vnd(value):
    """1500000 → "1.500.000 đ"; None → "—"; anything that is not a whole number is shown unchanged."""
    if value is None or value == "":
        return EMPTY
    amount = _as_int(value)
    return value if amount is None else format_vnd(amount)


@register.filter
def vnd_number(value):
    """1500000 → "1.500.000" (no "đ"), for columns whose header already says đồng."""
    if value is None or value == "":
        return EMPTY
    amount = _as_int(value)
    return value if amount is None else format_number(amount)

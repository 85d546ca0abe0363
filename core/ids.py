"""Ids read from a query string, a form or a job's parameters.

``str.isdigit()`` is true for "²" and "٣": ``int("²")`` raises and ``int("٣")`` is 3, so an id is ASCII digits
only, and short enough for a bigint."""


def plain_id(value):
    """The id ``value`` stands for (an int, or a string of ASCII digits), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


def plain_ids(values):
    """The ids among ``values``, in order; anything else is left out."""
    return [number for number in map(plain_id, values) if number is not None]

"""Units on the pages: ``{{ plan.school|name_in:year }}`` prints the name the unit had in that year;
``{{ user|sets_letterhead }}`` whether the user sets their unit's letterhead."""

from django import template

from accounts.letterheads import sets_letterhead
from accounts.selectors import name_in_year

register = template.Library()


@register.filter
def name_in(unit, year):
    """Tên đơn vị trong năm học: a past year whose tree was kept shows the names of then."""
    if unit is None or year is None:
        return ""
    return name_in_year(unit, year)


# The user menu's link to "Thông tin in trên văn bản": shown to exactly those the page lets in.
register.filter("sets_letterhead", sets_letterhead)

"""Units on the pages of a year: ``{{ plan.school|name_in:year }}`` prints the name the unit had in that year."""

from django import template

from accounts.selectors import name_in_year

register = template.Library()


@register.filter
def name_in(unit, year):
    """Tên đơn vị trong năm học: a past year whose tree was kept shows the names of then."""
    if unit is None or year is None:
        return ""
    return name_in_year(unit, year)

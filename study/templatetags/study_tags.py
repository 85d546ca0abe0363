"""The names of a year's contents in templates: "Nội dung 1" under TT 26/2012, "Chương trình bồi dưỡng 01" under
TT 19/2019 (years.rulesets.Regime), for a content number held in a variable."""

from django import template

from years.rulesets import Ruleset

register = template.Library()


@register.filter
def content_label(year, content):
    """``{{ year|content_label:item.content }}``: "Nội dung 1" / "Chương trình bồi dưỡng 01"."""
    return year.regime.content_label(content) if year is not None and content else ""


@register.filter
def content_cell(year, content):
    """The short content cell of a table: the bare number under TT 26/2012 (as those years always printed it),
    the regime's abbreviation otherwise ("CT 01")."""
    if year is None or not content:
        return content or ""
    if year.ruleset == Ruleset.TT26_2012:
        return str(content)
    return year.regime.content_abbr(content)

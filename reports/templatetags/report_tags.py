"""Report tables: each figure a link to the people behind it when the page gives ``people_url``."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def people_link(base, count, level="", audience="", figure=""):
    """``count`` (with thousands separators), linked to ``base`` narrowed to one cell when ``base`` is set."""
    text = intcomma(count)
    if not base:
        return text
    query = urlencode({"cap": level or "", "doi_tuong": audience or "", "nhom": figure or ""})
    return format_html('<a href="{}&amp;{}">{}</a>', base, query, text)

"""Score formatting for templates: Vietnamese decimal comma and class badges."""

from django import template

from assessment import rules, selectors

register = template.Library()

BADGES = {
    rules.GIOI: "text-bg-success",
    rules.KHA: "text-bg-primary",
    rules.TRUNG_BINH: "text-bg-info",
    rules.KHONG_HOAN_THANH: "text-bg-danger",
    rules.DAT: "text-bg-success",
    rules.KHONG_DAT: "text-bg-danger",
    rules.HOAN_THANH: "text-bg-success",
}


@register.filter
def score(value):
    """A content score or an average: 8 → "8,0", 9.25 → "9,25", None → "—"."""
    return rules.format_score(value)


@register.filter
def part(value):
    """A part score: 4.50 → "4,5", None → "—"."""
    return selectors.format_part(value) or "—"


@register.filter
def class_label(value):
    try:
        return rules.LABELS[rules.Classification(value)]
    except ValueError:
        return ""


@register.filter
def class_badge(value):
    try:
        return BADGES[rules.Classification(value)]
    except ValueError:
        return "text-bg-secondary"

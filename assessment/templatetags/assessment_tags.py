"""Score formatting for templates: Vietnamese decimal comma and class badges."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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


@register.simple_tag
def score_cells(row):
    """The <td> cells of one grid row (two inputs per content or module, then the padding), built in Python:
    a 60-teacher grid has about a thousand inputs and the template language would take seconds for them."""
    parts = (("k", gettext("tiếp thu")), ("a", gettext("vận dụng")))
    module_word = gettext("mô đun")
    disabled = mark_safe(" disabled") if row.locked else ""
    html = []
    for index, cell in enumerate(row.cells):
        what = f"{module_word} {cell.code}" if cell.code else cell.title
        for number, (part, part_label) in enumerate(parts):
            error = cell.errors[number]
            code = ""
            if cell.code:
                code = format_html(
                    '<div class="cell-code" title="{}">{}</div>', cell.title, cell.code if number == 0 else "\u00a0"
                )
            html.append(
                format_html(
                    '<td class="part-cell">{}<input type="text" inputmode="decimal" autocomplete="off" maxlength="6"'
                    ' class="form-control form-control-sm score-input{}" name="s-{}-{}-{}" data-slot="{}"'
                    ' data-part="{}" data-col="{}-{}" value="{}" aria-label="{} — {} — {}" title="{}"{}></td>',
                    code,
                    " is-invalid" if error else "",
                    str(row.plan.pk),
                    cell.slot,
                    part,
                    cell.slot,
                    part,
                    str(index),
                    part,
                    cell.values[number],
                    row.staff.full_name,
                    what,
                    part_label,
                    error or cell.title,
                    disabled,
                )
            )
    empty = mark_safe('<td class="part-cell empty"></td><td class="part-cell empty"></td>')
    html.extend(empty for _ in row.padding)
    return mark_safe("".join(html))

"""Score formatting for templates: Vietnamese decimal comma and class badges."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from assessment import rules, selectors
from years.rulesets import PIECE_SHORT, Piece

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
def class_label(value, ruleset=None):
    """The class's name; ``{{ value|class_label:year.ruleset }}`` names it as that year's ruleset does."""
    return rules.label(value, ruleset)


@register.filter
def class_badge(value):
    try:
        return BADGES[rules.Classification(value)]
    except ValueError:
        return "text-bg-secondary"


@register.simple_tag
def score_cells(row, pad_width=2):
    """The <td> cells of one grid row (one input per part of each content or module: tiếp thu and vận dụng under
    TT 26/2012, one per assessed piece under TT 19/2019; then the padding), built in Python: a 60-teacher grid has
    about a thousand inputs and the template language would take seconds for them. Each value is escaped once
    with the standard library (what django.utils.html.escape does, without its lazy-string checks, which cost
    half the page's time)."""
    names = {"k": escape(gettext("tiếp thu")), "a": escape(gettext("vận dụng"))}
    module_word = gettext("mô đun")
    disabled = " disabled" if row.locked else ""
    name = escape(row.staff.full_name)
    plan = row.plan.pk
    html = []
    for index, cell in enumerate(row.cells):
        title = escape(cell.title)
        what = escape(f"{module_word} {cell.code}") if cell.code else title
        slot = escape(str(cell.slot))
        for number, part in enumerate(cell.parts):
            if part in names:
                part_label, hint = names[part], title
                # On a phone each cell is a labelled box of its row's card (score_grid.css): "ND1 · tiếp thu".
                card_label = f"{escape(str(cell.code or cell.label))} · {names[part]}"
            else:  # a piece of TT 19/2019: "GVPT04 · LT", "CT 01 · BTH"
                part_label = escape(str(Piece(part).label))
                hint = escape(f"{cell.code or cell.label} · {PIECE_SHORT[Piece(part)]} — {Piece(part).label}")
                card_label = escape(f"{cell.code or cell.label} · {PIECE_SHORT[Piece(part)]}")
            error = cell.errors[number]
            code = ""
            if cell.code:
                shown = escape(cell.code) if number == 0 else "\u00a0"
                code = f'<div class="cell-code" title="{title}">{shown}</div>'
            html.append(
                f'<td class="part-cell" data-label="{card_label}">{code}<input type="text" inputmode="decimal"'
                f' autocomplete="off"'
                f' maxlength="6"'
                f' class="form-control form-control-sm score-input{" is-invalid" if error else ""}"'
                f' name="s-{plan}-{slot}-{part}" data-slot="{slot}" data-part="{part}" data-index="{number}"'
                f' data-col="{index}-{part}" value="{escape(str(cell.values[number]))}"'
                f' aria-label="{name} — {what} — {part_label}"'
                f' title="{escape(str(error)) if error else hint}"{disabled}></td>'
            )
    width = getattr(row, "padding_width", 0) or pad_width
    html.extend('<td class="part-cell empty"></td>' * width for _ in row.padding)
    return mark_safe("".join(html))

"""The plan status badge (trạng thái kế hoạch), built in Python: a school's plan list shows one per teacher."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from plans.models import PlanStatus

register = template.Library()

BADGES = {
    PlanStatus.APPROVED: "text-bg-success",
    PlanStatus.SUBMITTED: "text-bg-primary",
    PlanStatus.RETURNED: "text-bg-warning",
    PlanStatus.DRAFT: "text-bg-secondary",
}


@register.simple_tag
def plan_status(plan):
    """``<span class="badge …" data-status="…">label</span>``; a missing plan is “Chưa lập”. Escaped with the
    standard library, as the score grid's cells are (assessment_tags.score_cells)."""
    if not plan:
        return mark_safe(
            f'<span class="badge text-bg-light border" data-status="NONE">{escape(gettext("Chưa lập"))}</span>'
        )
    badge = BADGES.get(plan.status, "text-bg-secondary")
    label = escape(str(plan.get_status_display()))
    return mark_safe(f'<span class="badge {badge}" data-status="{escape(plan.status)}">{label}</span>')


@register.simple_tag
def plan_rows(rows, decidable, school):
    """The <tr> of the plan list (duyệt kế hoạch), one per staff member, built in Python: a school has a hundred
    or more and the template language spent half a millisecond on each."""
    view = escape(gettext("Xem"))
    html = []
    for member, plan in rows:
        name = escape(member.full_name)
        box = ""
        if plan and plan.status == PlanStatus.SUBMITTED and plan.pk in decidable:
            box = f'<input type="checkbox" class="form-check-input" name="plan" value="{plan.pk}" aria-label="{name}">'
        position = ""
        if member.is_manager:
            position = f' <span class="small text-muted">({escape(str(member.get_position_display()))})</span>'
        where = escape((member.subject_group if school.is_school else member.unit.name) or "")
        submitted = plan.submitted_at if plan else None
        submitted = timezone.localtime(submitted).strftime("%d/%m/%Y %H:%M") if submitted else "—"
        link = f'<a href="{reverse("plans:plan_detail", args=[plan.pk])}">{view}</a>' if plan else ""
        html.append(
            f'<tr><td>{box}</td><td>{name}{position}</td><td class="hide-sm">{where}</td>'
            f'<td>{plan_status(plan)}</td><td class="hide-sm">{submitted}</td><td>{link}</td></tr>'
        )
    return mark_safe("".join(html))

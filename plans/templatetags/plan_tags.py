"""The plan status badge (trạng thái kế hoạch), built in Python: a school's plan list shows one per teacher."""

from html import escape

from django import template
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

from django import template
from django.urls import reverse

from audit.selectors import can_see_unit_timelines

register = template.Library()


@register.simple_tag(takes_context=True)
def unit_timeline_url(context, unit):
    """The unit's timeline for a user who may read it (offices, school managers), else ""."""
    return reverse("audit:unit_timeline", args=[unit.pk]) if can_see_unit_timelines(context["request"].user) else ""

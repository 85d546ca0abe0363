"""Reads of the audit log. Every queryset starts from ``accounts.scoping``: outside the user's scope is a 404."""

from django.core.exceptions import PermissionDenied

from accounts import scoping
from accounts.permissions import Cap, can

from . import registry
from .models import AuditEntry


def can_see_unit_timelines(user):
    """A unit's timeline (a school's, or an office's subtree) is read by who reads the unit's figures; teachers and
    group heads read their own timeline (and their group's people)."""
    return can(user, Cap.REPORT)


def get_timeline_unit_for_user(user, pk):
    if not can_see_unit_timelines(user):
        raise PermissionDenied
    return scoping.get_unit_for_user(user, pk)


def _entries():
    return AuditEntry.objects.select_related("actor__staff", "person", "unit")


def person_entries(*, user, staff):
    """Entries concerning one person, who must come from ``scoping.get_staff_for_user``."""
    return _entries().filter(person__in=scoping.visible_staff(user).filter(pk=staff.pk))


def unit_entries(*, user, unit=None, start=None, end=None, action=""):
    """Entries of the units the user sees (under ``unit`` when given), in a period, for one action or app prefix."""
    units = scoping.visible_units(user)
    if unit is not None:
        units = scoping.in_subtree(units, unit)
    entries = _entries().filter(unit__in=units)
    if start:
        entries = entries.filter(at__date__gte=start)
    if end:
        entries = entries.filter(at__date__lte=end)
    if action:
        entries = entries.filter(action__startswith=action)
    return entries


def with_sentences(entries):
    """The entries (a page) with their Vietnamese sentence as ``entry.sentence``."""
    entries = list(entries)
    for entry in entries:
        entry.sentence = registry.describe(entry)
    return entries

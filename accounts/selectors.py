"""Reads for org units and staff, always starting from the scoping module."""

from collections import Counter

from django.db.models import Count

from core.vietnamese import fold

from . import scoping
from .models import Level, OrgUnit, Staff, path_ids


def staff_search(*, user, query="", unit=None, level="", position="", active=None):
    """Danh sách cán bộ in the user's scope, filtered; ``unit`` includes its whole subtree."""
    queryset = scoping.visible_staff(user)
    if unit is not None:
        queryset = queryset.filter(scoping.subtree_q(unit, via="unit"))
    for token in fold(query).split():
        queryset = queryset.filter(search_text__contains=token)
    if level:
        queryset = queryset.filter(level=level)
    if position:
        queryset = queryset.filter(position=position)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return queryset.order_by("sort_key", "id")


def unit_tree(*, user):
    """Visible units in tree order; a page of them gets its staff figures from ``with_staff_counts``."""
    return scoping.visible_units(user).select_related("parent").order_by("path")


def subtree_staff_counts(*, user, root=None):
    """Unit id → active staff of the unit's whole subtree (a Sở: everyone below it), for the units the user may see
    (below ``root`` only, when given). One GROUP BY query per unit path, then each unit's figure is added to its
    ancestors' in Python (``path_ids``): no query per unit."""
    staff = Staff.objects.filter(unit__in=scoping.visible_units(user), is_active=True)
    if root is not None:
        staff = staff.filter(scoping.subtree_q(root, via="unit"))
    totals = Counter()
    for path, count in staff.values_list("unit__path").annotate(count=Count("id")).order_by():
        for unit_id in path_ids(path):
            totals[unit_id] += count
    return totals


def with_staff_counts(units, *, user, root=None):
    """``units`` as a list, each with ``staff_count``: the active staff of its subtree (``subtree_staff_counts``)."""
    units = list(units)
    counts = subtree_staff_counts(user=user, root=root)
    for unit in units:
        unit.staff_count = counts.get(unit.pk, 0)
    return units


def _kept_placement(unit, year):
    """(``year``'s kept tree under its Sở, the unit's row in it), or (None, None) when the tree has not changed since
    that year. The tree is remembered on the year object, so a page of many rows asks for it once."""
    if not getattr(year, "tree_kept", False):
        return None, None
    if "_kept_tree" not in year.__dict__:
        year.__dict__["_kept_tree"] = scoping.past_tree(year, year.department)
    tree = year.__dict__["_kept_tree"]
    return (tree, tree.placements.get(unit.pk)) if tree else (None, None)


def name_in_year(unit, year):
    """The unit's name as it was in ``year`` (a school renamed or merged since reads its name of then), else
    today's."""
    _tree, kept = _kept_placement(unit, year)
    return kept.name if kept else unit.name


def names_in_year(unit, year):
    """(the superior's name or "", the unit's name) as they stood in ``year``: from the year's kept tree when the
    units were restructured since (a school under its Phòng of 2018), else today's. No superior above a Sở."""
    tree, kept = _kept_placement(unit, year)
    if kept is not None:
        parent = tree.placements.get(kept.parent_id) if kept.kind != OrgUnit.Kind.DEPARTMENT else None
        return (parent.name if parent else ""), kept.name
    parent = unit.parent if unit.parent_id and unit.kind != OrgUnit.Kind.DEPARTMENT else None
    return (parent.name if parent else ""), unit.name


def unit_filter_choices(*, user, max_schools=200):
    """Units offered in list filters: active offices always, active schools only when there are few of them (a
    dissolved Phòng has nobody left to list)."""
    units = (
        scoping.visible_units(user).filter(is_active=True).only("id", "name", "kind", "depth", "path").order_by("path")
    )
    if units.filter(kind=OrgUnit.Kind.SCHOOL).count() > max_schools:
        units = units.exclude(kind=OrgUnit.Kind.SCHOOL)
    return list(units)


def scope_summary(*, user):
    """Counts for the home page: staff by level and units by kind inside the user's scope, as (label, count) in the
    order of the school system and of the tree (the codes are never shown)."""
    staff = scoping.visible_staff(user).filter(is_active=True)
    by_level = dict(staff.values_list("level").annotate(n=Count("id")).order_by())
    active = scoping.visible_units(user).filter(is_active=True)  # a dissolved Phòng is history, not a unit of today
    units = dict(active.values_list("kind").annotate(n=Count("id")).order_by())
    return {
        "staff_by_level": _labelled(Level.choices, by_level),
        "staff_total": sum(by_level.values()),
        "units_by_kind": _labelled(OrgUnit.Kind.choices, units),
    }


def _labelled(choices, counts):
    return [(label, counts[value]) for value, label in choices if counts.get(value)]

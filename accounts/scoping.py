"""The one place that decides what a user may see and change.

Every queryset that reaches a user starts here; single objects come through
``get_<entity>_for_user`` (404 outside the user's subtree) and
``get_rw_<entity>_for_user`` (403 when visible but not editable).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import OrgUnit, PastPlacement, Staff, path_ids
from .permissions import Cap, Scope, can, scope_of


def _works_somewhere(user):
    """Whether the user has a scope at all: an admin, or an account bound to a unit."""
    return user.is_authenticated and (user.is_admin_role or user.unit_id is not None)


def subtree_q(unit, *, via=None, past=None):
    """The condition "at ``unit`` or below it" on a unit, or on the unit reached through ``via`` ("school",
    "staff__unit" …). The only place a subtree is written as a path prefix.

    ``past`` (from ``past_tree``): the subtree as the tree stood in a past school year, when it has changed since."""
    if past is not None and unit.pk in past.placements:
        ids = PastPlacement.objects.filter(start_year=past.start_year, path__startswith=past.placements[unit.pk].path)
        return Q(**{f"{via}__in" if via else "pk__in": ids.values("unit_id")})
    lookup = f"{via}__path__startswith" if via else "path__startswith"
    return Q(**{lookup: unit.path})


@dataclass(frozen=True)
class PastTree:
    """A past school year's tree: unit id → its ``PastPlacement`` row of that year."""

    start_year: int
    placements: dict

    def units(self, ids=None):
        """The units of the tree as that year had them (their ids; that year's name, code, kind and place), unsaved
        OrgUnit objects for the rows of a page; only ``ids`` when given."""
        return [
            OrgUnit(
                pk=row.unit_id,
                name=row.name,
                code=row.code,
                kind=row.kind,
                levels=row.levels,
                path=row.path,
                depth=row.depth,
                parent_id=row.parent_id,
            )
            for pk, row in self.placements.items()
            if ids is None or pk in ids
        ]


def past_tree(year, root):
    """The tree of ``year`` (a TrainingYear) below ``root`` as it stood then, or None when the tree has not changed
    since that year (today's tree is that year's: no query) or ``root`` had no school then (a commune set up in
    2025 shows its schools' past under it). Two queries when the tree has changed."""
    if not getattr(year, "tree_kept", False):
        return None
    start_year = year.start_year
    root_path = PastPlacement.objects.filter(start_year=start_year, unit=root).values_list("path", flat=True).first()
    if root_path is None:
        return None
    placements = {
        row.unit_id: row
        for row in PastPlacement.objects.filter(start_year=start_year, path__startswith=root_path).only(
            "unit_id", "parent_id", "name", "code", "kind", "levels", "path", "depth"
        )
    }
    schools = [row.path for row in placements.values() if row.kind == OrgUnit.Kind.SCHOOL]
    if not schools:
        return None  # a unit set up after that year (kept empty in its tree) reads today's: its schools' past
    # An office with no school below it that year was set up after it (a commune made before the first move): it
    # had nothing then, so it is not a row of that year.
    with_schools = {unit_id for path in schools for unit_id in path_ids(path)}
    placements = {pk: row for pk, row in placements.items() if pk in with_schools or pk == root.pk}
    return PastTree(start_year, placements)


def subtree_units(root, *, past=None, within=None):
    """The active units at ``root`` or below it (among ``within``, a queryset of units, when given) for a page's
    rows; for a past year whose tree changed since (``past``), the units as that year had them."""
    units = OrgUnit.objects.all() if within is None else within
    if past is None:
        return list(
            units.filter(subtree_q(root), is_active=True).only(
                "id", "name", "code", "kind", "path", "depth", "parent_id"
            )
        )
    if within is None:
        return past.units()
    return past.units(set(units.filter(pk__in=list(past.placements)).values_list("pk", flat=True)))


def lineage_q(unit, *, via=None):
    """The condition "at ``unit``, above it or below it" (the deadlines and rules that reach a unit's schools)."""
    above = Q(**{f"{via}_id__in" if via else "pk__in": path_ids(unit.path)})
    return above | subtree_q(unit, via=via)


def in_subtree(queryset, unit, *, via=None):
    """The rows of ``queryset`` at ``unit`` or below it (see ``subtree_q``)."""
    return queryset.filter(subtree_q(unit, via=via))


def visible_units(user):
    """Đơn vị the user may see: their own unit and, for offices, everything below it."""
    if not _works_somewhere(user):
        return OrgUnit.objects.none()
    scope = scope_of(user, Cap.VIEW)
    if scope == Scope.ALL:
        return OrgUnit.objects.all()
    if scope == Scope.SUBTREE:
        # A Sở merged into the user's (2025: 63 → 34) stays under the Ministry, closed: its past is theirs to read.
        return OrgUnit.objects.filter(subtree_q(user.unit) | Q(merged_into_id=user.unit_id))
    return OrgUnit.objects.filter(pk=user.unit_id)


def visible_schools(user):
    return visible_units(user).filter(kind=OrgUnit.Kind.SCHOOL)


def visible_staff(user):
    """Hồ sơ cán bộ the user may see: own record, own group, own school or the office's subtree."""
    if not _works_somewhere(user):
        return Staff.objects.none()
    queryset = Staff.objects.select_related("unit")
    scope = scope_of(user, Cap.VIEW)
    if scope == Scope.ALL:
        return queryset
    if scope == Scope.SUBTREE:
        return in_subtree(queryset, user.unit, via="unit")
    if scope == Scope.UNIT:
        return queryset.filter(unit_id=user.unit_id)
    if scope == Scope.GROUP and user.staff_id:
        return queryset.filter(unit_id=user.unit_id, subject_group=user.staff.subject_group)
    if scope == Scope.OWN and user.staff_id:
        return queryset.filter(pk=user.staff_id)
    return Staff.objects.none()


def can_manage_staff(user):
    """Whether the role may create, edit and import staff records (within its scope)."""
    return can(user, Cap.EDIT)


def manageable_staff(user):
    return visible_staff(user) if can_manage_staff(user) else Staff.objects.none()


def manageable_schools(user):
    """Schools where the user may place staff records."""
    return visible_schools(user) if can_manage_staff(user) else OrgUnit.objects.none()


def get_in_scope_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_unit_for_user(user, pk):
    return get_in_scope_or_404(visible_units(user), pk)


def get_staff_for_user(user, pk):
    return get_in_scope_or_404(visible_staff(user), pk)


def get_rw_staff_for_user(user, pk):
    staff = get_staff_for_user(user, pk)
    if not can_manage_staff(user):
        raise PermissionDenied
    return staff

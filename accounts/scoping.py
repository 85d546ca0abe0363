"""The one place that decides what a user may see and change.

Every queryset that reaches a user starts here; single objects come through
``get_<entity>_for_user`` (404 outside the user's subtree) and
``get_rw_<entity>_for_user`` (403 when visible but not editable).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import OrgUnit, Staff, path_ids
from .permissions import Cap, Scope, can, scope_of


def _works_somewhere(user):
    """Whether the user has a scope at all: an admin, or an account bound to a unit."""
    return user.is_authenticated and (user.is_admin_role or user.unit_id is not None)


def subtree_q(unit, *, via=None):
    """The condition "at ``unit`` or below it" on a unit, or on the unit reached through ``via`` ("school",
    "staff__unit" …). The only place a subtree is written as a path prefix."""
    lookup = f"{via}__path__startswith" if via else "path__startswith"
    return Q(**{lookup: unit.path})


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
        return in_subtree(OrgUnit.objects.all(), user.unit)
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

"""Reads for training years, always starting from accounts.scoping."""

from django.db.models import Q

from accounts import scoping
from accounts.models import path_ids

from .models import TrainingYear


def department_of(unit):
    """The Sở a unit belongs to (itself when it is a Sở), or None above or outside a Sở."""
    from accounts.models import OrgUnit

    if unit is None:
        return None
    if unit.kind == OrgUnit.Kind.DEPARTMENT:
        return unit
    return OrgUnit.objects.filter(pk__in=unit.ancestor_ids, kind=OrgUnit.Kind.DEPARTMENT).first()


def _years_above(unit):
    """The years of the Sở at or above ``unit``, read from its path: years belong to Sở units only, so the Sở
    needs no query of its own (this runs on nearly every page)."""
    if unit is None:
        return TrainingYear.objects.none()
    return TrainingYear.objects.filter(department_id__in=path_ids(unit.path))


def years_visible_to(*, user):
    """Training years of the user's Sở (all years for admins), newest first, with the past years of a Sở merged into
    it (2025: 63 → 34), which its people and officers go on reading."""
    if user.is_admin_role:
        return TrainingYear.objects.select_related("department")
    if user.unit is None:
        return TrainingYear.objects.none()
    above = path_ids(user.unit.path)
    return TrainingYear.objects.filter(
        Q(department_id__in=above) | Q(department__merged_into_id__in=above, is_current=False)
    ).select_related("department")


def merged_year_root(*, user, year):
    """The Sở of ``year`` when that Sở was merged into the user's unit: its past is read under its own name, as the
    root of the office pages. None otherwise."""
    if year is not None and user.unit_id and year.department.merged_into_id == user.unit_id:
        return year.department
    return None


def year_switch_choices(*, user, year):
    """The years offered beside ``year``: its Sở's, and those of a Sở merged into it or that it was merged into."""
    if year is None:
        return []
    department = year.department
    related = Q(department_id=department.pk) | Q(department__merged_into_id=department.pk)
    if department.merged_into_id:
        related |= Q(department_id=department.merged_into_id)
    return list(years_visible_to(user=user).filter(related).order_by("-start_year", "department__path"))


def current_year_for(*, unit):
    return _years_above(unit).filter(is_current=True).first()


def year_from_request(*, user, year_id=None):
    """The year the user asked for (404 outside their Sở), else their Sở's current year."""
    years = years_visible_to(user=user)
    if year_id:
        return scoping.get_in_scope_or_404(years, year_id)
    return years.filter(is_current=True).first() or years.first()


class NoYearYet(Exception):
    """The user's Sở has not opened any training year; bdtx.middleware shows a plain explanation page."""


def require_year(*, user, year_id=None):
    """Like year_from_request, but a missing year stops the view with the "no year yet" page."""
    year = year_from_request(user=user, year_id=year_id)
    if year is None:
        raise NoYearYet
    return year

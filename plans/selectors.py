"""Reads for training years and plans, always starting from accounts.scoping."""

from django.db.models import Prefetch

from accounts import scoping

from .models import Plan, PlanItem, TrainingYear


def department_of(unit):
    """The Sở a unit belongs to (itself when it is a Sở), or None above or outside a Sở."""
    from accounts.models import OrgUnit

    if unit is None:
        return None
    if unit.kind == OrgUnit.Kind.DEPARTMENT:
        return unit
    return OrgUnit.objects.filter(pk__in=unit.ancestor_ids, kind=OrgUnit.Kind.DEPARTMENT).first()


def years_visible_to(*, user):
    """Training years of the user's Sở (all years for admins), newest first."""
    if user.is_admin_role:
        return TrainingYear.objects.select_related("department")
    department = department_of(user.unit)
    if department is None:
        return TrainingYear.objects.none()
    return TrainingYear.objects.filter(department=department)


def current_year_for(*, unit):
    department = department_of(unit)
    if department is None:
        return None
    return TrainingYear.objects.filter(department=department, is_current=True).first()


def year_from_request(*, user, year_id=None):
    """The year the user asked for (404 outside their Sở), else their Sở's current year."""
    years = years_visible_to(user=user)
    if year_id:
        return scoping.get_in_scope_or_404(years, year_id)
    return years.filter(is_current=True).first() or years.first()


def plans_visible_to(*, user, year=None):
    """Kế hoạch of the staff the user may see."""
    queryset = Plan.objects.filter(staff__in=scoping.visible_staff(user))
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.select_related("staff", "school", "year")


def plan_with_items(*, plan_id, user):
    """One plan in scope (404 otherwise) with its items, topics and modules loaded."""
    items = PlanItem.objects.select_related("topic", "module").order_by("content", "order", "id")
    queryset = plans_visible_to(user=user).prefetch_related(Prefetch("items", queryset=items))
    return scoping.get_in_scope_or_404(queryset, plan_id)

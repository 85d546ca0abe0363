"""The offices' plan progress dashboards, under /ke-hoach/nam-hoc/tien-do/. Thin views."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from accounts import scoping
from accounts.permissions import Cap, can
from core.cache import fragment_context
from years.models import Deadline, DeadlineKind
from years.selectors import (
    current_year_for,
    merged_year_root,
    require_year,
    year_from_request,
    year_switch_choices,
)

from . import dashboards


def _require_office(user):
    if not can(user, Cap.MONITOR):
        raise PermissionDenied


def _dashboard(request, root, year):
    user = request.user
    if year is None:
        return render(request, "plans/dashboard_progress.html", {"root": root, "progress": None})
    if not root.is_within(year.department):
        raise Http404
    late_first = request.GET.get("sort") == "late"
    progress, computed_at, key = dashboards.cached_plan_progress(user=user, year=year, root=root, late_first=late_first)
    reopen_deadline = None
    if user.unit_id:
        reopen_deadline = Deadline.objects.filter(
            year=year, unit_id=user.unit_id, kind=DeadlineKind.PLAN_SUBMIT
        ).first()
    return render(
        request,
        "plans/dashboard_progress.html",
        {
            "root": root,
            "progress": progress,
            "year": year,
            "years": year_switch_choices(user=user, year=year),
            "late_first": late_first,
            "reopen_deadline": reopen_deadline,
            "has_offices": any(row.is_office for row in progress.rows),
            "computed_at": computed_at,
            **fragment_context(key, computed_at),
        },
    )


@login_required
def plan_dashboard(request):
    """Tiến độ lập kế hoạch of the user's own Phòng or Sở (the chosen year's Sở for admins)."""
    user = request.user
    _require_office(user)
    year = require_year(user=user, year_id=request.GET.get("year"))
    merged = merged_year_root(user=user, year=year)
    if merged is not None:
        root = merged
    elif user.unit_id and user.unit.is_office:
        root = user.unit
    elif user.is_admin_role and year is not None:
        root = year.department
    else:
        raise Http404
    return _dashboard(request, root, year)


@login_required
def plan_dashboard_unit(request, unit_pk):
    """The same dashboard for one office inside the user's scope (a Sở officer opening a Phòng)."""
    user = request.user
    _require_office(user)
    root = scoping.get_unit_for_user(user, unit_pk)
    if not root.is_office:
        raise Http404
    if request.GET.get("year"):
        year = year_from_request(user=user, year_id=request.GET["year"])
    else:
        year = current_year_for(unit=root) or year_from_request(user=user)
    return _dashboard(request, root, year)

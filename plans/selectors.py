"""Reads for plans, always starting from accounts.scoping."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from accounts import scoping
from accounts.models import MANAGER_POSITIONS, Position, Staff
from years.selectors import year_from_request

from .dashboards import COUNT_FIELDS, staff_plan_counts
from .models import Plan, PlanItem, PlanStatus
from .rules import hours_by_content, quota_state


def plans_visible_to(*, user, year=None):
    """Kế hoạch of the staff the user may see."""
    queryset = Plan.objects.filter(staff__in=scoping.visible_staff(user))
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.select_related("staff", "school", "year")


def people_of_year(*, year, staff, plans):
    """The people of ``year`` as a Staff queryset: while it runs, the active ones of ``staff``; once it is over,
    those who had a plan in it among ``plans`` (some have left or moved since; today's staff were not all there).
    The rule ``plans.dashboards.staff_plan_counts`` counts by, for the pages that list people."""
    if year.is_over:
        return Staff.objects.filter(Exists(plans.filter(year=year, staff=OuterRef("pk"))))
    return staff.filter(is_active=True)


def schools_of_year(schools, *, year):
    """``schools`` (a queryset of units) that are the schools of ``year``: all of them while it runs; once it is
    over, those that had a plan in it (a school taken over since, or under a Sở merged in, belongs to the years it
    was there)."""
    if not year.is_over:
        return schools
    return schools.filter(Exists(Plan.objects.filter(year=year, school=OuterRef("pk"))))


def plan_with_items(*, plan_id, user):
    """One plan in scope (404 otherwise) with its items, topics and modules loaded."""
    items = PlanItem.objects.select_related("topic", "module").order_by("content", "order", "id")
    queryset = plans_visible_to(user=user).prefetch_related(Prefetch("items", queryset=items))
    return scoping.get_in_scope_or_404(queryset, plan_id)


def school_plan_rows(*, school, year):
    """Kế hoạch BDTX của nhà trường: for each planned item, how many staff chose it (submitted or approved)."""
    from django.db.models import Count

    counted = [PlanStatus.SUBMITTED, PlanStatus.APPROVED]
    return (
        PlanItem.objects.filter(plan__school=school, plan__year=year, plan__status__in=counted)
        .values("content", "module__code", "module__title", "topic__title", "hours")
        .annotate(staff_count=Count("plan", distinct=True))
        .order_by("content", "module__level", "module__sequence", "module__code", "topic__title")
    )


def school_plan_people(*, school, year):
    """Đối tượng of the school's plan: {"teachers": counts, "managers": counts}, each the counts of
    ``plans.dashboards.staff_plan_counts`` (``staff``: the people of the year; ``submitted`` and ``approved``: whose
    plan ``school_plan_rows`` counts; ``counted``: the two together)."""
    people = {}
    manager = Q(position__in=MANAGER_POSITIONS)
    plan_of_manager = Q(staff__position__in=MANAGER_POSITIONS)
    for key, is_manager in (("teachers", False), ("managers", True)):
        staff = Staff.objects.filter(unit=school)
        plans = Plan.objects.filter(school=school)
        if is_manager:
            staff, plans = staff.filter(manager), plans.filter(plan_of_manager)
        else:
            staff, plans = staff.exclude(manager), plans.exclude(plan_of_manager)
        counts = staff_plan_counts(staff, plans=plans, year=year).get(school.pk, {})
        counts = {name: counts.get(name, 0) for name in COUNT_FIELDS}
        counts["counted"] = counts["submitted"] + counts["approved"]
        people[key] = counts
    return people


def group_head(*, school, group):
    """The head (tổ trưởng) of ``group`` at ``school`` when the group has exactly one active one, else None: the
    name printed under "TỔ TRƯỞNG" on a plan or the group's minutes."""
    if not group:
        return None
    heads = list(
        Staff.objects.filter(unit=school, subject_group=group, position=Position.GROUP_HEAD, is_active=True)[:2]
    )
    return heads[0] if len(heads) == 1 else None


def plan_items(plan):
    """The plan's items in the order the plan page and the printed plan list them, topics and modules loaded."""
    return list(plan.items.select_related("module", "topic").order_by("content", "order", "id"))


def content_totals(totals, quotas, *, exempt3=False):
    """(content, planned, quota, state) per content; state is rules.quota_state, or "exempt" for content 3."""
    return [
        (
            content,
            totals[content],
            quotas[content],
            "exempt" if content == 3 and exempt3 else quota_state(totals[content], quotas[content]),
        )
        for content in (1, 2, 3)
    ]


def plan_totals(plan, items):
    """The plan page's and the printed plan's totals: ``content_totals`` of ``items`` against the year's quotas."""
    quotas = {content: plan.year.quota_for(content) for content in (1, 2, 3)}
    return content_totals(hours_by_content(items), quotas, exempt3=plan.exempt_content3)


def school_plan_statuses(*, user, school, year):
    """Every active staff member of the school with their plan (or None), sorted the Vietnamese way."""
    return _with_plans(scoping.visible_staff(user).filter(unit=school, is_active=True), year)


def manager_plan_statuses(*, user, year):
    """Managers (CBQL) of the schools reporting directly to the officer's unit, with their plans."""
    from accounts.models import MANAGER_POSITIONS

    staff = scoping.visible_staff(user).filter(
        unit__parent_id=user.unit_id, position__in=MANAGER_POSITIONS, is_active=True
    )
    return _with_plans(staff, year)


def _with_plans(staff, year):
    plans = {plan.staff_id: plan for plan in Plan.objects.filter(year=year, staff__in=staff).select_related("school")}
    rows = []
    for member in staff.order_by("sort_key", "id"):
        plan = plans.get(member.pk)
        if plan is not None:
            plan.staff = member
        rows.append((member, plan))
    return rows


# The list's filter of everyone whose plan is not approved yet (no plan, draft, sent, returned).
NOT_APPROVED = "CHUA_DUYET"
# The list's filter of the plans sent that the user approves (plans.services.waiting_for).
WAITING_FOR_ME = "CHO_TOI"


def rows_with_status(rows, status):
    """Keep the (staff, plan) rows in one status; "NONE" means no plan yet, ``NOT_APPROVED`` every status but
    approved, "" keeps everything."""
    if not status:
        return rows
    if status == NOT_APPROVED:
        return [(member, plan) for member, plan in rows if plan is None or plan.status != PlanStatus.APPROVED]
    return [(member, plan) for member, plan in rows if (plan.status if plan else "NONE") == status]


def plan_status_counts(rows):
    """(status, label, count) for each plan status, "not started" first, over (staff, plan) rows."""
    from django.utils.translation import gettext as _

    counts = {}
    for _member, plan in rows:
        key = plan.status if plan else "NONE"
        counts[key] = counts.get(key, 0) + 1
    statuses = [(value, label, counts.get(value, 0)) for value, label in [("NONE", _("Chưa lập")), *PlanStatus.choices]]
    not_approved = len(rows) - counts.get(PlanStatus.APPROVED, 0)
    return [*statuses, (NOT_APPROVED, _("Chưa được duyệt"), not_approved)]


def home_panel(*, user):
    """What the home page shows about plans: the user's own plan, and for managers the school's statuses."""
    from accounts.models import Role

    year = year_from_request(user=user) if user.unit_id or user.is_admin_role else None
    if year is None:
        return None
    panel = {"year": year}
    if user.staff_id:
        plan = Plan.objects.filter(year=year, staff_id=user.staff_id).first()
        panel["my_plan"] = plan
        if plan is not None:
            from .rules import hours_by_content

            totals = hours_by_content(plan.items.all())
            panel["my_totals"] = [(content, totals[content], year.quota_for(content)) for content in (1, 2, 3)]
    if user.role == Role.SCHOOL_MANAGER and user.unit and user.unit.is_school:
        rows = school_plan_statuses(user=user, school=user.unit, year=year)
        panel["school_counts"] = plan_status_counts(rows)
        # Not submitted: no plan, a draft, or a plan returned and not sent again (the plan dashboard's ``missing``).
        waiting = {PlanStatus.DRAFT, PlanStatus.RETURNED}
        panel["not_submitted"] = [member for member, plan in rows if plan is None or plan.status in waiting]
    return panel

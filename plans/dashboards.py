"""Plan progress dashboards for offices: per school, per Phòng, against the deadlines.

Everything is computed in a fixed number of queries whatever the size of the subtree:
one for the units, one GROUP BY over staff and this year's plans, one for the deadlines set on the
way down to the schools and one for their reopenings; deadlines are then resolved per school in Python
(``years.deadlines``: the earliest last day wins).
"""

from dataclasses import dataclass, field

from django.db.models import Count, FilteredRelation, Q
from django.utils import timezone

from accounts import scoping
from accounts.models import OrgUnit, Staff, path_ids
from core.cache import cached_figures, unit_versions
from core.vietnamese import fold
from years.deadlines import deadline_index, last_day
from years.models import DeadlineKind

from .models import Plan, PlanStatus

STATUS_FIELDS = {
    PlanStatus.DRAFT: "draft",
    PlanStatus.SUBMITTED: "submitted",
    PlanStatus.RETURNED: "returned",
    PlanStatus.APPROVED: "approved",
}
COUNT_FIELDS = ["staff", "not_started", "draft", "submitted", "returned", "approved"]


@dataclass
class ProgressRow:
    """One line of the dashboard: a school, or an office aggregated over its schools."""

    unit: OrgUnit
    staff: int = 0
    not_started: int = 0
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0
    submit_due: object = None  # last day to submit (this school's reopening included), or None
    approve_due: object = None
    late_submit: bool = False
    late_approve: bool = False
    schools: int = 0  # for office rows: number of schools aggregated
    late_schools: int = 0
    reopened: bool = False  # a reopening moved this school's submit deadline
    submit_deadline: object = None  # the Deadline that binds the school's submission
    children: list = field(default_factory=list, repr=False)

    @property
    def is_office(self):
        return self.unit.kind != OrgUnit.Kind.SCHOOL

    @property
    def late(self):
        return self.late_schools > 0 if self.is_office else (self.late_submit or self.late_approve)

    @property
    def missing(self):
        """Staff without a submitted or approved plan."""
        return self.not_started + self.draft + self.returned

    @property
    def not_approved(self):
        """ "Chưa có kế hoạch được duyệt": no plan, or a plan not approved (the results dashboard's figure too)."""
        return self.staff - self.approved

    @property
    def approved_percent(self):
        return round(100 * self.approved / self.staff) if self.staff else 0

    def add(self, other):
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Progress:
    year: object
    root: OrgUnit
    on: object
    rows: list
    total: ProgressRow


def staff_plan_counts(staff, *, plans, year, annotations=None, extra=None):
    """{school id: {count name: n}} of the people of ``year`` by the status of their plan, in one GROUP BY query.

    The one definition of the plan counts every page shows: the progress dashboard, the results dashboards
    (``results.results``) and the school's confirmation page; ``not_approved`` ("chưa có kế hoạch được duyệt") is
    ``staff - approved``. ``annotations`` and ``extra`` add joins and counts of the caller's own.

    The people of a year under way are today's active ``staff`` (a Staff queryset), at their school. The people of
    a year that is over (``TrainingYear.is_over``) are those who had a plan in it (``plans``, a Plan queryset, by
    the school of that plan): some have left or moved since, and today's staff were not all there. Then ``extra``
    is written on the plan (``result`` is its year result).
    """
    over = year.is_over
    counts = {"staff": Count("id")}
    if not over:  # everyone of a year that is over had a plan
        counts["not_started"] = Count("id", filter=Q(year_plan__isnull=True))
    for status, name in STATUS_FIELDS.items():
        counts[name] = Count("id", filter=Q(status=status) if over else Q(year_plan__status=status))
    counts.update(extra or {})
    if over:
        rows = plans.filter(year=year).values("school_id").annotate(**counts).order_by()
    else:
        rows = (
            staff.filter(is_active=True)
            .annotate(year_plan=FilteredRelation("plans", condition=Q(plans__year=year)), **(annotations or {}))
            .values("unit_id")
            .annotate(**counts)
            .order_by()
        )
    result = {}
    for row in rows:
        key = row.pop("school_id" if over else "unit_id")
        row.setdefault("not_started", 0)
        row["not_approved"] = row["staff"] - row["approved"]
        result[key] = row
    return result


def _staff_counts(*, year, root, past=None):
    """{school id: {count name: n}} of the year's people and plans, in one GROUP BY query."""
    counts = staff_plan_counts(
        Staff.objects.filter(scoping.subtree_q(root, via="unit", past=past)),
        year=year,
        plans=Plan.objects.filter(scoping.subtree_q(root, via="school", past=past)),
    )
    for row in counts.values():
        del row["not_approved"]  # a property of the row
    return counts


def plan_progress(*, year, root, on=None, late_first=False):
    """Dashboard rows for everything below ``root`` (a Sở or a Phòng), grouped by root's direct children.

    A Phòng's children are its schools, so its rows are schools. Under a Sở each Phòng becomes one
    aggregated row (its schools in ``row.children``) and each school directly under the Sở its own row.
    Counts are of active staff by the status of their plan for ``year``; a school is late to submit when
    ``on`` is past its submit deadline and someone has no submitted or approved plan, late to approve when
    past its approve deadline with plans still waiting. A year restructured since reads the tree it had (its
    Phòng, under their names then) and flags nothing late: it is closed.
    """
    on = on or timezone.localdate()
    past = scoping.past_tree(year, root)
    units = [unit for unit in scoping.subtree_units(root, past=past) if unit.pk != root.pk]
    judged = not year.is_read_only
    counts = _staff_counts(year=year, root=root, past=past)
    deadlines, reopenings = deadline_index(
        year=year, root=root, kinds=[DeadlineKind.PLAN_SUBMIT, DeadlineKind.PLAN_APPROVE]
    )
    submit, approve = deadlines[DeadlineKind.PLAN_SUBMIT], deadlines[DeadlineKind.PLAN_APPROVE]

    units_by_id = {unit.pk: unit for unit in units}
    top_rows = {}
    for unit in units:
        if unit.parent_id == root.pk:
            row = ProgressRow(unit=unit)
            if row.is_office:
                row.submit_due = last_day(deadlines_by_unit=submit, reopenings={}, path=unit.path, unit_id=unit.pk)[0]
                row.approve_due = last_day(deadlines_by_unit=approve, reopenings={}, path=unit.path, unit_id=unit.pk)[0]
            top_rows[unit.pk] = row

    for unit in units:
        if unit.kind != OrgUnit.Kind.SCHOOL:
            continue
        ids = path_ids(unit.path)
        top_id = ids[ids.index(root.pk) + 1] if root.pk in ids else None
        top = top_rows.get(top_id)
        if top is None or any(ancestor not in units_by_id for ancestor in ids[ids.index(root.pk) + 1 :]):
            continue  # under an inactive office
        row = top if top.unit.pk == unit.pk else ProgressRow(unit=unit)
        for name, value in counts.get(unit.pk, {}).items():
            setattr(row, name, value)
        row.submit_due, row.reopened, row.submit_deadline = last_day(
            deadlines_by_unit=submit, reopenings=reopenings, path=unit.path, unit_id=unit.pk
        )
        row.approve_due = last_day(deadlines_by_unit=approve, reopenings=reopenings, path=unit.path, unit_id=unit.pk)[0]
        row.late_submit = judged and row.submit_due is not None and on > row.submit_due and row.missing > 0
        row.late_approve = judged and row.approve_due is not None and on > row.approve_due and row.submitted > 0
        if row is not top:
            top.children.append(row)
            top.add(row)
            top.schools += 1
            top.late_schools += row.late

    total = ProgressRow(unit=root)
    rows = list(top_rows.values())
    for row in rows:
        total.add(row)
        row.children.sort(key=lambda child: _sort_key(child, late_first))
        if row.is_office:
            total.schools += row.schools
            total.late_schools += row.late_schools
        else:
            total.schools += 1
            total.late_schools += row.late
    rows.sort(key=lambda row: _sort_key(row, late_first))
    return Progress(year=year, root=root, on=on, rows=rows, total=total)


def cached_plan_progress(*, user, year, root, late_first=False):
    """``plan_progress`` as the dashboard shows it, kept for DASHBOARD_CACHE_SECONDS (bdtx/cache.py): (progress,
    computed at, cache key). The home page's late count reads the same figures as the page it links to."""
    key = (root.pk, year.pk, late_first, timezone.localdate(), unit_versions(root.pk, user.unit_id))
    progress, computed_at = cached_figures(
        "plan_progress", key, lambda: plan_progress(year=year, root=root, late_first=late_first)
    )
    return progress, computed_at, key


def _sort_key(row, late_first):
    # Offices before the schools placed directly under the Sở, then by name without diacritics.
    return (not row.late if late_first else False, not row.is_office, fold(row.unit.name))

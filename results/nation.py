"""Reads for the Ministry's national summary ("Tổng hợp toàn quốc"): one row per Sở for its current training
year, and the national total.

Only admins see it (the only role above a Sở). The Sở come from ``accounts.scoping.visible_units``; the numbers
are four queries over the whole country whatever the number of Sở, never one per Sở:

- the Sở and their current years;
- approved plans of those years by audience (teachers, managers) — one GROUP BY over the plans;
- year results by year and class — ``results._result_counts`` grouped by year, the same counting rules as the
  results dashboards (percentages of the people with a result; the completing classes of
  ``assessment.rules.COMPLETED``);
- each Sở's own report to the Ministry (``UnitReport``) and its deadline, to show whether its chain is done.

Those GROUP BYs read every approved plan and result of the year in the country: about a second per 400,000 staff
on the development machine (README, "Nation scale"). The page therefore shows ``cached_nation_summary``, kept like
the office dashboards' figures (``core.cache``) and said on the page with the time it was computed.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from accounts import scoping
from accounts.models import MANAGER_POSITIONS, OrgUnit
from accounts.permissions import Cap, Scope, scope_of
from core.cache import cached_figures
from plans.models import Plan, PlanStatus
from reports import chain_selectors
from reports.models import UnitReport
from years.models import Deadline, DeadlineKind, TrainingYear

from . import results


def can_view_nation(user):
    """The national summary: for whoever reads the figures of every unit (the admin)."""
    return scope_of(user, Cap.REPORT) == Scope.ALL


@dataclass
class NationRow(results.ResultRow):
    """A Sở's line: the results counts of ``ResultRow`` for its current year, its approved plans and its report."""

    year: TrainingYear | None = None
    teachers: int = 0  # approved plans of teachers
    managers: int = 0  # approved plans of managers (CBQL)
    report: chain_selectors.StatusRow | None = None

    @property
    def planned(self):
        return self.teachers + self.managers

    def add(self, other):
        super().add(other)
        self.teachers += other.teachers
        self.managers += other.managers


@dataclass
class NationSummary:
    rows: list
    total: NationRow
    classes: list
    on: object

    @property
    def completed_column(self):
        return results.needs_completed_column(self.classes)

    @property
    def reports_done(self):
        """Sở whose report is in the Ministry's hands (submitted or accepted)."""
        return sum(1 for row in self.rows if row.report is not None and not row.report.outstanding)


def _plan_counts(years):
    """{year id: (teachers, managers)} of approved plans: one GROUP BY query."""
    manager = Q(staff__position__in=MANAGER_POSITIONS)
    rows = (
        Plan.objects.filter(year__in=years, status=PlanStatus.APPROVED)
        .values("year_id")
        .annotate(managers=Count("id", filter=manager), total=Count("id"))
        .order_by()
    )
    return {row["year_id"]: (row["total"] - row["managers"], row["managers"]) for row in rows}


def _report_rows(years, on):
    """{year id: StatusRow} of each Sở's report to the Ministry, late when past its deadline and outstanding."""
    kind = DeadlineKind.DEPARTMENT_REPORT
    departments = [year.department_id for year in years]
    reports = {
        (report.year_id, report.unit_id): report
        for report in UnitReport.objects.filter(year__in=years, unit_id__in=departments).defer("snapshot")
    }
    due = {
        (year_id, unit_id): day
        for year_id, unit_id, day in Deadline.objects.filter(
            year__in=years, kind=kind, unit_id__in=departments
        ).values_list("year_id", "unit_id", "due_date")
    }
    rows = {}
    for year in years:
        key = (year.pk, year.department_id)
        row = chain_selectors.StatusRow(unit=year.department, kind=kind, report=reports.get(key))
        row.due = due.get(key) or chain_selectors.default_due(year=year, kind=kind)
        row.late = row.due is not None and on > row.due and row.outstanding
        rows[year.pk] = row
    return rows


def nation_summary(*, user, on=None):
    """Every Sở the user sees with its current year's numbers, in code order; a Sở without a current year shows
    an empty row. Admins only (the view checks ``can_view_nation``); the scope still comes from ``scoping``."""
    on = on or timezone.localdate()
    departments = list(scoping.visible_units(user).filter(kind=OrgUnit.Kind.DEPARTMENT, is_active=True))
    years = list(TrainingYear.objects.filter(department__in=departments, is_current=True).select_related("department"))
    by_department = {year.department_id: year for year in years}
    ministry = scoping.visible_units(user).filter(kind=OrgUnit.Kind.MINISTRY).first()
    result_counts, plan_counts, reports = {}, {}, {}
    if years and ministry is not None:
        result_counts = results._result_counts(user=user, year=years, root=ministry, by="year_id")
        plan_counts = _plan_counts(years)
        reports = _report_rows(years, on)
    rows = []
    total = NationRow(unit=ministry or OrgUnit(kind=OrgUnit.Kind.MINISTRY))
    for department in departments:
        year = by_department.get(department.pk)
        row = NationRow(unit=department, year=year)
        if year is not None:
            counts = result_counts.get(year.pk)
            if counts:
                row.evaluated, row.incomplete = counts["evaluated"], counts["incomplete"]
                row.counts = dict(counts["counts"])
            row.teachers, row.managers = plan_counts.get(year.pk, (0, 0))
            row.report = reports.get(year.pk)
        total.add(row)
        rows.append(row)
    rows.sort(key=lambda row: row.unit.code)  # the official order of the provinces (their codes)
    classes = results.classes_for(years, {cls for row in rows for cls in row.counts}) if years else []
    for row in (*rows, total):
        row.fill_cells(classes)
    return NationSummary(rows=rows, total=total, classes=classes, on=on)


def cached_nation_summary(*, user):
    """``(nation_summary, computed_at)``, computed at most every ``DASHBOARD_CACHE_SECONDS`` (``core.cache``).

    One entry for every admin: the page is for admins only, and an admin's scope is the whole country.
    """
    return cached_figures("nation_summary", (timezone.localdate(),), lambda: nation_summary(user=user))

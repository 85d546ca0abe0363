"""Reads for the report chain (school → Phòng → Sở → Bộ) and the Ministry report.

- ``school_report_rows``: the list a school submits (everyone with this year's result, then active staff without);
- ``result_counts`` / ``results_table``: counts by level × audience × class in GROUP BY queries, and the table
  of the Ministry's shape built from them (the same builder serves the screen, the Excel file and snapshots);
- ``report_status_table``: for an office, the units reporting to it with their report status and late flags,
  in a fixed number of queries whatever the number of units.

Every view gets its units through ``accounts.scoping`` first; these functions take units already in scope.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.models import MANAGER_POSITIONS, Audience, Level, OrgUnit, Role, Staff
from accounts.permissions import Cap, can
from assessment.models import YearResult
from assessment.rules import CLASS_ORDER, LEVELS, NOT_COMPLETED, Classification, label, share_text
from core import money
from core.vietnamese import fold, name_sort_key
from plans.models import Plan
from plans.selectors import people_of_year
from years.deadlines import deadline_index, last_day, unit_last_day
from years.models import DeadlineKind, Ruleset
from years.selectors import merged_year_root

from .models import NOT_SUBMITTED, Reminder, ReportStatus, UnitReport

# The report each kind of unit sends to its superior.
REPORT_KIND = {
    OrgUnit.Kind.SCHOOL: DeadlineKind.SCHOOL_REPORT,
    OrgUnit.Kind.DISTRICT: DeadlineKind.DISTRICT_REPORT,
    OrgUnit.Kind.COMMUNE: DeadlineKind.DISTRICT_REPORT,
    OrgUnit.Kind.DEPARTMENT: DeadlineKind.DEPARTMENT_REPORT,
}
REPORT_KINDS = tuple(REPORT_KIND.values())
# Who submits each unit's report.
# When nobody set a deadline: the Ministry wants the Sở's yearly report before 30 June (CV 962/BGDĐT-NGCBQLCSGD,
# regulations.md). School and Phòng deadlines are the Sở's and Phòng's to set: no default.
DEFAULT_DUE = {DeadlineKind.DEPARTMENT_REPORT: (6, 30)}

NO_RESULT = "NONE"
GV, CBQL = Audience.TEACHER.value, Audience.MANAGER.value
AUDIENCES = (GV, CBQL)
AUDIENCE_LABELS = dict(Audience.choices)
# Columns of the results table per ruleset; a class found in the data but not listed is added in this order.
RULESET_CLASSES = {
    Ruleset.TT26_2012: [
        Classification.GIOI,
        Classification.KHA,
        Classification.TRUNG_BINH,
        Classification.KHONG_HOAN_THANH,
        Classification.DAT,
        Classification.KHONG_DAT,
    ],
    Ruleset.TT19_2019: [Classification.HOAN_THANH, Classification.KHONG_HOAN_THANH],
}
# The order of the classes and the ones that do not complete the plan: one definition, the dashboards'.


def report_kind_for(unit):
    return REPORT_KIND.get(unit.kind)


def status_label(status):
    if status == NOT_SUBMITTED or not status:
        return _("Chưa nộp")
    return ReportStatus(status).label


def default_due(*, year, kind):
    month_day = DEFAULT_DUE.get(kind)
    return datetime.date(year.start_year + 1, *month_day) if month_day else None


def unit_due_date(*, year, kind, unit):
    """The last day ``unit`` may submit its report (its own reopening included), or None."""
    return unit_last_day(year=year, kind=kind, unit=unit)[0] or default_due(year=year, kind=kind)


# ---------------------------------------------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------------------------------------------


def can_submit(*, user, unit):
    """The unit's own managers (school) or officers (Phòng, Sở) submit its report; admins may too."""
    return unit.kind in REPORT_KIND and can(user, Cap.SUBMIT, unit)


def can_review(*, user, report):
    """The officers of the unit the report goes to accept or return it. The Sở's report goes to the Bộ, which is
    not in the application: only an admin may return it (to let the Sở correct and resubmit)."""
    if user.is_admin_role:
        return True
    if report.kind == DeadlineKind.DEPARTMENT_REPORT:
        return False
    return user.unit_id == report.unit.parent_id and can(user, Cap.APPROVE, report.unit)


def reports_visible_to(*, user):
    """Reports of the units the user may see (managers and offices only)."""
    if not can(user, Cap.REPORT):
        return UnitReport.objects.none()
    return UnitReport.objects.filter(unit__in=scoping.visible_units(user)).select_related("unit", "year")


def get_report_for_user(*, user, pk):
    return scoping.get_in_scope_or_404(reports_visible_to(user=user), pk)


def report_of(*, unit, year):
    return UnitReport.objects.filter(unit=unit, year=year).select_related("submitted_by", "decided_by").first()


def report_transitions(*, report):
    if report is None:
        return []
    return list(report.transitions.select_related("by").defer("snapshot"))


# ---------------------------------------------------------------------------------------------------------------
# A school's list
# ---------------------------------------------------------------------------------------------------------------


def _audience(position):
    return CBQL if position in MANAGER_POSITIONS else GV


def _average_text(value):
    return None if value is None else f"{value:.1f}"


def school_report_rows(*, school, year):
    """The school's list for the year: one dict per person (JSON-ready), sorted the Vietnamese way.

    People with a result of this school's plans come with their average and class; active staff of the school
    with no result this year (no approved plan, or not yet computed) are listed with an empty class.
    """
    results = list(YearResult.objects.filter(school=school, year=year).select_related("staff"))
    without = people_of_year(
        year=year, staff=Staff.objects.filter(unit=school), plans=Plan.objects.filter(school=school)
    ).exclude(Exists(YearResult.objects.filter(staff=OuterRef("pk"), year=year)))
    people = [(result.staff, result) for result in results] + [(staff, None) for staff in without]
    people.sort(key=lambda pair: (pair[0].sort_key, pair[0].pk))
    rows = []
    for staff, result in people:
        rows.append(
            {
                "staff_id": staff.pk,
                "code": staff.code,
                "name": staff.full_name,
                "birth_date": staff.birth_date.isoformat() if staff.birth_date else None,
                "position": staff.position,
                "position_label": str(staff.get_position_display()),
                "level": staff.level,
                "audience": _audience(staff.position),
                "average": _average_text(result.average) if result else None,
                "classification": result.classification if result else "",
                "classification_label": str(label(result.classification, year.ruleset)) if result else "",
            }
        )
    return rows


def counts_from_rows(rows):
    """{level: {audience: {class or "NONE": n}}} from ``school_report_rows`` rows."""
    counts = {}
    for row in rows:
        key = row["classification"] or NO_RESULT
        by_class = counts.setdefault(row["level"], {}).setdefault(row["audience"], {})
        by_class[key] = by_class.get(key, 0) + 1
    return counts


def merge_counts(*many):
    total = {}
    for counts in many:
        for level, audiences in (counts or {}).items():
            for audience, by_class in audiences.items():
                target = total.setdefault(level, {}).setdefault(audience, {})
                for key, n in by_class.items():
                    target[key] = target.get(key, 0) + n
    return total


def _accepted_below(*, unit, year):
    """The snapshots of the accepted reports of the units reporting to ``unit`` (read on the kept tree of a year
    whose tree changed since)."""
    past = scoping.past_tree(year, unit)
    if past is not None:
        below = Q(unit_id__in=[pk for pk, row in past.placements.items() if row.parent_id == unit.pk])
    else:
        below = Q(unit__parent=unit, unit__is_active=True)
    return list(
        UnitReport.objects.filter(below, year=year, status=ReportStatus.ACCEPTED).values_list("snapshot", flat=True)
    )


def accepted_counts(*, unit, year):
    """What an office's report adds up to now (a middle-tier unit's, the Sở's, the Ministry table): the counts of
    the accepted reports of the units reporting to it, never live results (one query; three for a year whose tree
    changed since, whose units then are read from its kept tree)."""
    return merge_counts(*(snapshot.get("counts", {}) for snapshot in _accepted_below(unit=unit, year=year)))


# The sources of a report table's figures whose people can be listed: the unit's own report as sent, or the
# reports accepted below it (what its next report will add up).
SNAPSHOT, ACCEPTED = "snapshot", "accepted"


def reported_people(*, unit, year, source, level="", audience="", figure=""):
    """The people a figure of a report table counts, read from the school lists inside the reports themselves
    (an office's report names the reports it included; a school's report holds its list), so the list's length
    is the figure whatever changed in the live data since. ``figure``: a class code, ``NONE`` (no result),
    ``evaluated`` (any result) or "" (everyone). Each row gains ``school``: the name of the school that sent it."""
    if source == SNAPSHOT:
        report = UnitReport.objects.filter(
            year=year, unit=unit, status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
        ).first()
        pending = [report.snapshot] if report is not None else []
    elif source == ACCEPTED:
        pending = _accepted_below(unit=unit, year=year)
    else:
        raise ValueError(source)
    rows = []
    while pending:
        snapshot = pending.pop()
        if "rows" in snapshot:
            school = snapshot.get("unit", {}).get("name", "")
            rows.extend({**row, "school": school} for row in snapshot["rows"])
            continue
        included = [item["report_id"] for item in snapshot.get("included", []) if item.get("report_id")]
        pending.extend(UnitReport.objects.filter(pk__in=included).values_list("snapshot", flat=True))

    def counted(row):
        key = row["classification"] or NO_RESULT
        if (level and row["level"] != level) or (audience and row["audience"] != audience):
            return False
        return not figure or figure == key or (figure == "evaluated" and key != NO_RESULT)

    people = [row for row in rows if counted(row)]
    people.sort(key=lambda row: (row["school"], name_sort_key(row["name"]), row["staff_id"]))
    return people


def counts_differ(live, accepted):
    """Whether live results differ from the accepted reports' counts (a score changed after a report went up)."""
    return merge_counts(live) != merge_counts(accepted)


def row_display(row):
    """A snapshot row with its birth date as dd/mm/yyyy and its average with a decimal comma."""
    birth = row.get("birth_date")
    return {
        **row,
        "birth_date_text": datetime.date.fromisoformat(birth).strftime("%d/%m/%Y") if birth else "",
        "average_text": (row.get("average") or "").replace(".", ","),
    }


# ---------------------------------------------------------------------------------------------------------------
# Counts by level × audience × class, and the Ministry's table
# ---------------------------------------------------------------------------------------------------------------


def _audience_expression(prefix=""):
    return Case(
        When(**{f"{prefix}position__in": list(MANAGER_POSITIONS)}, then=Value(CBQL)),
        default=Value(GV),
        output_field=CharField(),
    )


def result_counts(*, year, root):
    """Counts of this year's results in ``root``'s subtree by level × audience × class (one GROUP BY query), and
    of active staff in the subtree without a result (a second one), as {level: {audience: {class|"NONE": n}}}."""
    counts = {}
    results = (
        YearResult.objects.filter(scoping.subtree_q(root, via="school"), year=year)
        .annotate(audience=_audience_expression("staff__"))
        .values("staff__level", "audience", "classification")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in results:
        by_class = counts.setdefault(row["staff__level"], {}).setdefault(row["audience"], {})
        by_class[row["classification"]] = by_class.get(row["classification"], 0) + row["n"]
    without = (
        people_of_year(
            year=year,
            staff=Staff.objects.filter(scoping.subtree_q(root, via="unit")),
            plans=Plan.objects.filter(scoping.subtree_q(root, via="school")),
        )
        .exclude(Exists(YearResult.objects.filter(staff=OuterRef("pk"), year=year)))
        .annotate(audience=_audience_expression())
        .values("level", "audience")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in without:
        by_class = counts.setdefault(row["level"], {}).setdefault(row["audience"], {})
        by_class[NO_RESULT] = by_class.get(NO_RESULT, 0) + row["n"]
    return counts


def percent(part, whole):
    """Percentage with one decimal, half up (``core.money.percent``, as on the dashboards); None when there is
    nothing to divide."""
    if not whole:
        return None
    return money.percent(part, whole)


@dataclass
class TableRow:
    label: str
    audience_label: str
    counts: list
    no_result: int = 0
    level: str = ""
    audience: str = ""
    is_total: bool = False
    completed: int = 0
    span: int = 0

    @property
    def total(self):
        """Tổng số: people with a result (those without are in ``no_result``)."""
        return sum(self.counts)

    @property
    def percents(self):
        return [percent(n, self.total) for n in self.counts]

    @property
    def cells(self):
        return list(zip(self.counts, self.percents, strict=True))

    @property
    def completion_rate(self):
        return percent(self.completed, self.total)

    @property
    def completion_text(self):
        """ "78,6 % trên 14 người có kết quả": the rate with its base, worded as on the dashboards."""
        return share_text(self.completed, self.total)


@dataclass
class ResultTable:
    classes: list  # [(code, label)]
    rows: list
    totals: list = field(default_factory=list)  # GV, CBQL, all

    @property
    def grand_total(self):
        return self.totals[-1]


def table_classes(*, ruleset, counts):
    present = {
        key for audiences in counts.values() for by_class in audiences.values() for key in by_class if key != NO_RESULT
    }
    listed = list(RULESET_CLASSES.get(ruleset, CLASS_ORDER))
    extra = [cls for cls in CLASS_ORDER if cls in present and cls not in listed]
    return [(str(cls), str(label(cls, ruleset))) for cls in listed + extra]


def results_table(*, counts, ruleset, compact=False):
    """The Ministry's shape: one row per level × audience (every level, zeros included), then totals.

    ``compact`` leaves out the level × audience rows with nobody in them (a school's or a Phòng's page). Each row's
    ``span`` is the number of rows its level cell covers (0 for the rows under the first one).
    """
    classes = table_classes(ruleset=ruleset, counts=counts)
    codes = [code for code, _label in classes]
    completed_codes = [code for code in codes if code not in NOT_COMPLETED]
    level_labels = dict(Level.choices)

    def make(label, audience_label, by_class, **extra):
        row = TableRow(
            label=label,
            audience_label=audience_label,
            counts=[by_class.get(code, 0) for code in codes],
            no_result=by_class.get(NO_RESULT, 0),
            completed=sum(by_class.get(code, 0) for code in completed_codes),
            **extra,
        )
        return row

    rows = []
    sums = {audience: {} for audience in AUDIENCES}
    for level in LEVELS:
        for audience in AUDIENCES:
            by_class = counts.get(level, {}).get(audience, {})
            rows.append(
                make(str(level_labels[level]), str(AUDIENCE_LABELS[audience]), by_class, level=level, audience=audience)
            )
            for key, n in by_class.items():
                sums[audience][key] = sums[audience].get(key, 0) + n
    if compact:
        rows = [row for row in rows if row.total or row.no_result]
    for index, row in enumerate(rows):
        if index and rows[index - 1].level == row.level:
            continue
        row.span = sum(1 for other in rows if other.level == row.level)
    all_classes = {}
    for by_class in sums.values():
        for key, n in by_class.items():
            all_classes[key] = all_classes.get(key, 0) + n
    totals = [
        make(_("Cộng"), str(AUDIENCE_LABELS[GV]), sums[GV], audience=GV, is_total=True),
        make(_("Cộng"), str(AUDIENCE_LABELS[CBQL]), sums[CBQL], audience=CBQL, is_total=True),
        make(_("Tổng cộng"), "", all_classes, is_total=True),
    ]
    return ResultTable(classes=classes, rows=rows, totals=totals)


def ministry_department(*, user, year):
    """The Sở whose Ministry report the user may see for ``year``: the officer's own Sở, or the year's Sở for an
    admin; None for everyone else."""
    if user.is_admin_role:
        return year.department if year is not None else None
    if user.role != Role.DEPARTMENT_OFFICER or user.unit_id is None or user.unit.kind != OrgUnit.Kind.DEPARTMENT:
        return None
    if year is not None and year.department_id != user.unit_id:
        return None
    return user.unit


# ---------------------------------------------------------------------------------------------------------------
# Status tables
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class StatusRow:
    unit: OrgUnit
    kind: str
    report: UnitReport | None = None
    due: datetime.date | None = None
    reopened: bool = False
    late: bool = False
    reminded: Reminder | None = None
    # For an office row: its own schools' reports.
    schools: int = 0
    schools_submitted: int = 0
    schools_accepted: int = 0
    schools_late: int = 0
    # The year is kept as it was (restructured since): nothing is late in it, and a missing report stays missing.
    closed: bool = False

    @property
    def status(self):
        return self.report.status if self.report else NOT_SUBMITTED

    @property
    def status_label(self):
        if self.closed and self.report is None:
            return _("Không có báo cáo")
        return status_label(self.status)

    @property
    def is_office(self):
        return self.unit.kind != OrgUnit.Kind.SCHOOL

    @property
    def outstanding(self):
        """Nothing in the superior's hands: never submitted, or returned."""
        return self.status in (NOT_SUBMITTED, ReportStatus.RETURNED)

    @property
    def submitted_late(self):
        return self.report is not None and not self.outstanding and self.report.submitted_late

    def judge_late(self, on):
        """Late on ``on``: past its deadline with nothing in the superior's hands, in a year not kept as it was."""
        self.late = not self.closed and self.due is not None and on > self.due and self.outstanding

    @property
    def can_remind(self):
        return self.late and self.reminded is None


@dataclass
class StatusTable:
    root: OrgUnit
    year: object
    on: datetime.date
    own: StatusRow | None
    rows: list

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def late_rows(self):
        return [row for row in self.rows if row.late]

    @property
    def summary(self):
        return [
            (NOT_SUBMITTED, status_label(NOT_SUBMITTED), self.count(NOT_SUBMITTED)),
            *[(value, label, self.count(value)) for value, label in ReportStatus.choices],
        ]


def report_status_table(*, root, year, on=None, late_first=False):
    """The units reporting to ``root`` (a Phòng: its schools; a Sở: its Phòng and the schools attached to it)
    with their report status and late flags, plus ``root``'s own report. Five queries whatever the size.

    A unit is late when ``on`` is past its deadline (a reopening for it included) and its report is not in its
    superior's hands (never submitted, or returned). An office row also counts its own schools' reports.
    """
    on = on or timezone.localdate()
    past = scoping.past_tree(year, root)  # a year whose tree changed since reads its own (a dissolved Phòng)
    units = scoping.subtree_units(root, past=past)
    reports = {
        report.unit_id: report
        for report in UnitReport.objects.filter(scoping.subtree_q(root, via="unit", past=past), year=year).defer(
            "snapshot"
        )
    }
    deadlines, reopenings = deadline_index(year=year, root=root, kinds=REPORT_KINDS)
    reminders = {
        reminder.to_unit_id: reminder
        for reminder in Reminder.objects.filter(scoping.subtree_q(root, via="to_unit"), year=year, sent_on=on)
    }
    units_by_id = {unit.pk: unit for unit in units}

    def make_row(unit):
        kind = report_kind_for(unit)
        due, reopened, _binding = last_day(
            deadlines_by_unit=deadlines.get(kind, {}), reopenings=reopenings, path=unit.path, unit_id=unit.pk
        )
        row = StatusRow(
            unit=unit,
            kind=kind,
            report=reports.get(unit.pk),
            due=due or default_due(year=year, kind=kind),
            reopened=reopened,
            reminded=reminders.get(unit.pk),
            closed=year.is_read_only,
        )
        row.judge_late(on)
        return row

    rows = {}
    for unit in units:
        if unit.parent_id == root.pk and (unit.is_school or unit.is_middle_tier):
            rows[unit.pk] = make_row(unit)
    for unit in units:
        office = rows.get(unit.parent_id)
        if unit.kind != OrgUnit.Kind.SCHOOL or office is None or not office.is_office:
            continue
        school = make_row(unit)
        office.schools += 1
        office.schools_submitted += school.status == ReportStatus.SUBMITTED
        office.schools_accepted += school.status == ReportStatus.ACCEPTED
        office.schools_late += school.late
    own = make_row(root) if report_kind_for(root) else None
    if own is not None:
        own.unit = units_by_id.get(root.pk, root)
    ordered = sorted(
        rows.values(), key=lambda row: (not row.late if late_first else False, not row.is_office, fold(row.unit.name))
    )
    return StatusTable(root=root, year=year, on=on, own=own, rows=ordered)


def status_row_for(*, unit, year, on=None):
    """One unit's own status row (a school's page): its report, deadline and late flag."""
    on = on or timezone.localdate()
    kind = report_kind_for(unit)
    row = StatusRow(unit=unit, kind=kind, report=report_of(unit=unit, year=year), closed=year.is_read_only)
    row.due = unit_due_date(year=year, kind=kind, unit=unit)
    row.judge_late(on)
    return row


def chain_root_for(*, user, year):
    """The office whose status table the user sees by default: their own office (a Sở merged into it for that
    Sở's years); the year's Sở for admins."""
    merged = merged_year_root(user=user, year=year)
    if merged is not None:
        return merged
    if user.unit_id and user.unit.is_office:
        return user.unit
    if user.is_admin_role and year is not None:
        return year.department
    return None

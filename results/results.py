"""Reads for the BDTX results reports: per-unit summaries, the classification list, who did not complete, years.

Everything starts from ``accounts.scoping`` (``visible_units``, ``visible_schools``, ``visible_staff``), so a
unit outside the user's subtree contributes nothing; the views resolve ``root`` through
``scoping.get_unit_for_user`` first (404 outside scope). Aggregates are ``GROUP BY`` queries over the subtree
and their number does not grow with the number of schools:

- ``results_by_unit``: units, staff × this year's plan and result, results by class, confirmations, deadlines;
- ``results_list``: the school's approved plans with their result, scores by content, planned modules;
- ``not_completed``: results of the classes that do not complete the plan, staff without any result;
- ``year_over_year``: the Sở's years and results by year and class.

Counting rules (the same on the screen, in every Excel file and in the school's report, each figure under one
name: "Cán bộ, giáo viên đang công tác", "Đã có kết quả", "Chưa có kế hoạch được duyệt" …):
- ``staff``: active staff of the school (``Staff.unit``); ``no_result``: those of them with no year result,
  split into ``no_plan`` (no plan or a plan not approved yet: ``plans.dashboards.staff_plan_counts``, the plan
  dashboard's and the confirmation page's figure too) and ``unscored`` (approved, no score yet);
- ``evaluated`` and the class counts: the year results of the school (``YearResult.school``, the school of the
  approved plan), whatever the person's status or school today; the lists show the same plans;
- every percentage is of ``evaluated`` (``percent``) and says so where it is shown (``share_text``: "22,9 % trên
  144 người có kết quả"); people without a result are not in the base;
- completion: the classes Giỏi, Khá, Trung bình, Đạt yêu cầu and Hoàn thành kế hoạch complete the plan;
  Không hoàn thành kế hoạch and Không đạt yêu cầu do not.
"""

import heapq
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db.models import Count, F, FilteredRelation, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scoping
from accounts.models import OrgUnit, PastPlacement, Staff, path_ids
from assessment.models import SchoolConfirmation, Score, YearResult
from assessment.rules import (
    CLASS_ORDER,
    COMPLETED,
    NOT_COMPLETED,
    Classification,
    evaluated_base,
    format_score,
    label,
    share_text,
)
from assessment.selectors import plan_results_locked
from core.money import format_number, percent
from core.vietnamese import fold
from plans.dashboards import STATUS_FIELDS, staff_plan_counts
from plans.models import Plan, PlanItem, PlanStatus
from years.deadlines import deadline_index, last_day
from years.models import DeadlineKind, Ruleset, TrainingYear

C = Classification
RULESET_CLASSES = {
    Ruleset.TT26_2012: (C.GIOI, C.KHA, C.TRUNG_BINH, C.KHONG_HOAN_THANH, C.DAT, C.KHONG_DAT),
    Ruleset.TT19_2019: (C.HOAN_THANH, C.KHONG_HOAN_THANH),
}
# Short column titles for tables and charts (the full labels: assessment.rules.label(classification, ruleset)).
SHORT_LABELS = {
    C.GIOI: gettext_lazy("Giỏi"),
    C.KHA: gettext_lazy("Khá"),
    C.TRUNG_BINH: gettext_lazy("Trung bình"),
    C.KHONG_HOAN_THANH: gettext_lazy("Không hoàn thành"),
    C.DAT: gettext_lazy("Đạt yêu cầu"),
    C.KHONG_DAT: gettext_lazy("Không đạt yêu cầu"),
    C.HOAN_THANH: gettext_lazy("Hoàn thành"),
}
TWO_DECIMALS = Decimal("0.01")
STAFF_COUNTS = ("staff", "no_result", "no_plan", "unscored")
RESULT_COUNTS = ("evaluated", "incomplete")


def class_short_label(classification):
    return str(SHORT_LABELS[C(classification)])


def class_label(classification, ruleset=None):
    """The full label of a class under ``ruleset`` ("Hoàn thành kế hoạch BDTX" under TT 19/2019)."""
    return str(label(C(classification), ruleset))


def common_ruleset(years):
    """The ruleset shared by every year of ``years``, else None (labels then fall back to TT 26/2012's)."""
    rulesets = {year.ruleset for year in years}
    return rulesets.pop() if len(rulesets) == 1 else None


def lower_first(text):
    """ "Nội dung 3" → "nội dung 3": a content name inside a sentence."""
    text = str(text)
    return text[:1].lower() + text[1:]


def classes_for(years, present=()):
    """The classes to show for ``years`` (a TrainingYear or several): those of their rulesets plus any present."""
    if isinstance(years, TrainingYear):
        years = [years]
    wanted = set(present)
    for year in years:
        wanted.update(RULESET_CLASSES.get(year.ruleset, CLASS_ORDER))
    return [cls for cls in CLASS_ORDER if cls in wanted]


def needs_completed_column(classes):
    """Whether a table listing ``classes`` needs its own "Hoàn thành" column: not when a single class completes the
    plan (TT 19/2019: Hoàn thành kế hoạch BDTX), whose column already holds the same figures."""
    return sum(1 for cls in classes if cls in COMPLETED) > 1


@dataclass
class ClassCell:
    classification: str
    label: str
    count: int
    percent: Decimal


@dataclass
class ResultRow:
    """One line of a results summary: a school, or an office aggregated over its schools."""

    unit: OrgUnit
    staff: int = 0
    no_result: int = 0
    no_plan: int = 0
    unscored: int = 0
    evaluated: int = 0
    incomplete: int = 0  # results still missing a score
    counts: dict = field(default_factory=dict)
    confirmed: bool = False
    schools: int = 0  # office rows: schools aggregated
    confirmed_schools: int = 0
    late_schools: int = 0
    evaluation_due: object = None
    report_due: object = None
    late_evaluation: bool = False
    late_report: bool = False
    children: list = field(default_factory=list, repr=False)
    cells: list = field(default_factory=list, repr=False)

    @property
    def is_office(self):
        return self.unit.kind != OrgUnit.Kind.SCHOOL

    @property
    def completed(self):
        return sum(n for cls, n in self.counts.items() if cls in COMPLETED)

    @property
    def not_completed(self):
        return sum(n for cls, n in self.counts.items() if cls in NOT_COMPLETED)

    @property
    def completion_percent(self):
        return percent(self.completed, self.evaluated)

    @property
    def evaluated_base(self):
        """ "trên 13 người có kết quả": the base of this row's percentages."""
        return evaluated_base(self.evaluated)

    @property
    def completion_text(self):
        """ "92,3 % trên 13 người có kết quả": the completion rate with its base."""
        return share_text(self.completed, self.evaluated)

    @property
    def scored(self):
        """Results with every planned score entered."""
        return self.evaluated - self.incomplete

    @property
    def to_score(self):
        """People whose scores are not all entered: approved without a score, or results with missing scores."""
        return self.unscored + self.incomplete

    @property
    def late(self):
        return self.late_schools > 0 if self.is_office else (self.late_evaluation or self.late_report)

    def count(self, classification):
        return self.counts.get(classification, 0)

    def add(self, other):
        for name in (*STAFF_COUNTS, *RESULT_COUNTS):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for cls, n in other.counts.items():
            self.counts[cls] = self.counts.get(cls, 0) + n

    def fill_cells(self, classes, labels=None, *, deep=False):
        """The per-class cells of this row (and, ``deep``, of the schools inside it), in the order of ``classes``."""
        # The labels are translated once for the whole tree (a Sở has thousands of cells).
        labels = labels or {cls: class_short_label(cls) for cls in classes}
        self.cells = [
            ClassCell(cls, labels[cls], self.count(cls), percent(self.count(cls), self.evaluated)) for cls in classes
        ]
        if deep:
            for child in self.children:
                child.fill_cells(classes, labels, deep=True)


@dataclass
class ResultSummary:
    year: TrainingYear
    root: OrgUnit
    on: object
    rows: list
    total: ResultRow
    classes: list

    @property
    def completed_column(self):
        return needs_completed_column(self.classes)

    @property
    def has_offices(self):
        return any(row.is_office for row in self.rows)

    def fill_school_cells(self):
        """Give the schools inside office rows their per-class cells too, in name order (the pages show office
        rows only; the Excel summary has a sheet per school)."""
        for row in self.rows:
            row.children.sort(key=_sort_key)
            row.fill_cells(self.classes, deep=True)
        return self


def _subtree_schools(user, root, past=None):
    return scoping.visible_schools(user).filter(scoping.subtree_q(root, past=past))


def _staff_counts(*, user, year, root, past=None):
    """{school id: {staff, no_result, no_plan, unscored}} of the year's people in one GROUP BY query.

    ``no_plan`` is the plan dashboard's "chưa có kế hoạch được duyệt" (``plans.dashboards.staff_plan_counts``);
    ``unscored`` the approved ones without a result; ``no_result`` both together.
    """
    approved_unscored = (
        Q(result__isnull=True, status=PlanStatus.APPROVED)
        if year.is_over
        else Q(year_result__isnull=True, year_plan__status=PlanStatus.APPROVED)
    )
    rows = staff_plan_counts(
        scoping.visible_staff(user).filter(scoping.subtree_q(root, via="unit", past=past)),
        year=year,
        annotations={"year_result": FilteredRelation("year_results", condition=Q(year_results__year=year))},
        extra={"unscored": Count("id", filter=approved_unscored)},
        plans=Plan.objects.filter(school__in=_subtree_schools(user, root, past)),
    )
    return {
        unit_id: {
            "staff": row["staff"],
            "no_plan": row["not_approved"],
            "unscored": row["unscored"],
            "no_result": row["not_approved"] + row["unscored"],
        }
        for unit_id, row in rows.items()
    }


def _result_counts(*, user, year, root, by="school_id", past=None):
    """{key: {evaluated, incomplete, counts}} of year results in one GROUP BY query (key: school or year)."""
    aggregates = {
        "evaluated": Count("id"),
        "incomplete": Count("id", filter=Q(missing_count__gt=0)),
    }
    for cls in CLASS_ORDER:
        aggregates[f"n_{cls}"] = Count("id", filter=Q(classification=cls))
    queryset = YearResult.objects.filter(school__in=_subtree_schools(user, root, past))
    queryset = queryset.filter(year=year) if isinstance(year, TrainingYear) else queryset.filter(year__in=year)
    result = {}
    for row in queryset.values(by).annotate(**aggregates).order_by():
        key = row.pop(by)
        counts = {cls: row.pop(f"n_{cls}") for cls in CLASS_ORDER}
        row["counts"] = {cls: n for cls, n in counts.items() if n}
        result[key] = row
    return result


def _apply(row, staff_counts, result_counts):
    for name, value in staff_counts.get(row.unit.pk, {}).items():
        setattr(row, name, value)
    counts = result_counts.get(row.unit.pk)
    if counts:
        row.evaluated = counts["evaluated"]
        row.incomplete = counts["incomplete"]
        row.counts = dict(counts["counts"])


def results_by_unit(*, user, year, root, on=None):
    """Results of everything below ``root`` (a Sở, a Phòng or a school) for ``year``, grouped like the dashboards.

    A Phòng's rows are its schools; under a Sở each Phòng is one aggregated row (its schools in
    ``row.children``) and each school directly under the Sở its own row; a school root gives one row. The
    lateness of a school: past its EVALUATION_END deadline with scores still to enter, or past its SCHOOL_REPORT
    deadline without its results confirmed. Six queries whatever the size of the subtree (eight for a year whose
    tree has changed since: that year's units, names and offices come from its kept tree, so a Phòng dissolved
    later still heads its schools).
    """
    on = on or timezone.localdate()
    past = scoping.past_tree(year, root)
    units = scoping.subtree_units(root, past=past, within=scoping.visible_units(user))
    staff_counts = _staff_counts(user=user, year=year, root=root, past=past)
    result_counts = _result_counts(user=user, year=year, root=root, past=past)
    confirmed = set(
        SchoolConfirmation.objects.filter(
            year=year, is_locked=True, school__in=_subtree_schools(user, root, past)
        ).values_list("school_id", flat=True)
    )
    kinds = [DeadlineKind.EVALUATION_END, DeadlineKind.SCHOOL_REPORT]
    deadlines, reopenings = deadline_index(year=year, root=root, kinds=kinds)
    evaluation, report = deadlines[DeadlineKind.EVALUATION_END], deadlines[DeadlineKind.SCHOOL_REPORT]

    def due(by_unit, unit, with_reopenings):
        return last_day(
            deadlines_by_unit=by_unit, reopenings=reopenings if with_reopenings else {}, path=unit.path, unit_id=unit.pk
        )[0]

    units_by_id = {unit.pk: unit for unit in units}
    top_rows = {}
    if root.kind == OrgUnit.Kind.SCHOOL:
        if root.pk in units_by_id:
            top_rows[root.pk] = ResultRow(unit=units_by_id[root.pk])
    else:
        for unit in units:
            if unit.parent_id == root.pk:
                row = ResultRow(unit=unit)
                if row.is_office:
                    row.evaluation_due = due(evaluation, unit, False)
                    row.report_due = due(report, unit, False)
                top_rows[unit.pk] = row

    for unit in units:
        if unit.kind != OrgUnit.Kind.SCHOOL:
            continue
        ids = path_ids(unit.path)
        if root.pk not in ids:
            continue
        below = ids[ids.index(root.pk) + 1 :]
        top = top_rows.get(below[0] if below else root.pk)
        if top is None or any(ancestor not in units_by_id for ancestor in below):
            continue  # under an inactive office
        row = top if top.unit.pk == unit.pk else ResultRow(unit=unit)
        _apply(row, staff_counts, result_counts)
        row.confirmed = unit.pk in confirmed
        row.evaluation_due = due(evaluation, unit, True)
        row.report_due = due(report, unit, True)
        row.late_evaluation = row.evaluation_due is not None and on > row.evaluation_due and row.to_score > 0
        row.late_report = row.report_due is not None and on > row.report_due and not row.confirmed
        row.schools, row.confirmed_schools, row.late_schools = 1, int(row.confirmed), int(row.late)
        if row is not top:
            top.children.append(row)
            top.add(row)
            top.schools += 1
            top.confirmed_schools += row.confirmed
            top.late_schools += row.late

    total = ResultRow(unit=root)
    rows = list(top_rows.values())
    for row in rows:
        total.add(row)
        total.schools += row.schools
        total.confirmed_schools += row.confirmed_schools
        total.late_schools += row.late_schools
    if root.kind == OrgUnit.Kind.SCHOOL and rows:
        total = rows[0]
    rows.sort(key=_sort_key)
    present = {cls for row in rows for cls in row.counts}
    classes = classes_for(year, present)
    for row in rows:
        row.fill_cells(classes)
    if not any(total is row for row in rows):
        total.fill_cells(classes)
    return ResultSummary(year=year, root=root, on=on, rows=rows, total=total, classes=classes)


def _sort_key(row):
    # Offices before the schools placed directly under the Sở, then by name without diacritics.
    return (not row.is_office, fold(row.unit.name))


# ---------------------------------------------------------------------------------------------------------------
# The school's classification list
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class ListRow:
    number: int
    staff: Staff
    plan: Plan
    result: YearResult | None
    nd1: Decimal | None
    nd2: Decimal | None
    nd3_average: Decimal | None
    exempt_content3: bool
    year: TrainingYear | None = None
    # TT 19/2019: what the content columns say instead of 5 + 5 scores ({1: "8,0", 2: "7,5", 3: "2/2 mô đun đạt"}).
    marks: dict | None = None

    @property
    def ruleset(self):
        return self.year.ruleset if self.year else None

    @property
    def average(self):
        if self.marks is not None:
            return None  # no ĐTB under TT 19/2019
        return self.result.average if self.result else None

    @property
    def classification(self):
        return self.result.classification if self.result else ""

    @property
    def class_label(self):
        return class_label(self.result.classification, self.ruleset) if self.result else _("Chưa có kết quả")

    def _shown(self, value):
        return format_score(value) if value is not None else "—"

    @property
    def nd1_text(self):
        return self.marks[1] if self.marks is not None else self._shown(self.nd1)

    @property
    def nd2_text(self):
        return self.marks[2] if self.marks is not None else self._shown(self.nd2)

    @property
    def nd3_text(self):
        return self.marks[3] if self.marks is not None else self._shown(self.nd3_average)

    @property
    def content_values(self):
        """The three content cells of the Excel list: scores under TT 26/2012, the marks' text under TT 19/2019."""
        if self.marks is not None:
            return [self.marks[1], self.marks[2], self.marks[3]]
        return [self.nd1, self.nd2, self.nd3_average]

    @property
    def average_text(self):
        return self._shown(self.average)

    @property
    def group(self):
        """The "Cấp học/Tổ" column: the subject group, else the level."""
        return self.staff.subject_group or self.staff.get_level_display()

    @property
    def note(self):
        notes = []
        if self.exempt_content3:
            if self.year is None or self.year.ruleset == Ruleset.TT26_2012:
                notes.append(_("Miễn nội dung 3"))
            else:
                notes.append(_("Miễn %(content)s") % {"content": lower_first(self.year.regime.content_label(3))})
        if self.result is None:
            notes.append(_("Chưa có điểm đánh giá"))
        elif self.result.classification in NOT_COMPLETED:
            notes.extend(str(reason) for reason in self.result.reasons)
        return "; ".join(notes)


def _content_totals(plans):
    """{plan id: {content: (sum of scored totals, number scored)}} in one GROUP BY query."""
    rows = (
        Score.objects.filter(plan__in=plans)
        .values("plan_id", "content")
        .annotate(
            total=Sum(F("knowledge") + F("application")),
            scored=Count("id", filter=Q(knowledge__isnull=False, application__isnull=False)),
        )
        .order_by()
    )
    totals = {}
    for row in rows:
        totals.setdefault(row["plan_id"], {})[row["content"]] = (row["total"], row["scored"])
    return totals


def _marks_texts(plans):
    """TT 19/2019: {plan id: {1: marks of programme 01, 2: of 02, 3: "passed/planned modules"}} in one query.

    A programme's cell lists the marks of its pieces ("8,0; 7,5", "—" before any mark); content 3 counts the
    modules whose every piece is marked and passed at 5 (the pieces are the year's: ``regime.pieces_for``).
    """
    rows = (
        Score.objects.filter(plan__in=plans)
        .exclude(piece="")
        .values_list("plan_id", "content", "item_id", "piece", "mark")
        .order_by("plan_id", "content", "item_id", "piece")
    )
    marks = {}
    for plan_id, content, item_id, piece, mark in rows:
        marks.setdefault(plan_id, {}).setdefault(content, {}).setdefault(item_id, {})[piece] = mark
    return marks


def _marks_row(year, by_content, planned_modules):
    passed_mark = Decimal(5)

    def programme(content):
        values = [mark for pieces in by_content.get(content, {}).values() for mark in pieces.values()]
        shown = [format_score(mark) for mark in values if mark is not None]
        return "; ".join(shown) if shown else "—"

    module_pieces = year.regime.pieces_for(3)
    passed = 0
    for pieces in by_content.get(3, {}).values():
        wanted = {str(piece) for piece in module_pieces} | set(pieces)  # the regime's pieces and any other marked
        if wanted and all(pieces.get(piece) is not None and pieces[piece] >= passed_mark for piece in wanted):
            passed += 1
    modules = (
        _("%(passed)s/%(planned)s mô đun đạt") % {"passed": passed, "planned": planned_modules}
        if planned_modules
        else "—"
    )
    return {1: programme(1), 2: programme(2), 3: modules}


# What the list shows (plus ``school_name``): loading every column of plan, staff, result and school took half
# the time of a Sở list.
LIST_FIELDS = (
    *("id", "staff_id", "school_id", "exempt_content3"),
    *("staff__full_name", "staff__birth_date", "staff__position", "staff__subject_group", "staff__level"),
    *("result__id", "result__plan_id", "result__classification", "result__average", "result__reasons"),
    *("result__completed_hours", "result__planned_hours"),
)


def results_list(*, user, year, school):
    """The classification list of ``school``: every approved plan of ``year`` the user may see, in name order.

    ``school`` may also be a Phòng or a Sở: then the plans of every school below it, school by school (tree
    order), each in name order. A plan belongs to the school that approved it, wherever its teacher works now.
    ND1 and ND2 are the content scores (tiếp thu + vận dụng), ĐTB ND3 the plain average of the module scores when
    every planned module has one (cut to two decimals, as ``format_score`` prints it). Four queries.
    """
    # The plans of the schools in scope, as every count of the dashboards: a teacher who moved on after her plan was
    # approved and scored here stays on this school's list, where her result is counted and reported.
    plans = Plan.objects.filter(year=year, status=PlanStatus.APPROVED, school__in=scoping.visible_schools(user))
    if school.kind == OrgUnit.Kind.SCHOOL:
        plans = plans.filter(school=school).order_by("staff__sort_key", "staff_id")
    else:
        plans = plans.filter(scoping.subtree_q(school, via="school")).order_by(
            "school__path", "staff__sort_key", "staff_id"
        )
    # The score queries select their plans with the same filter (a subquery, not a list of every id).
    plan_ids = plans.order_by().values("pk")
    plans = list(plans.select_related("staff", "result").only(*LIST_FIELDS).annotate(school_name=F("school__name")))
    by_marks = year.regime.marks_out_of_ten
    totals = {} if by_marks else _content_totals(plan_ids)
    marks = _marks_texts(plan_ids) if by_marks else {}
    modules = dict(
        PlanItem.objects.filter(plan__in=plan_ids, content=3, module__isnull=False)
        .values("plan_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("plan_id", "n")
    )
    rows = []
    for number, plan in enumerate(plans, 1):
        by_content = totals.get(plan.pk, {})

        def single(content, by_content=by_content):
            total, scored = by_content.get(content, (None, 0))
            return total if scored == 1 else None

        nd3 = None
        planned = modules.get(plan.pk, 0)
        total3, scored3 = by_content.get(3, (None, 0))
        if not plan.exempt_content3 and planned and scored3 == planned and total3 is not None:
            nd3 = (Decimal(total3) / planned).quantize(TWO_DECIMALS, rounding=ROUND_DOWN)
        try:
            result = plan.result
        except YearResult.DoesNotExist:
            result = None
        rows.append(
            ListRow(
                number=number,
                staff=plan.staff,
                plan=plan,
                result=result,
                nd1=single(1),
                nd2=single(2),
                nd3_average=nd3,
                exempt_content3=plan.exempt_content3,
                year=year,
                marks=_marks_row(year, marks.get(plan.pk, {}), planned) if by_marks else None,
            )
        )
    return rows


def list_totals_text(rows, year):
    """The totals under the classification list, on the page and in its Excel file: its people, then each class
    and the completed ones as a share of the people with a result (the dashboard's base), then those without."""
    counts, missing = list_class_counts(rows)
    evaluated = len(rows) - missing
    parts = [
        _("Tổng số: %(n)s người có kế hoạch được duyệt, %(e)s người có kết quả")
        % {"n": format_number(len(rows)), "e": format_number(evaluated)}
    ]
    for cls in classes_for(year, counts):
        n = counts.get(cls, 0)
        parts.append(
            _("%(label)s: %(n)s (%(share)s)")
            % {"label": class_label(cls, year.ruleset), "n": format_number(n), "share": share_text(n, evaluated)}
        )
    completed = sum(n for cls, n in counts.items() if cls in COMPLETED)
    if C.HOAN_THANH not in RULESET_CLASSES.get(year.ruleset, ()):  # under TT 19/2019 the class says it already
        parts.append(
            _("Hoàn thành kế hoạch: %(n)s (%(share)s)")
            % {"n": format_number(completed), "share": share_text(completed, evaluated)}
        )
    if missing:
        parts.append(_("Chưa có kết quả: %(n)s") % {"n": format_number(missing)})
    return "; ".join(parts) + "."


def list_class_counts(rows):
    """{classification: n} and the number without a result, for the totals under the list."""
    counts = {}
    missing = 0
    for row in rows:
        if row.result is None:
            missing += 1
        else:
            counts[row.result.classification] = counts.get(row.result.classification, 0) + 1
    return counts, missing


# ---------------------------------------------------------------------------------------------------------------
# Who did not complete, and why
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class NotCompletedRow:
    staff: Staff
    school: OrgUnit
    status: str  # the class label, or why there is no result
    reasons: list
    classification: str = ""  # empty when there is no result

    @property
    def reason_text(self):
        return "; ".join(str(reason) for reason in self.reasons)


PLAN_STATUS_REASONS = {
    None: gettext_lazy("Chưa lập kế hoạch BDTX cá nhân"),
    PlanStatus.DRAFT: gettext_lazy("Kế hoạch BDTX cá nhân còn đang soạn, chưa nộp"),
    PlanStatus.SUBMITTED: gettext_lazy("Kế hoạch BDTX cá nhân đã nộp, chưa được phê duyệt"),
    PlanStatus.RETURNED: gettext_lazy("Kế hoạch BDTX cá nhân bị trả lại, chưa nộp lại"),
    PlanStatus.APPROVED: gettext_lazy("Kế hoạch đã được phê duyệt nhưng chưa có điểm đánh giá"),
}


def _not_completed_querysets(*, user, year, root):
    """(results of the not-completing classes, active staff without a result), both by school path then name."""
    schools = _subtree_schools(user, root)
    results = (
        YearResult.objects.filter(year=year, classification__in=NOT_COMPLETED, school__in=schools)
        .select_related("staff", "school")
        .order_by("school__path", "staff__sort_key", "staff_id")
    )
    if year.is_over:  # its people are those who had a plan in it (staff_plan_counts)
        without = (
            Plan.objects.filter(year=year, school__in=schools, result__isnull=True)
            .select_related("staff", "school")
            .order_by("school__path", "staff__sort_key", "staff_id")
        )
    else:
        without = (
            scoping.visible_staff(user)
            .filter(is_active=True, unit__in=schools)
            .annotate(
                year_plan=FilteredRelation("plans", condition=Q(plans__year=year)),
                year_result=FilteredRelation("year_results", condition=Q(year_results__year=year)),
            )
            .filter(year_result__isnull=True)
            .annotate(plan_status=F("year_plan__status"))
            .order_by("unit__path", "sort_key", "pk")
        )
    return results, without


def _without_result_row(item):
    """(staff, school, plan status) of a person without a result: a plan of a year that is over, or a staff
    record annotated with this year's plan status."""
    if isinstance(item, Plan):
        return item.staff, item.school, item.status
    return item, item.unit, item.plan_status


def _row_key(row):
    return (row.school.path, row.staff.sort_key, row.staff.pk)


def not_completed(*, user, year, root, limit=None):
    """People below ``root`` who did not complete ``year``'s plan, with the reasons, by school then name.

    Two kinds: a result of class Không hoàn thành kế hoạch / Không đạt yêu cầu (its stored reasons), and active
    staff with no result at all (no approved plan, or approved but not scored yet). Two queries; ``limit`` keeps
    the first rows only (each query is cut at ``limit`` and the two sorted lists are merged).
    """
    results, without = _not_completed_querysets(user=user, year=year, root=root)
    if limit is not None:
        results, without = results[:limit], without[:limit]
    failed = (
        NotCompletedRow(
            staff=result.staff,
            school=result.school,
            status=class_label(result.classification, year.ruleset),
            reasons=list(result.reasons) or [_("Không đủ điều kiện hoàn thành kế hoạch")],
            classification=result.classification,
        )
        for result in results
    )
    no_result = (
        NotCompletedRow(
            staff=staff,
            school=school,
            status=_("Chưa có kết quả"),
            reasons=[str(PLAN_STATUS_REASONS.get(plan_status or None, PLAN_STATUS_REASONS[None]))],
        )
        for staff, school, plan_status in map(_without_result_row, without)
    )
    rows = list(heapq.merge(failed, no_result, key=_row_key))
    return rows if limit is None else rows[:limit]


def not_completed_counts(*, user, year, root):
    """(people with a not-completing result, active people without a result) below ``root``: two COUNT queries."""
    results, without = _not_completed_querysets(user=user, year=year, root=root)
    return results.count(), without.count()


# ---------------------------------------------------------------------------------------------------------------
# The people behind a figure
# ---------------------------------------------------------------------------------------------------------------

# The figures of ``results_by_unit`` a page links to the people behind (besides each class code).
PEOPLE_FIGURES = {
    "staff": gettext_lazy("Cán bộ, giáo viên của năm học"),
    "evaluated": gettext_lazy("Đã có kết quả"),
    "incomplete": gettext_lazy("Kết quả còn thiếu điểm"),
    "no_result": gettext_lazy("Chưa có kết quả"),
    "no_plan": gettext_lazy("Chưa có kế hoạch được duyệt"),
    "unscored": gettext_lazy("Kế hoạch đã duyệt, chưa có kết quả"),
    # The plan progress dashboard's columns (plans.dashboards.staff_plan_counts).
    "not_started": gettext_lazy("Chưa lập kế hoạch"),
    "draft": gettext_lazy("Kế hoạch đang soạn"),
    "submitted": gettext_lazy("Kế hoạch chờ duyệt"),
    "returned": gettext_lazy("Kế hoạch bị trả lại"),
    "approved": gettext_lazy("Kế hoạch đã được duyệt"),
}
# Figures of the plan dashboard: their list links back to it.
PLAN_FIGURES = {"not_started", "draft", "submitted", "returned", "approved"}
STATUS_NAMES = {name: status for status, name in STATUS_FIELDS.items()}


@dataclass
class PersonRow:
    """Một người sau một con số: who, at which school (that year's), and their plan's or result's state."""

    staff: Staff
    school: OrgUnit
    status: str


def people_figure_label(figure, ruleset):
    if figure in PEOPLE_FIGURES:
        return PEOPLE_FIGURES[figure]
    return class_label(figure, ruleset)


def people_behind(*, user, year, root, figure):
    """The people one figure of ``results_by_unit`` counts below ``root`` (the same querysets, so the list's length
    is the figure), by school path then name; a ValueError for a figure no page shows."""
    if figure not in PEOPLE_FIGURES and figure not in CLASS_ORDER:
        raise ValueError(figure)
    past = scoping.past_tree(year, root)
    schools = _subtree_schools(user, root, past)
    if figure == "evaluated" or figure == "incomplete" or figure in CLASS_ORDER:
        results = YearResult.objects.filter(year=year, school__in=schools).select_related("staff", "school")
        if figure == "incomplete":
            results = results.filter(missing_count__gt=0)
        elif figure in CLASS_ORDER:
            results = results.filter(classification=figure)
        rows = [
            PersonRow(result.staff, result.school, str(class_label(result.classification, year.ruleset)))
            for result in results
        ]
    elif year.is_over:  # its people: those who had a plan in it, at that plan's school
        plans = Plan.objects.filter(year=year, school__in=schools).select_related("staff", "school", "result")
        rows = [
            PersonRow(plan.staff, plan.school, _state(year, plan.status, getattr(plan, "result", None)))
            for plan in plans
            if _behind(figure, plan.status, hasattr(plan, "result"))
        ]
    else:
        staff = (
            scoping.visible_staff(user)
            .filter(scoping.subtree_q(root, via="unit", past=past), is_active=True, unit__in=schools)
            .annotate(
                year_plan=FilteredRelation("plans", condition=Q(plans__year=year)),
                year_result=FilteredRelation("year_results", condition=Q(year_results__year=year)),
            )
            .annotate(plan_status=F("year_plan__status"), result_class=F("year_result__classification"))
        )
        rows = [
            PersonRow(member, member.unit, _state(year, member.plan_status, member.result_class))
            for member in staff
            if _behind(figure, member.plan_status, member.result_class is not None)
        ]
    rows.sort(key=lambda row: (row.school.path, row.staff.sort_key, row.staff.pk))
    return rows


def _state(year, plan_status, result):
    """A person's line on the list: their class when they have a result (a YearResult or its class), else where
    their plan stands."""
    classification = getattr(result, "classification", result)
    if classification:
        return str(class_label(classification, year.ruleset))
    return str(PLAN_STATUS_REASONS.get(plan_status, PLAN_STATUS_REASONS[None]))


def _behind(figure, plan_status, has_result):
    """Whether a person with this plan status and result is counted by ``figure`` (``_staff_counts``' rules)."""
    approved = plan_status == PlanStatus.APPROVED
    if figure in PLAN_FIGURES:
        return (plan_status or "not_started") == STATUS_NAMES.get(figure, figure)
    return {
        "staff": True,
        "no_plan": not approved,
        "unscored": approved and not has_result,
        "no_result": not approved or not has_result,
    }[figure]


# ---------------------------------------------------------------------------------------------------------------
# Year over year
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class YearRow:
    year: TrainingYear
    evaluated: int = 0
    incomplete: int = 0
    counts: dict = field(default_factory=dict)
    cells: list = field(default_factory=list, repr=False)

    @property
    def completed(self):
        return sum(n for cls, n in self.counts.items() if cls in COMPLETED)

    @property
    def not_completed(self):
        return sum(n for cls, n in self.counts.items() if cls in NOT_COMPLETED)

    @property
    def completion_percent(self):
        return percent(self.completed, self.evaluated)

    def count(self, classification):
        return self.counts.get(classification, 0)


@dataclass
class YearComparison:
    root: OrgUnit
    rows: list
    classes: list

    @property
    def completed_column(self):
        return needs_completed_column(self.classes)


def year_over_year(*, user, root):
    """Results below ``root`` for every training year of its Sở, oldest first. Two queries."""
    # The years of the Sở on the way up from root (root itself when it is a Sở).
    years = list(TrainingYear.objects.filter(department_id__in=path_ids(root.path)).order_by("start_year"))
    counts = _result_counts(user=user, year=years, root=root, by="year_id") if years else {}
    rows = []
    for year in years:
        row = YearRow(year=year)
        data = counts.get(year.pk)
        if data:
            row.evaluated, row.incomplete, row.counts = data["evaluated"], data["incomplete"], dict(data["counts"])
        rows.append(row)
    present = {cls for row in rows for cls in row.counts}
    classes = classes_for(years, present) if years else [cls for cls in CLASS_ORDER if cls in present]
    for row in rows:
        # A class the year's regime does not have shows "—" (count None), not 0, unless results hold it anyway.
        own = RULESET_CLASSES.get(row.year.ruleset, CLASS_ORDER)
        row.cells = [
            ClassCell(cls, class_short_label(cls), row.count(cls), percent(row.count(cls), row.evaluated))
            if cls in own or row.count(cls)
            else ClassCell(cls, class_short_label(cls), None, None)
            for cls in classes
        ]
    return YearComparison(root=root, rows=rows, classes=classes)


# ---------------------------------------------------------------------------------------------------------------
# A person's years (Quá trình BDTX), on their page whatever school they are at now
# ---------------------------------------------------------------------------------------------------------------


def person_years(*, staff, user):
    """Quá trình BDTX of one person, newest year first: the year and its regime, the school they were at that year
    (under its name of that year), the plan's status and the result once confirmed. Read-only, and it moves with
    the person: the principal of the school they moved to sees their past years here. Three queries and one per
    year with a result (whether it is confirmed)."""
    from accounts.services import StaffSection

    plans = list(Plan.objects.filter(staff=staff).select_related("year", "school").order_by("-year__start_year"))
    results = {result.plan_id: result for result in YearResult.objects.filter(plan__in=plans)}
    kept = {plan.year.start_year for plan in plans if plan.year.tree_kept}
    names = dict(
        ((placement.start_year, placement.unit_id), placement.name)
        for placement in PastPlacement.objects.filter(
            start_year__in=kept, unit__in={plan.school_id for plan in plans}
        ).only("start_year", "unit_id", "name")
    )
    rows = []
    for plan in plans:
        result = results.get(plan.pk)
        if result is None:
            shown = "—"
        elif plan_results_locked(plan):
            shown = class_label(result.classification, plan.year.ruleset)
        else:
            shown = _("Chưa xác nhận")
        school = names.get((plan.year.start_year, plan.school_id), plan.school.name)
        rows.append([plan.year.name, school, plan.get_status_display(), shown])
    return StaffSection(
        title=_("Quá trình bồi dưỡng thường xuyên"),
        headers=[_("Năm học"), _("Đơn vị năm đó"), _("Kế hoạch"), _("Kết quả")],
        rows=rows,
        empty=_("Chưa có kế hoạch BDTX nào."),
        testid="bdtx-years",
    )

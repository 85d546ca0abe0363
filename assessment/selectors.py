"""Reads for scores, year results and confirmations, always starting from accounts.scoping.

Who enters whose scores (regulations.md §3, Mai Sơn plan V.3.1):
- the group head (TTCM): teachers of their school and subject group;
- the school manager (HT/PHT): every teacher (not manager) of their school;
- a Phòng officer: the managers (HT/PHT) of the schools below the Phòng;
- a Sở officer: the managers of the schools directly under the Sở (THPT, GDTX, or every school of a province
  without Phòng);
- a system admin: everyone. Nobody enters their own scores. Only approved plans are scored.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext

from accounts import scoping
from accounts.models import MANAGER_POSITIONS, OrgUnit, Role, Staff
from accounts.permissions import Cap, can
from accounts.selectors import names_in_year
from plans.dashboards import staff_plan_counts
from plans.models import Plan, PlanItem, PlanStatus
from plans.selectors import schools_of_year
from study.selectors import confirmed_hours, item_hours
from years.rulesets import PIECE_SHORT, Piece

from . import rules
from .models import ConfirmationEvent, SchoolConfirmation, Score, ScoreChange, YearResult

ND1, ND2 = "nd1", "nd2"
PARTS = ("k", "a")


def module_slot(item_id):
    return f"m{item_id}"


def format_part(value):
    """A part score for an input or a sheet: Decimal("4.50") → "4,5", None → ""."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def superior_unit_id(school):
    """The unit that scores the school's managers and reopens its results: its Phòng, or the Sở above it."""
    return school.parent_id


def superior_name(school):
    """The name of that unit, for the messages that say who a manager's result waits for."""
    parent = school.parent
    return parent.name if parent is not None else gettext("đơn vị cấp trên")


def of_audience(plans, *, managers):
    """The managers' (CBQL) plans of a Plan queryset, or everyone else's."""
    manager = Q(staff__position__in=MANAGER_POSITIONS)
    return plans.filter(manager) if managers else plans.exclude(manager)


# ---------------------------------------------------------------------------------------------------------------
# Scope
# ---------------------------------------------------------------------------------------------------------------


def can_enter_scores(user):
    return can(user, Cap.SCORE)


def scorable_plans(*, user, year=None):
    """Approved plans whose scores the user may enter (whatever the lock): see the module docstring."""
    if not can_enter_scores(user):
        return Plan.objects.none()
    plans = Plan.objects.filter(status=PlanStatus.APPROVED, staff__in=scoping.visible_staff(user))
    if year is not None:
        plans = plans.filter(year=year)
    managers = Q(staff__position__in=MANAGER_POSITIONS)
    if user.is_admin_role:
        pass
    elif user.role == Role.GROUP_HEAD:
        group = user.staff.subject_group if user.staff_id else ""
        if not group or not user.unit_id:
            return Plan.objects.none()
        plans = plans.filter(school_id=user.unit_id, staff__subject_group=group).exclude(managers)
    elif user.role == Role.SCHOOL_MANAGER:
        if not user.unit_id:
            return Plan.objects.none()
        plans = plans.filter(school_id=user.unit_id).exclude(managers)
    elif user.role == Role.DISTRICT_OFFICER:
        plans = plans.filter(managers, scoping.subtree_q(user.unit, via="school"))
    else:  # DEPARTMENT_OFFICER
        plans = plans.filter(managers, school__parent_id=user.unit_id)
    if user.staff_id:
        plans = plans.exclude(staff_id=user.staff_id)
    return plans


def get_scorable_plan(*, user, pk):
    return scoping.get_in_scope_or_404(scorable_plans(user=user).select_related("staff", "school", "year"), pk)


TEACHERS, MANAGERS = "GV", "CBQL"


def locked_audiences(*, year, school_ids):
    """{school id: {"GV", "CBQL"}}: whose scores are read-only in each school. The school's confirmation locks its
    teachers; its managers are locked only by the confirmation of the unit that scores them."""
    locks = {}
    rows = (
        SchoolConfirmation.objects.filter(year=year, school_id__in=set(school_ids))
        .filter(Q(is_locked=True) | Q(managers_locked=True))
        .values_list("school_id", "is_locked", "managers_locked")
    )
    for school_id, teachers, managers in rows:
        locks[school_id] = {audience for audience, on in ((TEACHERS, teachers), (MANAGERS, managers)) if on}
    return locks


def plan_is_locked(plan, locks):
    """Whether the plan's scores are read-only, given ``locked_audiences``."""
    return plan.staff.audience in locks.get(plan.school_id, ())


def plan_results_locked(plan):
    """Whether this plan's result is confirmed: a teacher's by the school, a manager's by the unit scoring them."""
    return plan_is_locked(plan, locked_audiences(year=plan.year_id, school_ids=[plan.school_id]))


def is_locked(*, school, year):
    """The school has confirmed its (teachers') results."""
    return SchoolConfirmation.objects.filter(school=school, year=year, is_locked=True).exists()


# ---------------------------------------------------------------------------------------------------------------
# A plan's score slots and values
# ---------------------------------------------------------------------------------------------------------------


def is_exempt(plan):
    """The plan's content-3 exemption counts: always under TT 26/2012; under TT 19/2019 only when the Sở recorded a
    decision allowing it (``year.allows_exemption``). A refused exemption leaves programme 03 to be marked."""
    return plan.exempt_content3 and plan.year.allows_exemption


def module_items(plan, items):
    """The plan's content-3 module items in plan order (none when exempt from content 3)."""
    if is_exempt(plan):
        return []
    return [item for item in items if item.content == 3 and item.module_id]


def counted_items(plan, items):
    """The items whose tiết the plan's hours count: content 1 and 2, and the content-3 modules that are assessed
    (none when exempt)."""
    return [item for item in items if item.content in (1, 2)] + module_items(plan, items)


def plan_hours(plan, items, confirmed):
    """(confirmed tiết that count, planned tiết) of one plan, from {item id: confirmed tiết}
    (``study.selectors.confirmed_hours``): each counted item up to its planned tiết (``rules.counted_hours``)."""
    counted = counted_items(plan, items)
    return (
        rules.counted_hours((item.hours, confirmed.get(item.pk, 0)) for item in counted),
        sum(item.hours for item in counted),
    )


def plan_slots(plan, items):
    """Every slot of the plan: "nd1", "nd2", then "m<item id>" for each module, in order."""
    return [ND1, ND2, *(module_slot(item.pk) for item in module_items(plan, items))]


def slot_content(slot):
    """1, 2 or 3: the content of a slot ("nd1", "nd2", "m<item id>")."""
    return int(slot[-1]) if slot in (ND1, ND2) else 3


def slot_parts(regime, slot):
    """The values one slot holds, in order: ("k", "a") (tiếp thu, vận dụng) under TT 26/2012, the slot's
    assessed pieces ("BTH",), ("LT", "TH") … under TT 19/2019 (``regime.pieces_for``)."""
    if regime is None or not regime.marks_out_of_ten:
        return PARTS
    return tuple(str(piece) for piece in regime.pieces_for(slot_content(slot)))


def score_values(scores, regime=None):
    """{slot: values} from Score rows: (knowledge, application) under TT 26/2012 (``regime`` None or pairs);
    under TT 19/2019 one mark per piece of ``slot_parts`` (None when not marked), in that order."""
    if regime is None or not regime.marks_out_of_ten:
        return {score.slot: (score.knowledge, score.application) for score in scores if not score.piece}
    marks = {}
    for score in scores:
        if score.piece:
            marks.setdefault(score.slot, {})[score.piece] = score.mark
    return {slot: tuple(by_piece.get(part) for part in slot_parts(regime, slot)) for slot, by_piece in marks.items()}


def blank_values(regime, slot):
    """The values of a slot with nothing entered: (None, None) or one None per piece."""
    return (None,) * len(slot_parts(regime, slot))


def scores_version(scores):
    """The plan's score version: the sum of its scores' versions (it grows with every change)."""
    return sum(score.version for score in scores)


def items_prefetch():
    return Prefetch(
        "items", queryset=PlanItem.objects.select_related("module", "topic").order_by("content", "order", "id")
    )


# ---------------------------------------------------------------------------------------------------------------
# The grid
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Cell:
    slot: str
    content: int
    label: str
    code: str = ""
    title: str = ""
    values: tuple = ("", "")
    errors: tuple = ("", "")
    parts: tuple = PARTS


@dataclass
class GridRow:
    plan: Plan
    staff: object
    cells: list
    version: int
    locked: bool
    result: YearResult | None = None
    hours: tuple = (0, 0)  # (confirmed tiết that count, planned tiết): rules.counted_hours
    note: str = ""
    dirty: bool = False
    padding: range = range(0)

    @property
    def module_cells(self):
        return self.cells[2:]


def grid_filters(*, user, year):
    """The choices of the grid's filters: schools (offices, admin) and subject groups (school managers)."""
    plans = scorable_plans(user=user, year=year)
    schools = []
    groups = []
    if user.is_admin_role or user.role in (Role.DISTRICT_OFFICER, Role.DEPARTMENT_OFFICER):
        schools = list(OrgUnit.objects.filter(pk__in=plans.values("school")).order_by("path"))
    if user.role == Role.SCHOOL_MANAGER:
        groups = list(
            plans.exclude(staff__subject_group="")
            .values_list("staff__subject_group", flat=True)
            .distinct()
            .order_by("staff__subject_group")
        )
    return {"schools": schools, "groups": groups}


# Còn thiếu điểm: an approved plan without a result yet, or whose result misses scores (the dashboards' "to_score").
MARKS_MISSING = Q(result__isnull=True) | Q(result__missing_count__gt=0)


def grid_plans(*, user, year, school_id=None, subject_group="", missing_only=False):
    plans = scorable_plans(user=user, year=year)
    if school_id:
        plans = plans.filter(school_id=school_id)
    if subject_group:
        plans = plans.filter(staff__subject_group=subject_group)
    if missing_only:
        plans = plans.filter(MARKS_MISSING)
    return plans


def grid_rows(*, user, year, school_id=None, subject_group="", missing_only=False, plans=None):
    """One row per approved plan the user may score (only those still missing marks when ``missing_only``), sorted
    the Vietnamese way (offices: by school first); five queries whatever the number of rows."""
    if plans is None:
        plans = grid_plans(
            user=user, year=year, school_id=school_id, subject_group=subject_group, missing_only=missing_only
        )
    order = ["staff__sort_key", "staff_id"]
    if user.is_admin_role or user.role in (Role.DISTRICT_OFFICER, Role.DEPARTMENT_OFFICER):
        order.insert(0, "school__path")
    plans = list(plans.select_related("staff", "school", "year").prefetch_related(items_prefetch()).order_by(*order))
    plan_ids = [plan.pk for plan in plans]
    scores = {}
    for score in Score.objects.filter(plan_id__in=plan_ids):
        scores.setdefault(score.plan_id, []).append(score)
    results = {result.plan_id: result for result in YearResult.objects.filter(plan_id__in=plan_ids)}
    locks = locked_audiences(year=year, school_ids={plan.school_id for plan in plans})
    confirmed = confirmed_hours([item for plan in plans for item in plan.items.all()])
    rows = []
    regime = year.regime
    for plan in plans:
        items = list(plan.items.all())
        plan_scores = scores.get(plan.pk, [])
        values = score_values(plan_scores, regime)
        cells = [
            Cell(ND1, 1, str(regime.content_abbr(1)), title=regime.content_label(1)),
            Cell(ND2, 2, str(regime.content_abbr(2)), title=regime.content_label(2)),
        ]
        for number, item in enumerate(module_items(plan, items), start=1):
            cells.append(
                Cell(
                    module_slot(item.pk),
                    3,
                    f"M{number}",
                    code=item.module.code,
                    title=str(item.module),
                )
            )
        for cell in cells:
            cell.parts = slot_parts(regime, cell.slot)
            cell.values = tuple(format_part(value) for value in values.get(cell.slot, blank_values(regime, cell.slot)))
            cell.errors = ("",) * len(cell.parts)
        rows.append(
            GridRow(
                plan=plan,
                staff=plan.staff,
                cells=cells,
                version=scores_version(plan_scores),
                locked=plan_is_locked(plan, locks),
                result=results.get(plan.pk),
                hours=plan_hours(plan, items, confirmed),
            )
        )
    return rows


def part_headers(regime, content):
    """[(short, long)] for the inputs of a content's slot: KT / VD (TT 26/2012) or the pieces (TT 19/2019)."""
    if regime is None or not regime.marks_out_of_ten:
        return [(gettext("KT"), gettext("Điểm tiếp thu")), (gettext("VD"), gettext("Điểm vận dụng"))]
    return [(str(PIECE_SHORT[Piece(piece)]), str(Piece(piece).label)) for piece in regime.pieces_for(content)]


def grid_columns(regime):
    """The grid's headers under the year's regime: content 1 and 2 ({"abbr", "title", "parts"}) and the parts of
    one module column."""
    return {
        "contents": [
            {"abbr": regime.content_abbr(n), "title": regime.content_label(n), "parts": part_headers(regime, n)}
            for n in (1, 2)
        ],
        "module_parts": part_headers(regime, 3),
    }


def _content_title(content):
    return gettext("Nội dung %(n)s") % {"n": content}


def module_columns(rows):
    """How many module column groups the grid needs (the most modules in any row); pads the shorter rows."""
    columns = max((len(row.module_cells) for row in rows), default=0)
    for row in rows:
        width = len(row.module_cells[0].parts) if row.module_cells else 0
        row.padding = range(columns - len(row.module_cells))
        row.padding_width = width
    return columns


# ---------------------------------------------------------------------------------------------------------------
# History, own results, confirmations
# ---------------------------------------------------------------------------------------------------------------


def viewable_plans(*, user, year=None):
    """Approved plans whose scores and history the user may read: those of the staff they see (school manager,
    offices) or may score (group head); their own plan only once the school has confirmed its results."""
    from plans.selectors import plans_visible_to

    plans = plans_visible_to(user=user, year=year).filter(status=PlanStatus.APPROVED)
    of_plan = SchoolConfirmation.objects.filter(school_id=OuterRef("school_id"), year_id=OuterRef("year_id"))
    is_manager = Q(staff__position__in=MANAGER_POSITIONS)
    confirmed = (~is_manager & Exists(of_plan.filter(is_locked=True))) | (
        is_manager & Exists(of_plan.filter(managers_locked=True))
    )
    own = Q(staff_id=user.staff_id) if user.staff_id else Q(pk__in=[])
    if user.is_admin_role or user.role in (Role.SCHOOL_MANAGER, Role.DISTRICT_OFFICER, Role.DEPARTMENT_OFFICER):
        return plans.filter(~own | confirmed) if user.staff_id else plans
    return plans.filter(Q(pk__in=scorable_plans(user=user, year=year).values("pk")) | (own & confirmed))


def get_viewable_plan(*, user, pk):
    return scoping.get_in_scope_or_404(viewable_plans(user=user), pk)


def plan_history(*, plan):
    return ScoreChange.objects.filter(plan=plan).select_related(
        "changed_by", "score__item__module", "score__plan__year"
    )


@dataclass
class PlanScores:
    plan: Plan
    rows: list
    result: YearResult | None
    locked: bool
    confirmation: SchoolConfirmation | None


def plan_scores(*, plan):
    """The plan's score table: one line per content or module with its pair and total, and the stored result."""
    items = list(plan.items.select_related("module", "topic").order_by("content", "order", "id"))
    regime = plan.year.regime
    values = score_values(Score.objects.filter(plan=plan), regime)
    hours = item_hours(items)
    lines = []
    for content in (1, 2):
        of_content = [item for item in items if item.content == content]
        slot = f"nd{content}"
        shown = values.get(slot, blank_values(regime, slot))
        line = _line(
            regime.content_label(content), "; ".join(i.title for i in of_content if i.title), shown, regime, slot
        )
        lines.append(_with_hours(line, of_content, hours))
    for number, item in enumerate(module_items(plan, items), start=1):
        slot = module_slot(item.pk)
        shown = values.get(slot, blank_values(regime, slot))
        line = _line(f"{number}. {item.module.code}", item.module.display_title, shown, regime, slot)
        lines.append(_with_hours(line, [item], hours))
    confirmation = SchoolConfirmation.objects.filter(school_id=plan.school_id, year_id=plan.year_id).first()
    if confirmation is None:
        locked = False
    else:
        locked = confirmation.managers_locked if plan.staff.is_manager else confirmation.is_locked
    return PlanScores(
        plan=plan,
        rows=lines,
        result=YearResult.objects.filter(plan=plan).first(),
        locked=locked,
        confirmation=confirmation,
    )


def _with_hours(line, items, hours):
    """The line's tiết: planned, logged and confirmed (each item's confirmed counted up to its planned tiết, as the
    result counts them; any more is ``surplus``)."""
    planned = sum(item.hours for item in items)
    logged = sum((hours[item.pk][0] for item in items), Decimal(0))
    confirmed = sum((hours[item.pk][1] for item in items), Decimal(0))
    counted = rules.counted_hours((item.hours, hours[item.pk][1]) for item in items)
    return {**line, "planned": planned, "logged": logged, "confirmed": counted, "surplus": confirmed - counted}


def _line(label, title, values, regime=None, slot=ND1):
    """One line of the score table. Under TT 26/2012: knowledge, application and their total; under TT 19/2019:
    ``marks``, [(piece label, mark)] for the slot's pieces (no total: each piece passes on its own)."""
    if regime is not None and regime.marks_out_of_ten:
        marks = [(Piece(part).label, mark) for part, mark in zip(slot_parts(regime, slot), values, strict=True)]
        return {"label": label, "title": title, "marks": marks}
    knowledge, application = values
    total = knowledge + application if knowledge is not None and application is not None else None
    return {"label": label, "title": title, "knowledge": knowledge, "application": application, "total": total}


def own_plan(*, user, year):
    if not user.staff_id or year is None:
        return None
    return (
        Plan.objects.filter(staff_id=user.staff_id, year=year, staff__in=scoping.visible_staff(user))
        .select_related("staff", "school", "year")
        .first()
    )


@dataclass
class ConfirmationGaps:
    """Who a confirmation would lock without a complete record (tên người, each list by name): no approved plan,
    marks still missing, planned tiết not all confirmed. Confirming with gaps needs a recorded reason."""

    no_plan: list
    missing_marks: list
    hours_short: list

    @property
    def count(self):
        return len({staff.pk for staff in self.no_plan + self.missing_marks + self.hours_short})

    def __bool__(self):
        return bool(self.count)


def confirmation_gaps(*, school, year, managers=False):
    """The gaps of the school's teachers (or ``managers``) for ``year`` before their results are locked: who has no
    approved plan, whose marks are missing, and (when the year requires them) whose planned tiết are not all
    confirmed. Five queries."""
    staff = Staff.objects.filter(unit=school, is_active=True)
    staff = staff.filter(position__in=MANAGER_POSITIONS) if managers else staff.exclude(position__in=MANAGER_POSITIONS)
    approved = of_audience(
        Plan.objects.filter(school=school, year=year, status=PlanStatus.APPROVED), managers=managers
    ).select_related("staff", "result")
    plans = list(approved.prefetch_related(items_prefetch()).order_by("staff__sort_key", "pk"))
    with_plan = {plan.staff_id for plan in plans}
    no_plan = [member for member in staff.order_by("sort_key", "pk") if member.pk not in with_plan]
    missing_marks = [plan.staff for plan in plans if not _fully_marked(plan)]
    hours_short = []
    if year.hours_required:  # else the scores stand alone this year: tiết short keep no one from completing
        confirmed = confirmed_hours([item for plan in plans for item in plan.items.all()])
        for plan in plans:
            done, planned = plan_hours(plan, list(plan.items.all()), confirmed)
            if done < planned:
                hours_short.append(plan.staff)
    return ConfirmationGaps(no_plan=no_plan, missing_marks=missing_marks, hours_short=hours_short)


def _fully_marked(plan):
    result = getattr(plan, "result", None)
    return result is not None and result.missing_count == 0


def confirmation_summary(*, school, year):
    """Counts for the confirm page. The teachers' part (the school confirms it): approved plans, results per
    class, incomplete ones. The managers' part (the unit that scores them confirms it): who still waits for their
    scores, who waits for the confirmation, their results per class."""
    from django.db.models import Count

    approved = Plan.objects.filter(school=school, year=year, status=PlanStatus.APPROVED)
    teachers = of_audience(approved, managers=False)
    total = teachers.count()
    results = YearResult.objects.filter(plan__in=teachers)
    by_class = rules.in_class_order(
        dict(results.values_list("classification").annotate(n=Count("id")).values_list("classification", "n"))
    )
    incomplete = results.filter(missing_count__gt=0).count() + (total - results.count())
    managers = list(
        of_audience(approved, managers=True).select_related("staff", "result").order_by("staff__sort_key", "pk")
    )
    waiting_scores, scored, managers_by_class = [], [], {}
    for plan in managers:
        result = getattr(plan, "result", None)
        if result is None or result.missing_count:
            waiting_scores.append(plan)
        else:
            scored.append(plan)
        if result is not None:
            managers_by_class[result.classification] = managers_by_class.get(result.classification, 0) + 1
    return {
        "total": total,
        "by_class": by_class,
        "incomplete": incomplete,
        # The plan dashboard's and the results dashboard's "chưa có kế hoạch được duyệt" (no plan at all included).
        "not_approved": _not_approved(school=school, year=year),
        "managers_total": len(managers),
        "managers_waiting_scores": waiting_scores,
        "managers_scored": scored,
        "managers_by_class": rules.in_class_order(managers_by_class),
        # The unit that scored the managers that year (a Phòng dissolved since still did it in 2018–2019).
        "superior_name": names_in_year(school, year)[0],
    }


def _not_approved(*, school, year):
    counts = staff_plan_counts(Staff.objects.filter(unit=school), year=year, plans=Plan.objects.filter(school=school))
    return counts.get(school.pk, {}).get("not_approved", 0)


def confirmation_of(*, school, year):
    return (
        SchoolConfirmation.objects.filter(school=school, year=year)
        .select_related("confirmed_by", "reopened_by")
        .first()
    )


def confirmation_events(*, confirmation):
    if confirmation is None:
        return ConfirmationEvent.objects.none()
    return confirmation.events.select_related("by")


def reopenable_schools(*, user):
    """Schools whose results the user's unit may reopen: the schools directly below it (admin: every school)."""
    schools = scoping.visible_schools(user)
    if user.is_admin_role:
        return schools
    if not can(user, Cap.REOPEN):
        return schools.none()
    return schools.filter(parent_id=user.unit_id)


def can_reopen(*, user, school):
    return user.is_admin_role or (can(user, Cap.REOPEN) and user.unit_id == superior_unit_id(school))


def can_confirm_managers(*, user, school):
    """The unit that scores the school's managers confirms and reopens their results (the same unit as can_reopen)."""
    return can_reopen(user=user, school=school)


def can_confirm(*, user, school):
    return can(user, Cap.CONFIRM, school)


def school_confirmations(*, user, year):
    """For an office: its schools with their confirmation (or None) and result counts, sorted by path."""
    schools = list(schools_of_year(reopenable_schools(user=user), year=year).order_by("path"))
    confirmations = {
        c.school_id: c
        for c in SchoolConfirmation.objects.filter(year=year, school__in=schools).select_related(
            "confirmed_by", "reopened_by"
        )
    }
    return [(school, confirmations.get(school.pk)) for school in schools]

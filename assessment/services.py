"""Writes of the assessment app: scores (grid and Excel import), year results, confirmation and reopening.

Every score write goes through ``_scores_save``: it checks the whole input first (pairs 0–5 under TT 26/2012, one
mark 0–10 per assessed piece under TT 19/2019, both in steps of 0.25; the slots of each plan, the scope and the
lock), then, inside one transaction holding the plans' rows, refuses rows changed
by someone else since the form was loaded (optimistic concurrency), writes the changed scores with one history row
each, and recomputes the year results with ``year_results_recompute``, the only writer of ``YearResult``.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import DomainError
from core.ids import plain_id
from plans.models import Plan, PlanStatus
from study.selectors import confirmed_hours
from years.deadlines import require_evaluation_window
from years.rulesets import Piece
from years.services import read_only_message

from . import rules, selectors, signals
from .models import ConfirmationEvent, SchoolConfirmation, Score, ScoreChange, Source, YearResult
from .rules_settings import RULES_2012, RULES_2019

PART_NAMES = {"k": "tiếp thu", "a": "vận dụng"}


class AssessmentError(DomainError):
    """A translatable error of scoring and confirmation, shown to the user as a message."""


class OutOfScopeError(AssessmentError):
    """A plan the user may not score (the views answer 404)."""


class ScoreInputError(AssessmentError):
    """Some values are not valid scores; nothing was saved.

    ``errors``: {(plan id, slot, "k" | "a" | piece): message}."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(
            _("Có %(n)s ô điểm chưa hợp lệ (đánh dấu đỏ); chưa lưu điểm nào. Hãy sửa rồi lưu lại.") % {"n": len(errors)}
        )


@dataclass(frozen=True)
class Conflict:
    """Someone else changed a plan's scores since the form was loaded."""

    plan_id: int
    staff_name: str
    changed_by: str
    changed_at: object
    submitted: dict


class ScoreConflictError(AssessmentError):
    """Rows changed elsewhere since the form was loaded; nothing was saved.

    ``conflicts``: {plan id: Conflict}; ``changed_plan_ids``: the plans the user did change (conflicting or not).
    """

    def __init__(self, conflicts, changed_plan_ids):
        self.conflicts = conflicts
        self.changed_plan_ids = changed_plan_ids
        names = ", ".join(conflict.staff_name for conflict in conflicts.values())
        super().__init__(
            _(
                "Điểm của %(names)s vừa được người khác sửa sau khi bạn mở trang nên chưa lưu điểm nào. "
                "Bảng đã hiện điểm mới nhất của những người này (điểm bạn vừa nhập ghi ngay bên dưới); "
                "hãy kiểm tra rồi lưu lại."
            )
            % {"names": names}
        )


@dataclass(frozen=True)
class SaveSummary:
    cells: int
    plans: int


# ---------------------------------------------------------------------------------------------------------------
# Reading one part score
# ---------------------------------------------------------------------------------------------------------------


# A typed score: ASCII digits, at most one decimal comma or point, a few digits either side. Anything else
# (exponents such as 1e999999, digits such as ² or ٣, NaN) is refused before Decimal sees it: a huge exponent
# made a million-digit message or a 500.
_PART_TEXT_RE = re.compile(r"[+-]?(?=[.,]?[0-9])[0-9]{0,6}(?:[.,][0-9]{0,6})?", re.ASCII)
_SHOWN_CHARS = 12


def _shown(raw):
    """The value as the user typed it, cut short: a message never repeats a huge cell."""
    if isinstance(raw, int) and not -(10**_SHOWN_CHARS) < raw < 10**_SHOWN_CHARS:
        return "…"
    text = str(raw)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


def _not_a_number(raw):
    return _("“%(value)s” không phải là số; hãy ghi điểm dạng 4,5 hoặc 4.5.") % {"value": _shown(raw)}


def _parse_score(raw, *, low, high, step, examples):
    """The one score parser: ``raw`` as typed or read from Excel → a Decimal in low–high on ``step``; blank → None.

    Refuses exponents, foreign digits, NaN and huge numbers before Decimal sees them, with short Vietnamese messages.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(_("“%(value)s” không phải là điểm.") % {"value": raw})
    out_of_range = _("Điểm phải từ %(min)s đến %(max)s, không nhận %(value)s.") % {
        "min": selectors.format_part(low) or "0",
        "max": selectors.format_part(high),
        "value": _shown(raw),
    }
    if isinstance(raw, int):
        if not low <= raw <= high:  # compared as an int: a 4000-digit number is never a Decimal
            raise ValueError(out_of_range)
        value = Decimal(raw)
    elif isinstance(raw, (float, Decimal)):
        value = Decimal(repr(raw)) if isinstance(raw, float) else raw
        if not value.is_finite():
            raise ValueError(_not_a_number(raw))
    else:
        text = "".join(str(raw).split())
        if not text:
            return None
        if not _PART_TEXT_RE.fullmatch(text):
            raise ValueError(_not_a_number(text))
        value = Decimal(text.replace(",", "."))
    if not low <= value <= high:
        raise ValueError(out_of_range)
    # In range, but 5e-324 (a float from a sheet) still has too many places to print or divide safely.
    if value.as_tuple().exponent < -6 or value % step != 0:
        shown = selectors.format_part(value) if value.as_tuple().exponent >= -6 else _shown(raw)
        raise ValueError(
            _("Điểm phải chia hết cho %(step)s (ví dụ %(examples)s), không nhận %(value)s.")
            % {"step": selectors.format_part(step), "examples": examples, "value": shown}
        )
    return value.quantize(Decimal("0.01"))


def parse_part(raw):
    """A knowledge or application score as typed: "4,5", "4.5", 4.5 (Excel) → Decimal("4.50"); blank → None.

    Raises ValueError with a short Vietnamese message for anything but 0–5 in steps of 0.25. The one parser
    of the grid, the live preview and the Excel import.
    """
    r = RULES_2012
    return _parse_score(raw, low=r.PART_MIN, high=r.PART_MAX, step=r.PART_STEP, examples="4; 4,25; 4,5; 4,75")


def parse_mark(raw):
    """A piece's mark under TT 19/2019 as typed: "7,5", "7.5", 7.5 (Excel) → Decimal("7.50"); blank → None.

    Raises ValueError with a short Vietnamese message for anything but 0–10 in steps of 0.25 (RULES_2019).
    """
    r = RULES_2019
    return _parse_score(raw, low=r.MARK_MIN, high=r.MARK_MAX, step=r.MARK_STEP, examples="7; 7,25; 7,5; 7,75")


def parser_for(regime):
    """parse_part under TT 26/2012 (pairs 0–5), parse_mark under TT 19/2019 (marks 0–10)."""
    return parse_mark if regime.marks_out_of_ten else parse_part


def part_name(part):
    """How a message names one value of a slot: "tiếp thu", "vận dụng", or a piece ("bài thu hoạch")."""
    if part in PART_NAMES:
        return _(PART_NAMES[part])
    text = str(Piece(part).label)
    return text[:1].lower() + text[1:]


def slot_label(slot, items_by_id=None, regime=None):
    if slot in (selectors.ND1, selectors.ND2):
        if regime is not None:
            return regime.content_label(int(slot[-1]))
        return _("Nội dung %(n)s") % {"n": slot[-1]}
    item = (items_by_id or {}).get(plain_id(slot[1:]))
    if item is not None and item.module_id:
        return _("Mô đun %(code)s") % {"code": item.module.code}
    return _("Mô đun")


def _cell_message(staff, label, part, message):
    return _("%(name)s — %(slot)s, điểm %(part)s: %(message)s") % {
        "name": staff.full_name,
        "slot": label,
        "part": part_name(part),
        "message": message,
    }


# ---------------------------------------------------------------------------------------------------------------
# Evaluating a plan (no writes)
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanOutcome:
    evaluation: rules.Evaluation
    completed_hours: int
    planned_hours: int
    missing_count: int


MODULE_TITLE_SHOWN = 60  # characters of a module's title in a reason; the code says the rest


def module_name(module):
    """How a reason names a module: "TH3 (Đặc điểm tâm lý học sinh tiểu học)", the code alone without a title."""
    title = " ".join((module.title or "").split())
    if not title:
        return module.code
    if len(title) > MODULE_TITLE_SHOWN:
        title = title[: MODULE_TITLE_SHOWN - 1].rstrip() + "…"
    return f"{module.code} ({title})"


def plan_evaluate(*, plan, items, values, hours):
    """Average, class and hours of one plan from {slot: values} (``selectors.score_values`` shape for its year)
    and {item id: confirmed tiết} (``study.selectors.confirmed_hours``).

    TT 26/2012: values are (knowledge, application); TT 19/2019: one mark per piece (``selectors.slot_parts``).
    Content 1 and 2 have one slot for all their topics. completed_hours: the confirmed tiết of each item up to its
    planned tiết, summed and rounded down to whole tiết (what the certificate prints). When the year requires the
    hours (``TrainingYear.hours_required``), an item short of its planned tiết keeps the plan from completing
    (``rules.with_hours``).
    """
    year = plan.year
    regime = year.regime
    marks = regime.marks_out_of_ten
    exempt = selectors.is_exempt(plan)
    modules = selectors.module_items(plan, items)

    def blank(slot):
        return selectors.blank_values(regime, slot)

    def given(slot):
        value = values.get(slot, blank(slot))
        return list(value) if marks else value

    nd3 = None if exempt else [given(selectors.module_slot(item.pk)) for item in modules]
    evaluation = rules.evaluate(
        year.ruleset,
        plan.staff.audience,
        plan.staff.level,
        given(selectors.ND1),
        given(selectors.ND2),
        nd3,
        exempt_content3=exempt,
        module_names=[module_name(item.module) for item in modules],
        exemption_allowed=exempt,  # selectors.is_exempt already checked the year allows it
    )
    missing = sum(None in values.get(f"nd{content}", blank(f"nd{content}")) for content in (1, 2))
    for item in modules:
        missing += None in values.get(selectors.module_slot(item.pk), blank(selectors.module_slot(item.pk)))
    if not exempt and not modules:
        missing += 1
    counted = selectors.counted_items(plan, items)
    done = {item.pk: rules.counted_hours([(item.hours, hours.get(item.pk, 0))]) for item in counted}
    if year.hours_required:
        evaluation = rules.with_hours(
            evaluation,
            [
                rules.HoursShort(name=hours_item_name(item, year), confirmed=done[item.pk], planned=item.hours)
                for item in counted
                if done[item.pk] < item.hours
            ],
        )
    return PlanOutcome(
        evaluation=evaluation,
        completed_hours=int(sum(done.values(), Decimal(0))),
        planned_hours=sum(item.hours for item in counted),
        missing_count=missing,
    )


def hours_item_name(item, year):
    """How a reason about hours names a plan item: its module, else its topic under its content's name."""
    if item.module_id:
        return module_name(item.module)
    return f"{year.content_label(item.content)} ({item.title})" if item.title else str(year.content_label(item.content))


def plan_preview(*, plan, raw_values):
    """What the grid shows while typing: the server's average and class for unsaved values of one plan.

    ``raw_values``: {slot: (text, …)} (one text per ``selectors.slot_parts``); returns
    {"errors": {"<slot>-<part>": message}, "average", "label", …}.
    """
    items = list(plan.items.select_related("module", "topic").order_by("content", "order", "id"))
    regime = plan.year.regime
    parse = parser_for(regime)
    slots = set(selectors.plan_slots(plan, items))
    values, errors = {}, {}
    for slot, texts in raw_values.items():
        if slot not in slots:
            continue
        parsed = []
        for part, raw in zip(selectors.slot_parts(regime, slot), texts, strict=True):
            try:
                parsed.append(parse(raw))
            except ValueError as error:
                errors[f"{slot}-{part}"] = str(error)
                parsed.append(None)
        values[slot] = tuple(parsed)
    outcome = plan_evaluate(plan=plan, items=items, values=values, hours=confirmed_hours(items))
    evaluation = outcome.evaluation
    return {
        "errors": errors,
        "average": rules.format_score(evaluation.average) if evaluation.average is not None else "",
        "classification": str(evaluation.classification),
        "label": str(rules.label(evaluation.classification, plan.year.ruleset)),
        "reasons": [str(reason) for reason in evaluation.reasons],
        "complete": outcome.missing_count == 0,
    }


# ---------------------------------------------------------------------------------------------------------------
# Year results: the only writer
# ---------------------------------------------------------------------------------------------------------------

RESULT_FIELDS = [
    "school",
    "average",
    "classification",
    "reasons",
    "completed_hours",
    "planned_hours",
    "missing_count",
    "computed_at",
]


def year_results_recompute(*, plans):
    """Recompute and store the year result of each plan from its current scores (a few queries for any number).

    The only code that writes YearResult; called in the transaction of every score write and at confirmation.
    A plan that is no longer approved loses its result.
    """
    ids = [plan.pk for plan in plans]
    if not ids:
        return []
    plans = list(
        Plan.objects.filter(pk__in=ids).select_related("staff", "year").prefetch_related(selectors.items_prefetch())
    )
    scores = {}
    for score in Score.objects.filter(plan_id__in=ids):
        scores.setdefault(score.plan_id, []).append(score)
    hours = confirmed_hours([item for plan in plans for item in plan.items.all()])
    existing = {result.plan_id: result for result in YearResult.objects.filter(plan_id__in=ids)}
    now = timezone.now()
    created, updated, stale = [], [], []
    for plan in plans:
        result = existing.get(plan.pk)
        if plan.status != PlanStatus.APPROVED:
            if result is not None:
                stale.append(result.pk)
            continue
        outcome = plan_evaluate(
            plan=plan,
            items=list(plan.items.all()),
            values=selectors.score_values(scores.get(plan.pk, []), plan.year.regime),
            hours=hours,
        )
        evaluation = outcome.evaluation
        if result is None:
            result = YearResult(staff_id=plan.staff_id, year_id=plan.year_id, plan=plan)
            created.append(result)
        else:
            updated.append(result)
        result.school_id = plan.school_id
        result.average = evaluation.average
        result.classification = str(evaluation.classification)
        result.reasons = [str(reason) for reason in evaluation.reasons]
        result.completed_hours = outcome.completed_hours
        result.planned_hours = outcome.planned_hours
        result.missing_count = outcome.missing_count
        result.computed_at = now
    if stale:
        YearResult.objects.filter(pk__in=stale).delete()
    YearResult.objects.bulk_create(created)
    YearResult.objects.bulk_update(updated, RESULT_FIELDS)
    return created + updated


def year_result_recompute(*, plan):
    """Recompute one plan's year result (see year_results_recompute)."""
    results = year_results_recompute(plans=[plan])
    return results[0] if results else None


# ---------------------------------------------------------------------------------------------------------------
# Saving scores
# ---------------------------------------------------------------------------------------------------------------


def scores_save_grid(*, user, year, rows):
    """Save the score grid: rows = [{"plan_id", "version", "values": {slot: values}}], values being
    (knowledge, application) under TT 26/2012 and one text per piece of ``selectors.slot_parts`` under TT 19/2019.

    ``version`` is the plan's score version when the form was loaded; a row whose values differ from the stored
    ones while its version is stale is a conflict, and nothing is saved. All or nothing.
    """
    return _scores_save(user=user, year=year, rows=rows, source=Source.GRID, check_versions=True)


def scores_import(*, user, year, rows):
    """Save scores read from an Excel sheet (already checked by importers.scores_import_parse). All or nothing."""
    return _scores_save(user=user, year=year, rows=rows, source=Source.IMPORT, check_versions=False)


def _parse_rows(rows, plans, regime):
    """({plan id: {slot: values}}, errors) for the submitted rows; values only for the plan's own slots.

    ``values`` of a slot: (knowledge, application) under TT 26/2012, one mark per piece under TT 19/2019."""
    parse = parser_for(regime)
    parsed, errors = {}, {}
    for row in rows:
        plan = plans[int(row["plan_id"])]
        items = list(plan.items.all())
        items_by_id = {item.pk: item for item in items}
        slots = set(selectors.plan_slots(plan, items))
        values = parsed.setdefault(plan.pk, {})
        for slot, texts in row["values"].items():
            label = slot_label(slot, items_by_id, regime)
            parts = selectors.slot_parts(regime, slot)
            if slot not in slots:
                errors[(plan.pk, slot, parts[0])] = _cell_message(
                    plan.staff, label, parts[0], _("nội dung này không có trong kế hoạch đã phê duyệt.")
                )
                continue
            if len(texts) != len(parts):
                errors[(plan.pk, slot, parts[0])] = _cell_message(
                    plan.staff,
                    label,
                    parts[0],
                    _("cần %(n)s điểm (%(parts)s), nhận %(got)s.")
                    % {"n": len(parts), "parts": ", ".join(part_name(p) for p in parts), "got": len(texts)},
                )
                continue
            checked = []
            for part, raw in zip(parts, texts, strict=True):
                try:
                    checked.append(parse(raw))
                except ValueError as error:
                    errors[(plan.pk, slot, part)] = _cell_message(plan.staff, label, part, str(error))
                    checked.append(None)
            values[slot] = tuple(checked)
    return parsed, errors


def _new_score(plan, slot, items_by_id, piece=""):
    if slot in (selectors.ND1, selectors.ND2):
        return Score(plan=plan, content=int(slot[-1]), piece=piece)
    return Score(plan=plan, content=3, item=items_by_id[int(slot[1:])], piece=piece)


def _pair_text(knowledge, application):
    return f"{rules.format_score(knowledge)} – {rules.format_score(application)}"


def _cells(values, regime):
    """{(slot, piece): value} of one plan's parsed values: ("", (knowledge, application)) under TT 26/2012,
    (piece, mark) under TT 19/2019."""
    cells = {}
    for slot, parsed in values.items():
        if regime.marks_out_of_ten:
            for piece, mark in zip(selectors.slot_parts(regime, slot), parsed, strict=True):
                cells[(slot, piece)] = mark
        else:
            cells[(slot, "")] = parsed
    return cells


def _stored(score, marks):
    """A stored score's value: its mark (TT 19/2019) or its pair."""
    if marks:
        return score.mark if score is not None else None
    return (score.knowledge, score.application) if score is not None else (None, None)


def _audit_scores(history, *, user, at):
    """One audit entry per plan: the scores it changed (tiếp thu – vận dụng), before and after."""
    changed = {}
    for score, plan, old in history:
        if score.item_id:  # the plan's prefetched item, so the label costs no query
            score.item = next(item for item in plan.items.all() if item.pk == score.item_id)
        before, after = changed.setdefault(plan, ({}, {}))
        if score.piece:
            before[score.slot_label] = rules.format_score(old)
            after[score.slot_label] = rules.format_score(score.mark)
        else:
            before[score.slot_label] = _pair_text(*old)
            after[score.slot_label] = _pair_text(score.knowledge, score.application)
    audit.record_bulk(
        audit.entry(
            "assessment.scores.entered",
            actor=user,
            obj=plan,
            unit=plan.school_id,
            person=plan.staff_id,
            before=before,
            after=after,
            at=at,
        )
        for plan, (before, after) in changed.items()
    )


def _change(score, plan, old, *, user, at, source):
    """The history row of one changed score: the old and new pair (TT 26/2012) or piece and mark (TT 19/2019)."""
    change = ScoreChange(score=score, plan=plan, changed_by=user, changed_at=at, source=source)
    if score.piece:
        change.piece, change.old_mark, change.new_mark = score.piece, old, score.mark
    else:
        change.old_knowledge, change.old_application = old
        change.new_knowledge, change.new_application = score.knowledge, score.application
    return change


def _scores_save(*, user, year, rows, source, check_versions):
    if not rows:
        return SaveSummary(cells=0, plans=0)
    plan_ids = {int(row["plan_id"]) for row in rows}
    if len(plan_ids) != len(rows):
        raise AssessmentError(_("Một người xuất hiện hai lần trong dữ liệu gửi lên."))
    plans = {
        plan.pk: plan
        for plan in selectors.scorable_plans(user=user, year=year)
        .filter(pk__in=plan_ids)
        .select_related("staff", "school", "year")
        .prefetch_related(selectors.items_prefetch())
    }
    if set(plans) != plan_ids:
        raise OutOfScopeError(_("Không tìm thấy kế hoạch hoặc bạn không được nhập điểm cho người này."))
    regime = year.regime
    marks = regime.marks_out_of_ten
    parsed, errors = _parse_rows(rows, plans, regime)
    if errors:
        raise ScoreInputError(errors)

    with transaction.atomic():
        # Hold the plans' rows: saves of the same plans and the school's confirmation wait for each other.
        list(Plan.objects.select_for_update().filter(pk__in=plan_ids).order_by("pk").values_list("pk", flat=True))
        locks = selectors.locked_audiences(year=year, school_ids={plan.school_id for plan in plans.values()})
        locked = [plan for plan in plans.values() if selectors.plan_is_locked(plan, locks)]
        if locked:
            names = sorted({plan.school.name for plan in locked})
            raise AssessmentError(
                _(
                    "Kết quả của %(schools)s đã được xác nhận nên điểm chỉ xem được; cần đơn vị cấp trên mở lại "
                    "trước khi sửa."
                )
                % {"schools": ", ".join(names)}
            )
        current = {}
        for score in Score.objects.filter(plan_id__in=plan_ids).select_related("entered_by", "entered_by__staff"):
            current.setdefault(score.plan_id, {})[(score.slot, score.piece)] = score

        changes, conflicts, changed_plan_ids = [], {}, set()
        versions = {int(row["plan_id"]): row.get("version") for row in rows}
        for plan_id, values in parsed.items():
            stored = current.get(plan_id, {})
            row_changes = []
            for key, value in _cells(values, regime).items():
                score = stored.get(key)
                if _stored(score, marks) != value:
                    row_changes.append((key, value, score))
            if not row_changes:
                continue
            changed_plan_ids.add(plan_id)
            version = selectors.scores_version(stored.values())
            if check_versions and versions[plan_id] != version:
                latest = max(stored.values(), key=lambda score: (score.entered_at, score.pk))
                conflicts[plan_id] = Conflict(
                    plan_id=plan_id,
                    staff_name=plans[plan_id].staff.full_name,
                    changed_by=latest.entered_by.display_name,
                    changed_at=latest.entered_at,
                    submitted=values,
                )
                continue
            changes.extend((plans[plan_id], slot, pair, score) for slot, pair, score in row_changes)
        if conflicts:
            raise ScoreConflictError(conflicts, changed_plan_ids)

        now = timezone.now()
        created, updated, history = [], [], []
        for plan, (slot, piece), value, score in changes:
            if score is None:
                score = _new_score(plan, slot, {item.pk: item for item in plan.items.all()}, piece)
                score.version = 1
                created.append(score)
            else:
                score.version += 1
                updated.append(score)
            old = _stored(score if score.pk else None, marks)
            if marks:
                score.mark = value
            else:
                score.knowledge, score.application = value
            score.entered_by, score.entered_at = user, now
            history.append((score, plan, old))
        Score.objects.bulk_create(created)
        fields = ["mark"] if marks else ["knowledge", "application"]
        Score.objects.bulk_update(updated, [*fields, "entered_by", "entered_at", "version"])
        ScoreChange.objects.bulk_create(
            _change(score, plan, old, user=user, at=now, source=source) for score, plan, old in history
        )
        _audit_scores(history, user=user, at=now)
        changed_plans = [plans[plan_id] for plan_id in sorted(changed_plan_ids)]
        year_results_recompute(plans=changed_plans)
        signals.marks_recorded.send(Score, plans=changed_plans, by=user)
    return SaveSummary(cells=len(changes), plans=len(changed_plans))


# ---------------------------------------------------------------------------------------------------------------
# Confirmation and reopening
# ---------------------------------------------------------------------------------------------------------------


AUDIT_CONFIRMATION_ACTIONS = {
    ConfirmationEvent.Action.CONFIRM: "assessment.results.confirmed",
    ConfirmationEvent.Action.REOPEN: "assessment.results.reopened",
    ConfirmationEvent.Action.CONFIRM_MANAGERS: "assessment.managers.confirmed",
    ConfirmationEvent.Action.REOPEN_MANAGERS: "assessment.managers.reopened",
}


def _audit_confirmation(event):
    confirmation = event.confirmation
    audit.record(
        AUDIT_CONFIRMATION_ACTIONS[event.action],
        actor=event.by,
        obj=confirmation,
        unit=confirmation.school_id,
        after=event.counts or None,
        reason=event.comment,
    )
    signals.confirmation_recorded.send(SchoolConfirmation, event=event)


def _result_counts(*, school, year, managers=False):
    summary = selectors.confirmation_summary(school=school, year=year)
    if managers:
        return {
            "total": summary["managers_total"],
            "incomplete": len(summary["managers_waiting_scores"]),
            "by_class": summary["managers_by_class"],
        }
    return {"total": summary["total"], "incomplete": summary["incomplete"], "by_class": summary["by_class"]}


def _confirmed_at(moment):
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _stale_plans(*, school, year, managers):
    """Plans of the school that still hold a result though they are no longer approved (they lose it)."""
    stale = Plan.objects.filter(school=school, year=year, result__isnull=False).exclude(status=PlanStatus.APPROVED)
    return list(selectors.of_audience(stale, managers=managers))


def _require_reason_for_gaps(*, school, year, managers, reason):
    """Locking results with people still incomplete is allowed (the deadline may not wait for everyone), but only
    said and recorded: who is missing what, and the reason the user gives for going ahead."""
    gaps = selectors.confirmation_gaps(school=school, year=year, managers=managers)
    if gaps and not (reason or "").strip():
        raise AssessmentError(
            _(
                "Còn %(n)s người chưa đủ hồ sơ (chưa có kế hoạch được duyệt, còn thiếu điểm hoặc chưa đủ số tiết đã "
                "được xác nhận). Hãy xem danh sách, rồi ghi lý do nếu vẫn xác nhận."
            )
            % {"n": gaps.count}
        )
    return (reason or "").strip() if gaps else ""


def _confirm_audience(*, school, year, user, plans, managers, reason=""):
    """Lock the results of the school's teachers, or of its managers (``managers``), recording who and when.

    Every approved plan of the audience gets a result, and one no longer approved since it was scored loses its own.
    Runs inside the caller's transaction, which holds the plans' rows."""
    Action = ConfirmationEvent.Action
    if managers:
        fields, action = ("managers_locked", "managers_confirmed_by", "managers_confirmed_at"), Action.CONFIRM_MANAGERS
        already = _("Kết quả cán bộ quản lý của trường đã được xác nhận lúc %(at)s.")
    else:
        fields, action = ("is_locked", "confirmed_by", "confirmed_at"), Action.CONFIRM
        already = _("Kết quả của trường đã được xác nhận lúc %(at)s.")
    locked_field, by_field, at_field = fields
    confirmation, _created = SchoolConfirmation.objects.get_or_create(school=school, year=year)
    confirmation = SchoolConfirmation.objects.select_for_update().get(pk=confirmation.pk)
    if getattr(confirmation, locked_field):
        raise AssessmentError(already % {"at": _confirmed_at(getattr(confirmation, at_field))})
    year_results_recompute(plans=plans + _stale_plans(school=school, year=year, managers=managers))
    now = timezone.now()
    setattr(confirmation, locked_field, True)
    setattr(confirmation, by_field, user)
    setattr(confirmation, at_field, now)
    confirmation.save()
    event = ConfirmationEvent.objects.create(
        confirmation=confirmation,
        action=action,
        by=user,
        at=now,
        counts=_result_counts(school=school, year=year, managers=managers),
        comment=reason,
    )
    _audit_confirmation(event)
    return confirmation


def _refuse_read_only(year):
    """A year restructured since is kept as it was: nothing in it is confirmed or reopened any more."""
    if year.is_read_only:
        raise AssessmentError(read_only_message(year))


def results_confirm(*, school, year, user, reason=""):
    """The school manager confirms the school's (teachers') results: they are recomputed and their scores locked.

    The school's managers (CBQL) are left alone: the unit that scores them confirms them (``managers_confirm``),
    so a principal never classifies and locks a manager before the Phòng or Sở has scored them. Allowed with
    missing scores (the count is recorded and shown, those people are "Không hoàn thành"), refused when no
    teacher's plan is approved or the results are already confirmed. With people still incomplete
    (``selectors.confirmation_gaps``) a ``reason`` is required, and recorded with the confirmation. Refused before
    the school's evaluation window (``years.deadlines.evaluation_window``) unless a unit above opened it early.
    """
    _refuse_read_only(year)
    require_evaluation_window(year=year, unit=school, what=_("xác nhận kết quả"), error=AssessmentError)
    if not selectors.can_confirm(user=user, school=school):
        raise AssessmentError(_("Chỉ lãnh đạo nhà trường mới được xác nhận kết quả của trường."))
    with transaction.atomic():
        approved = Plan.objects.select_for_update().filter(school=school, year=year, status=PlanStatus.APPROVED)
        plans = list(selectors.of_audience(approved, managers=False).order_by("pk"))
        if not plans:
            if approved.exists():
                raise AssessmentError(
                    _(
                        "Trường chưa có kế hoạch nào của giáo viên được phê duyệt; kết quả cán bộ quản lý do "
                        "%(superior)s xác nhận."
                    )
                    % {"superior": selectors.superior_name(school)}
                )
            raise AssessmentError(_("Trường chưa có kế hoạch nào được phê duyệt nên chưa có kết quả để xác nhận."))
        reason = _require_reason_for_gaps(school=school, year=year, managers=False, reason=reason)
        return _confirm_audience(school=school, year=year, user=user, plans=plans, managers=False, reason=reason)


def managers_confirm(*, school, year, user, reason=""):
    """The unit that scores the school's managers (its Phòng, or the Sở above it) confirms their results: they are
    recomputed and their scores locked. Allowed with missing scores, like the school's own confirmation, and in
    the school's evaluation window only."""
    _refuse_read_only(year)
    require_evaluation_window(year=year, unit=school, what=_("xác nhận kết quả"), error=AssessmentError)
    if not selectors.can_confirm_managers(user=user, school=school):
        raise AssessmentError(
            _("Chỉ %(superior)s, đơn vị chấm điểm cán bộ quản lý của trường, mới xác nhận được kết quả của họ.")
            % {"superior": selectors.superior_name(school)}
        )
    with transaction.atomic():
        approved = Plan.objects.select_for_update().filter(school=school, year=year, status=PlanStatus.APPROVED)
        plans = list(selectors.of_audience(approved, managers=True).order_by("pk"))
        if not plans:
            raise AssessmentError(_("Trường chưa có kế hoạch nào của cán bộ quản lý được phê duyệt."))
        reason = _require_reason_for_gaps(school=school, year=year, managers=True, reason=reason)
        return _confirm_audience(school=school, year=year, user=user, plans=plans, managers=True, reason=reason)


def managers_reopen(*, school, year, user, reason):
    """The unit that confirmed the school's managers' results reopens them, with a reason."""
    _refuse_read_only(year)
    if not selectors.can_confirm_managers(user=user, school=school):
        raise AssessmentError(
            _("Chỉ %(superior)s mới được mở lại kết quả cán bộ quản lý của trường.")
            % {"superior": selectors.superior_name(school)}
        )
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError(_("Hãy ghi lý do mở lại kết quả."))
    with transaction.atomic():
        confirmation = SchoolConfirmation.objects.select_for_update().filter(school=school, year=year).first()
        if confirmation is None or not confirmation.managers_locked:
            raise AssessmentError(_("Kết quả cán bộ quản lý của trường chưa được xác nhận nên không cần mở lại."))
        confirmation.managers_locked = False
        confirmation.save()
        event = ConfirmationEvent.objects.create(
            confirmation=confirmation,
            action=ConfirmationEvent.Action.REOPEN_MANAGERS,
            by=user,
            at=timezone.now(),
            comment=reason,
        )
        _audit_confirmation(event)
    return confirmation


def results_reopen(*, school, year, user, reason):
    """The school's superior unit (its Phòng, or the Sở for schools directly under it) reopens the results."""
    _refuse_read_only(year)
    if not selectors.can_reopen(user=user, school=school):
        raise AssessmentError(
            _("Chỉ đơn vị cấp trên trực tiếp của trường (UBND xã, Phòng hoặc Sở GD&ĐT) mới được mở lại kết quả.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError(_("Hãy ghi lý do mở lại kết quả."))
    with transaction.atomic():
        confirmation = SchoolConfirmation.objects.select_for_update().filter(school=school, year=year).first()
        if confirmation is None or not confirmation.is_locked:
            raise AssessmentError(_("Kết quả của trường chưa được xác nhận nên không cần mở lại."))
        now = timezone.now()
        confirmation.is_locked = False
        confirmation.reopened_by = user
        confirmation.reopened_at = now
        confirmation.reopen_reason = reason
        confirmation.save()
        event = ConfirmationEvent.objects.create(
            confirmation=confirmation, action=ConfirmationEvent.Action.REOPEN, by=user, at=now, comment=reason
        )
        _audit_confirmation(event)
    return confirmation

"""Demo step for ``seed_demo``: scores and year results for most approved plans, and a few confirmed schools.

Runs after the plans step. Scores are drawn per plan from a profile (most people Khá, some Giỏi or Trung bình,
a few below 5 in one content, a few with a module left unscored) and written in bulk without history rows, like
every seeded row. Under TT 26/2012 a slot's score is one pair (tiếp thu + vận dụng, 0–5 each); under TT 19/2019
one mark (0–10) per assessed piece of the slot (``year.regime.pieces_for``): most people pass every piece, some have
one piece below 5 (4,75), some a piece not marked yet. The year results come from
``assessment.services.year_results_recompute`` (the only writer of YearResult), in chunks. About a tenth of the
approved plans stay unscored (the evaluation is still going on), and half of the demo principal's school, for the
visitor to try. About one school in six has confirmed its results (every approved plan of those schools has a
result).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from demo.province import insert_rows
from demo.study import write_study_logs

BATCH_SIZE = 5000
# Scored people still short of confirmed tiết on some item (Không hoàn thành kế hoạch until they are confirmed).
HOURS_SHORT_SHARE = 0.04
RECOMPUTE_CHUNK = 2000
# (profile, weight): the base total (tiếp thu + vận dụng) of each content score and its spread.
PROFILES = [
    ("gioi", 22),
    ("kha", 45),
    ("trung_binh", 18),
    ("below_five", 5),  # one content below 5: Không hoàn thành kế hoạch (Không đạt for managers)
    ("missing", 10),  # a module left unscored (TT 19: one piece not marked yet)
]
BASE = {
    "gioi": (9.25, 0.5),
    "kha": (8.0, 0.6),
    "trung_binh": (6.0, 0.5),
    "below_five": (7.0, 0.6),
    "missing": (8.0, 0.6),
}
# TT 19/2019: the mean mark (0–10) of each piece and its spread; a passing profile never draws below 5.
MARK_BASE = {
    "gioi": (8.75, 0.7),
    "kha": (7.5, 0.9),
    "trung_binh": (6.0, 0.7),
    "below_five": (7.5, 0.9),
    "missing": (7.5, 0.9),
}
LOW_MARKS = (Decimal("4.75"), Decimal("4.5"), Decimal("4"), Decimal("3.5"))
PASS_MARK = Decimal("5")
UNSCORED_SHARE = 0.1
CONFIRMED_SHARE = 1 / 6
STEP = Decimal("0.25")
SCORE_FIELDS = ("plan_id", "content", "item_id", "knowledge", "application", "entered_by_id", "entered_at")
PIECE_SCORE_FIELDS = ("plan_id", "content", "item_id", "piece", "mark", "entered_by_id", "entered_at")


def _part(rng, mean, spread):
    """A half score: 0–5 in steps of 0.25 around ``mean``."""
    value = min(5.0, max(0.0, rng.gauss(mean, spread)))
    return (Decimal(str(value)) / STEP).quantize(Decimal("1")) * STEP


def _pair(rng, total, spread):
    return _part(rng, total / 2, spread / 2), _part(rng, total / 2, spread / 2)


def _mark(rng, mean, spread):
    """A passing mark: 5–10 in steps of 0.25 around ``mean``."""
    value = min(10.0, max(5.0, rng.gauss(mean, spread)))
    return (Decimal(str(value)) / STEP).quantize(Decimal("1")) * STEP


def score_fields(year):
    """The Score fields a row of ``score_rows`` gives, by the year's regime."""
    return PIECE_SCORE_FIELDS if year.regime.marks_out_of_ten else SCORE_FIELDS


def score_rows(rng, year, plan_id, module_items, profile, *, actor_id, at):
    """The Score rows (``score_fields(year)``) of one plan scored as ``profile``: content 1, 2 and each module.

    TT 26/2012: one pair per slot; "below_five" puts one slot under 5, "missing" leaves one module unscored.
    TT 19/2019: one mark per piece of each slot; "below_five" marks one piece under 5 (4,75 …), "missing" leaves one
    piece of a module unmarked (no row yet, as before anyone types it).
    """
    slots = [(1, None), (2, None), *((3, item_id) for item_id in module_items)]
    rows = []
    if not year.regime.marks_out_of_ten:
        total, spread = BASE[profile]
        low = rng.randrange(len(slots)) if profile == "below_five" else None
        skip = rng.randrange(2, len(slots)) if profile == "missing" and len(slots) > 2 else None
        for index, (content, item_id) in enumerate(slots):
            if index == skip:
                continue
            knowledge, application = _pair(rng, 4.0 if index == low else total, spread)
            rows.append((plan_id, content, item_id, knowledge, application, actor_id, at))
        return rows
    mean, spread = MARK_BASE[profile]
    pieces = [(content, item_id, piece) for content, item_id in slots for piece in year.regime.pieces_for(content)]
    low = rng.randrange(len(pieces)) if profile == "below_five" else None
    module_pieces = [index for index, (content, _item, _piece) in enumerate(pieces) if content == 3]
    skip = rng.choice(module_pieces) if profile == "missing" and module_pieces else None
    for index, (content, item_id, piece) in enumerate(pieces):
        if index == skip:
            continue
        mark = rng.choice(LOW_MARKS) if index == low else _mark(rng, mean, spread)
        rows.append((plan_id, content, item_id, str(piece), mark, actor_id, at))
    return rows


def write_scores(rows, year):
    from assessment.models import Score

    return insert_rows(Score, score_fields(year), rows, batch_size=BATCH_SIZE)


def recompute_results(plan_ids):
    """The year results of these plans, through ``assessment.services.year_results_recompute`` only."""
    from assessment.services import year_results_recompute
    from plans.models import Plan

    results = 0
    for start in range(0, len(plan_ids), RECOMPUTE_CHUNK):
        chunk = [Plan(pk=plan_id) for plan_id in plan_ids[start : start + RECOMPUTE_CHUNK]]
        results += len(year_results_recompute(plans=chunk))
    return results


def approved_plans(year):
    """{plan id: (school id, [module item ids in plan order])} for the year's approved plans."""
    from plans.models import Plan, PlanItem, PlanStatus

    plans = {
        plan_id: (school_id, [])
        for plan_id, school_id in Plan.objects.filter(year=year, status=PlanStatus.APPROVED)
        .order_by("pk")
        .values_list("pk", "school_id")
    }
    items = PlanItem.objects.filter(plan__year=year, plan__status=PlanStatus.APPROVED, content=3)
    for item_id, plan_id in (
        items.filter(module__isnull=False).order_by("plan_id", "order", "pk").values_list("pk", "plan_id")
    ):
        plans[plan_id][1].append(item_id)
    return plans


def _demo_school_id(ctx):
    user = ctx.users.get("hieutruong")
    return user.unit_id if user is not None else None


def _open_early(ctx, school_ids, *, granted_by):
    """Before the Sở's evaluation start a school locks its results only when the Sở opened it early: the confirmed
    schools of the demo finished their programme early and asked for it (what ``years.services
    .evaluation_open_early`` writes, in bulk)."""
    from years.deadlines import evaluation_window
    from years.models import DeadlineReopening

    window = evaluation_window(year=ctx.year, unit=ctx.department)
    if window.is_open or not school_ids:
        return
    reason = "Trường đã hoàn thành chương trình bồi dưỡng năm học; Sở cho phép đánh giá, xếp loại sớm."
    DeadlineReopening.objects.bulk_create(
        DeadlineReopening(
            deadline=window.deadline, school_id=pk, until=window.opens, reason=reason, granted_by=granted_by
        )
        for pk in school_ids
    )
    ctx.counts["Trường được mở sớm đánh giá"] = len(school_ids)


def step_results(ctx):
    from assessment.models import ConfirmationEvent, SchoolConfirmation

    rng = ctx.rng
    actor = ctx.users.get("totruong") or ctx.users.get("hieutruong") or ctx.users.get("admin")
    confirmer = ctx.users.get("admin") or actor
    if actor is None or ctx.year is None:
        ctx.notes.append("Bỏ qua điểm mẫu: chưa có tài khoản demo hoặc năm học.")
        return
    now = timezone.now()
    year = ctx.year
    plans = approved_plans(year)
    demo_school = _demo_school_id(ctx)
    school_ids = sorted({school_id for school_id, _items in plans.values()} - {demo_school})
    confirmed = set(rng.sample(school_ids, round(len(school_ids) * CONFIRMED_SHARE))) if school_ids else set()

    profiles = [name for name, _weight in PROFILES]
    weights = [weight for _name, weight in PROFILES]
    scores, to_recompute = [], []
    for plan_id, (school_id, module_items) in plans.items():
        if school_id in confirmed:
            to_recompute.append(plan_id)  # confirmation computes every approved plan, scored or not
        elif rng.random() < (0.5 if school_id == demo_school else UNSCORED_SHARE):
            continue
        else:
            to_recompute.append(plan_id)
        profile = rng.choices(profiles, weights)[0]
        scores.extend(score_rows(rng, year, plan_id, module_items, profile, actor_id=actor.pk, at=now))
    write_scores(scores, year)
    # Those scored have done their tiết, confirmed, but for a few still short of some; the others are studying.
    write_study_logs(
        ctx,
        year,
        list(plans),
        first_day=datetime.date(year.start_year, 9, 5),
        last_day=min(timezone.localdate(), datetime.date(year.start_year + 1, 5, 10)),
        confirmer=actor,
        at=now,
        done=to_recompute,
        short_share=HOURS_SHORT_SHARE,
    )
    results = recompute_results(to_recompute)

    # A confirmed school of the demo has its managers confirmed by the unit above too, as happens in a real year.
    confirmations = SchoolConfirmation.objects.bulk_create(
        SchoolConfirmation(
            school_id=school_id,
            year=ctx.year,
            is_locked=True,
            confirmed_by=confirmer,
            confirmed_at=now,
            managers_locked=True,
            managers_confirmed_by=confirmer,
            managers_confirmed_at=now,
        )
        for school_id in sorted(confirmed)
    )
    _open_early(ctx, sorted(confirmed), granted_by=ctx.users.get("so") or confirmer)
    Action = ConfirmationEvent.Action
    ConfirmationEvent.objects.bulk_create(
        ConfirmationEvent(confirmation=confirmation, action=action, by=confirmer, at=now)
        for confirmation in confirmations
        for action in (Action.CONFIRM, Action.CONFIRM_MANAGERS)
    )
    ctx.counts["Điểm đánh giá"] = len(scores)
    ctx.counts["Kết quả BDTX"] = results
    ctx.counts["Trường đã xác nhận kết quả"] = len(confirmations)

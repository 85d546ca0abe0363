"""Demo step for ``seed_demo``: scores and year results for most approved plans, and a few confirmed schools.

Runs after the plans step. Scores are drawn per plan from a profile (most people Khá, some Giỏi or Trung bình,
a few below 5 in one content, a few with a module left unscored) and written in bulk without history rows, like
every seeded row. The year results come from ``assessment.services.year_results_recompute`` (the only writer of
YearResult), in chunks. About a tenth of the approved plans stay unscored (the evaluation is still going on), and
half of the demo principal's school, for the visitor to try. About one school in six has confirmed its results
(every approved plan of those schools has a result).
"""

from decimal import Decimal

from django.utils import timezone

from accounts.demo import insert_rows

BATCH_SIZE = 5000
RECOMPUTE_CHUNK = 2000
# (profile, weight): the base total (tiếp thu + vận dụng) of each content score and its spread.
PROFILES = [
    ("gioi", 22),
    ("kha", 45),
    ("trung_binh", 18),
    ("below_five", 5),  # one content below 5: Không hoàn thành kế hoạch (Không đạt for managers)
    ("missing", 10),  # a module left unscored
]
BASE = {
    "gioi": (9.25, 0.5),
    "kha": (8.0, 0.6),
    "trung_binh": (6.0, 0.5),
    "below_five": (7.0, 0.6),
    "missing": (8.0, 0.6),
}
UNSCORED_SHARE = 0.1
CONFIRMED_SHARE = 1 / 6
STEP = Decimal("0.25")
SCORE_FIELDS = ("plan_id", "content", "item_id", "knowledge", "application", "entered_by_id", "entered_at")


def _part(rng, mean, spread):
    """A half score: 0–5 in steps of 0.25 around ``mean``."""
    value = min(5.0, max(0.0, rng.gauss(mean, spread)))
    return (Decimal(str(value)) / STEP).quantize(Decimal("1")) * STEP


def _pair(rng, total, spread):
    return _part(rng, total / 2, spread / 2), _part(rng, total / 2, spread / 2)


def _approved_plans(ctx):
    """{plan id: (school id, [module item ids in plan order])} for the year's approved plans."""
    from plans.models import Plan, PlanItem, PlanStatus

    plans = {
        plan_id: (school_id, [])
        for plan_id, school_id in Plan.objects.filter(year=ctx.year, status=PlanStatus.APPROVED)
        .order_by("pk")
        .values_list("pk", "school_id")
    }
    items = PlanItem.objects.filter(plan__year=ctx.year, plan__status=PlanStatus.APPROVED, content=3)
    for item_id, plan_id in (
        items.filter(module__isnull=False).order_by("plan_id", "order", "pk").values_list("pk", "plan_id")
    ):
        plans[plan_id][1].append(item_id)
    return plans


def _demo_school_id(ctx):
    user = ctx.users.get("hieutruong")
    return user.unit_id if user is not None else None


def step_results(ctx):
    from assessment.models import ConfirmationEvent, SchoolConfirmation, Score
    from assessment.services import year_results_recompute
    from plans.models import Plan

    rng = ctx.rng
    actor = ctx.users.get("totruong") or ctx.users.get("hieutruong") or ctx.users.get("admin")
    confirmer = ctx.users.get("admin") or actor
    if actor is None or ctx.year is None:
        ctx.notes.append("Bỏ qua điểm mẫu: chưa có tài khoản demo hoặc năm học.")
        return
    now = timezone.now()
    plans = _approved_plans(ctx)
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
        total, spread = BASE[profile]
        slots = [(1, None), (2, None), *((3, item_id) for item_id in module_items)]
        low = rng.randrange(len(slots)) if profile == "below_five" else None
        skip = rng.randrange(2, len(slots)) if profile == "missing" and len(slots) > 2 else None
        for index, (content, item_id) in enumerate(slots):
            if index == skip:
                continue
            knowledge, application = _pair(rng, 4.0 if index == low else total, spread)
            scores.append((plan_id, content, item_id, knowledge, application, actor.pk, now))
    insert_rows(Score, SCORE_FIELDS, scores, batch_size=BATCH_SIZE)
    results = 0
    for start in range(0, len(to_recompute), RECOMPUTE_CHUNK):
        chunk = [Plan(pk=plan_id) for plan_id in to_recompute[start : start + RECOMPUTE_CHUNK]]
        results += len(year_results_recompute(plans=chunk))

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
    Action = ConfirmationEvent.Action
    ConfirmationEvent.objects.bulk_create(
        ConfirmationEvent(confirmation=confirmation, action=action, by=confirmer, at=now)
        for confirmation in confirmations
        for action in (Action.CONFIRM, Action.CONFIRM_MANAGERS)
    )
    ctx.counts["Điểm đánh giá"] = len(scores)
    ctx.counts["Kết quả BDTX"] = results
    ctx.counts["Trường đã xác nhận kết quả"] = len(confirmations)

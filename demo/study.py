"""Demo study logs (nhật ký bồi dưỡng) for ``seed_demo``: the confirmed tiết a result counts.

A result completes a plan only with its planned tiết confirmed (``assessment.rules.with_hours``), so the demo logs
what people studied the way a school does: entries of at most ``study.services.MAX_HOURS_PER_ENTRY`` tiết against
each item of an approved plan, dated inside the year, the group head's confirmation recorded. A person who has
done the year logs every planned tiết, all confirmed; one still studying has logged part of it, the latest entries
still waiting for the group head.
"""

import datetime
import random
from decimal import Decimal

from demo.province import insert_rows

DESCRIPTIONS = (
    "Tự học tài liệu và ghi chép",
    "Học trực tuyến trên hệ thống bồi dưỡng",
    "Sinh hoạt chuyên môn, thảo luận nhóm",
    "Làm bài tập, bài thu hoạch",
    "Vận dụng vào giờ dạy trên lớp",
)
ENTRY = 10  # tiết, study.services.MAX_HOURS_PER_ENTRY


def _entries(hours):
    """The entries a person logs for ``hours`` tiết: 10 at a time, the rest last."""
    hours = Decimal(hours)
    while hours > 0:
        given = min(hours, ENTRY)
        yield given
        hours -= given


def write_study_logs(
    ctx, year, plan_ids, *, first_day, last_day, confirmer, at, done=None, short_share=0.0, waiting_share=0.3
):
    """Log the items of ``plan_ids``: every planned tiết confirmed for the plans in ``done`` (all of them when
    None) but a ``short_share`` of them; about half (content 1 and 2 first) for the others, the later entries of
    those still waiting (``waiting_share``). Drawn from a generator of its own, so the other steps' draws stay as
    they were. Returns the number of entries."""
    from plans.models import PlanItem
    from study.models import LogStatus, StudyLog

    rng = random.Random(f"{ctx.seed}-{ctx.department.code}-{year.start_year}-study")
    done = set(plan_ids) if done is None else set(done)
    done = {plan_id for plan_id in sorted(done) if rng.random() >= short_share}
    items = PlanItem.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "content", "order", "id")
    span = max((last_day - first_day).days, 1)
    rows = []
    for item in items.values_list("id", "plan_id", "hours", "content"):
        item_id, plan_id, hours, content = item
        full = plan_id in done
        if not full and (content == 3 or rng.random() < 0.4):
            continue  # not started on this item yet
        entries = list(_entries(hours))
        if not full:
            entries = entries[: max(1, len(entries) // 2)]
        for index, given in enumerate(entries):
            day = first_day + datetime.timedelta(days=rng.randrange(span))
            waiting = not full and index == len(entries) - 1 and rng.random() < waiting_share
            rows.append(
                (
                    item_id,
                    day,
                    given,
                    rng.choice(DESCRIPTIONS),
                    LogStatus.PENDING if waiting else LogStatus.CONFIRMED,
                    None if waiting else confirmer.pk,
                    None if waiting else at,
                    at,
                )
            )
    fields = ("item_id", "date", "hours", "description", "status", "confirmed_by_id", "confirmed_at", "created_at")
    return insert_rows(StudyLog, fields, rows)

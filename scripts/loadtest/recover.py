"""Put the bench database back after a load test that could not clean up (killed hard, database lost).

Usage: .venv/bin/python scripts/loadtest/recover.py 2026-11-23T18:01:58+00:00   (the run's start time)
Plans of the managers' schools get the status of their last transition before that time (DRAFT when none, as
seed_demo leaves them); the run's transitions, created plans, study logs, jobs and notifications are deleted.
"""

import os
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
import bench  # noqa: E402

bench.setup_django()
from django.db import transaction  # noqa: E402
from django.db.models import Exists, OuterRef  # noqa: E402

from accounts.models import MANAGER_POSITIONS, Staff, User  # noqa: E402
from jobs.models import Job  # noqa: E402
from plans.models import Plan, PlanItem, PlanStatus, PlanTransition  # noqa: E402
from reports.models import Notification  # noqa: E402
from study.models import StudyLog  # noqa: E402

T0 = datetime.fromisoformat(sys.argv[1])
schools = [u.unit_id for u in User.objects.filter(username__startswith="lt-ht-")]
teachers = [u.staff_id for u in User.objects.filter(username__startswith="lt-gv-")]
with transaction.atomic():
    plans = Plan.objects.filter(school_id__in=schools)
    run_tr = PlanTransition.objects.filter(plan__in=plans, at__gte=T0)
    approved_ids = set(run_tr.values_list("plan_id", flat=True))
    print("transitions of the run", run_tr.count())
    run_tr.delete()
    created = (
        plans.filter(updated_at__gte=T0)
        .exclude(Exists(PlanTransition.objects.filter(plan=OuterRef("pk"))))
        .exclude(Exists(PlanItem.objects.filter(plan=OuterRef("pk"))))
    )
    print("created plans", created.count())
    created.delete()
    members = Staff.objects.filter(unit_id__in=schools, is_active=True).exclude(position__in=MANAGER_POSITIONS)
    fixed = []
    for plan in Plan.objects.filter(
        school_id__in=schools, staff__in=members, status__in=[PlanStatus.SUBMITTED, PlanStatus.APPROVED]
    ):
        last = PlanTransition.objects.filter(plan=plan).order_by("-at", "-id").first()
        status = last.to_status if last else PlanStatus.DRAFT
        decided = (
            PlanTransition.objects.filter(plan=plan, to_status__in=[PlanStatus.APPROVED, PlanStatus.RETURNED])
            .order_by("-at", "-id")
            .first()
        )
        plan.status = status
        if status in (PlanStatus.APPROVED, PlanStatus.RETURNED) and decided:
            plan.decided_at, plan.decided_by_id = decided.at, decided.by_id
        else:
            plan.decided_at, plan.decided_by_id = None, None
        if plan.pk in approved_ids:
            plan.version -= 1
        fixed.append(plan)
    Plan.objects.bulk_update(fixed, ["status", "decided_at", "decided_by", "version"])
    print("plans put back", len(fixed))
    logs = StudyLog.objects.filter(created_at__gte=T0, item__plan__staff_id__in=teachers)
    print("study logs", logs.count())
    logs.delete()
    jobs = Job.objects.filter(requester__username__startswith="lt-")
    print("jobs", jobs.count())
    jobs.delete()
    notes = Notification.objects.filter(created_at__gte=T0)
    print("notifications", notes.count())
    notes.delete()

print(dict((s, Plan.objects.filter(status=s).count()) for s in PlanStatus.values))

"""``make bench-nation``: the nation dataset (``seed_demo --size nation``: 34 Sở, ≈ 1.2 million staff) on
PostgreSQL, and the server time of the Sở and Ministry summary pages on it.

DATABASE_URL must point at PostgreSQL (default postgres://postgres@127.0.0.1:5432/bdtx_nation; created when
missing). The script migrates, then seeds the nation when the database has no units, or re-seeds it (``--reset``)
when it is stale (``bench.stale_reason``) or holds fewer Sở than asked for. ``--provinces N`` seeds only the first
N provinces (a partial measurement, to extrapolate from); seeding the whole nation takes tens of minutes.

Printed: the seed time (when seeded by this run), row counts, the database size, then for each page (the Sở
results summary and plan dashboard as an officer of the province with the most staff; the national summary as an
admin, computed at every request and then as served from the dashboards' cache) the median and p95 server time,
SQL time, Python CPU time and queries over ``REQUESTS`` requests after ``WARMUP``, measured by ``bench.measure``
with Django's test client.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402 (scripts/bench.py: database, seeding checks, measuring and the table)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bdtx_nation"
WARMUP = 3
REQUESTS = 20
# The figures are computed at every request (bench.setup_django turns the dashboards' cache off), then the
# national summary once more as served, from the cache (bdtx/cache.py).
CACHED_SECONDS = 60
PAGES = [
    # (name, user key, url name, dashboards' cache on)
    ("Sở results summary", "so", "results:results_home", False),
    ("Sở plan dashboard", "so", "plans:plan_dashboard", False),
    ("national summary, computed", "admin", "results:results_nation", False),
    ("national summary, cached", "admin", "results:results_nation", True),
]


def prepare_data(provinces):
    """Migrate, seed or re-seed when needed; returns the seed time in seconds (None when the data was reused)."""
    from django.core.management import call_command

    from accounts.models import OrgUnit
    from demo.provinces import PROVINCES

    bench.migrate()
    wanted = provinces or len(PROVINCES)
    if not OrgUnit.objects.exists():
        reset, reason = False, "empty database"
    else:
        departments = OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).count()
        reason = bench.stale_reason() or (f"{departments} Sở, {wanted} wanted" if departments < wanted else None)
        if reason is None:
            print(f"bench-nation: database already seeded ({departments} Sở), reusing it")
            return None
        reset = True
    print(f"bench-nation: {reason} → seed_demo --size nation --provinces {wanted}{' --reset' if reset else ''} …")
    started = time.perf_counter()
    call_command("seed_demo", size="nation", reset=reset, provinces=provinces, stdout=sys.stdout)
    seconds = time.perf_counter() - started
    print(f"bench-nation: seed time {seconds:.1f} s")
    return seconds


def biggest_department():
    """(Sở, staff) of the province with the most staff: one GROUP BY on the Sở's part of the unit path."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from accounts.models import OrgUnit, Staff

    ministry = OrgUnit.objects.get(kind=OrgUnit.Kind.MINISTRY)
    width = len(ministry.path) * 2  # "000001/" then the Sở's "000007/"
    path, staff = (
        Staff.objects.annotate(department=Substr("unit__path", 1, width))
        .values("department")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("department", "n")
        .first()
    )
    return OrgUnit.objects.get(path=path), staff


def bench_users(department):
    from accounts.models import Role, User

    wanted = {
        "so": ("bench-nation-so", Role.DEPARTMENT_OFFICER, department),
        "admin": ("bench-nation-admin", Role.ADMIN, None),
    }
    return {
        key: User.objects.update_or_create(username=username, defaults={"role": role, "unit": unit})[0]
        for key, (username, role, unit) in wanted.items()
    }


def row_counts():
    from django.db import connection

    from accounts.models import OrgUnit, Staff
    from assessment.models import Score, YearResult
    from plans.models import Plan, PlanItem

    counts = {
        "Sở": OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).count(),
        "UBND xã/phường": OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE).count(),
        "schools": OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL).count(),
        "staff": Staff.objects.count(),
        "plans": Plan.objects.count(),
        "plan items": PlanItem.objects.count(),
        "scores": Score.objects.count(),
        "results": YearResult.objects.count(),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    return counts, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=None, help="seed only the first N provinces")
    arguments = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    bench.setup_django()
    seed_seconds = prepare_data(arguments.provinces)

    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    department, department_staff = biggest_department()
    users = bench_users(department)
    counts, size = row_counts()
    print("bench-nation: " + ", ".join(f"{name} {value:,}" for name, value in counts.items()) + f"; database {size}")
    print(f"bench-nation: Sở officer of {department.name} ({department_staff:,} staff); load average {bench.loadavg()}")

    from django.conf import settings

    bench.WARMUP, bench.REQUESTS = WARMUP, REQUESTS
    rows = []
    for name, key, url_name, cached in PAGES:
        client = Client()
        client.force_login(users[key])
        url = reverse(url_name)
        settings.DASHBOARD_CACHE_SECONDS = CACHED_SECONDS if cached else 0
        cache.clear()
        result = bench.measure(client, url)
        rows.append((name, url, users[key].unit.name if users[key].unit_id else "admin", result))
    bench.print_table(rows)
    print()
    seed = f"{seed_seconds:.1f} s (seeded this run)" if seed_seconds is not None else "reused (no seed this run)"
    print(f"seed: {seed}; {WARMUP} warm-up + {REQUESTS} measured requests per page; load average {bench.loadavg()}")


if __name__ == "__main__":
    main()

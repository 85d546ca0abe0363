"""``make bench``: server time and SQL queries of the hot pages on PostgreSQL with the province dataset.

DATABASE_URL must point at PostgreSQL (default postgres://postgres@127.0.0.1:5432/bdtx_bench; the database is
created when missing). The script migrates, then seeds ``seed_demo --size province`` when the database is empty,
or re-seeds it (``--reset``) when it is stale: no current training year of this school year, no plans or content
1/2 topics in it, or a plan-approval deadline already past although a fresh seed would open it. A bench database
(name starting with ``bdtx_bench``) whose migrations no longer apply is dropped and created again.

Every entry of ``BENCHES`` is requested with Django's test client: 5 warm-up requests, then 50 measured ones.
The batch approval is timed apart (``bench_batch_approve``): before each of its runs, outside the timing, the
same plans of the biggest school are put back into SUBMITTED, then one POST approves them all; the plans, their
transitions and the deadline are restored at the end, so the database stays as seeded.

Columns: wall-clock server time (median, p95) against the 200 ms goal, the median time spent in SQL, the median
CPU time of this Python process (less sensitive to a busy machine than wall-clock time), queries per request
(a range when they vary), page size. Add a bench by appending a ``Bench`` (name, user key, url name, query, url
arguments) to ``BENCHES``; the users come from ``bench_users()`` (created when missing, bound to the school with the
most active staff, the biggest school of the biggest commune (UBND xã/phường), that commune and the Sở).

Then ``bench_reports.run`` times the report benches (the Sở classification export, the Sở results summary page,
one school's certificates as one PDF), each beside a floor measured in the same run.
"""

import os
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bdtx_bench"
WARMUP = 5
REQUESTS = 50
GOAL_MS = 200
BATCH_SIZE = 60  # plans approved by one POST
BATCH_WARMUP = 2
BATCH_RUNS = 15

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _server_url(url):
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"bench: DATABASE_URL must point at PostgreSQL, got {parts.scheme or url!r}")
    name = parts.path.lstrip("/")
    if not name:
        sys.exit("bench: DATABASE_URL has no database name")
    return name, urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))


def ensure_database(url, *, recreate=False):
    """Create the database named in ``url`` when it does not exist yet (drop it first with ``recreate``)."""
    import psycopg
    from psycopg import sql

    name, server = _server_url(url)
    with psycopg.connect(server, autocommit=True) as connection:
        if recreate:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            print(f"bench: dropped database {name}")
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"bench: created database {name}")


def setup_django():
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    ensure_database(url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bdtx.settings.local"
    os.environ["DEBUG"] = "0"
    # The test client talks to "testserver".
    hosts = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ["ALLOWED_HOSTS"] = f"{hosts},testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The benches time the dashboards' computation, not a copy kept from the warm-up (bdtx/cache.py).
    os.environ.setdefault("DASHBOARD_CACHE_SECONDS", "0")
    # Timing the pages needs no collectstatic.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def migrate():
    """Apply the migrations; a bench database whose history no longer fits them is dropped and created again."""
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0, interactive=False)
    except Exception as error:  # noqa: BLE001 — any failure means the schema cannot be brought up to date
        name = connection.settings_dict["NAME"]
        if not name.startswith("bdtx_bench"):
            sys.exit(f"bench: migrate failed on {name} ({error}); drop it or point DATABASE_URL at a bench database")
        print(f"bench: migrate failed on {name} ({type(error).__name__}: {error}); recreating it")
        connection.close()
        ensure_database(os.environ["DATABASE_URL"], recreate=True)
        call_command("migrate", verbosity=0, interactive=False)


def stale_reason():
    """Why the seeded data no longer matches what ``seed_demo`` makes today, or None when it still does."""
    from django.utils import timezone

    from demo import province as demo
    from modules.models import Topic
    from plans.models import Plan
    from years.models import Deadline, DeadlineKind, TrainingYear

    year = TrainingYear.objects.filter(is_current=True).order_by("-start_year").first()
    if year is None:
        return "no current training year"
    if year.start_year != demo.SCHOOL_YEAR_START:
        return f"current year {year.name}, the demo now seeds {demo.SCHOOL_YEAR_START}–{demo.SCHOOL_YEAR_START + 1}"
    if not Plan.objects.filter(year=year).exists():
        return f"no plans in {year.name}"
    if not Topic.objects.filter(year=year, content__in=(1, 2)).exists():
        return f"no content 1/2 topics in {year.name}"
    today = timezone.localdate()
    approve = Deadline.objects.filter(year=year, kind=DeadlineKind.PLAN_APPROVE, unit=year.department).first()
    if (approve is None or approve.due_date < today) and demo.demo_deadlines()["PLAN_APPROVE"] >= today:
        return "the plan-approval deadline has passed; a fresh seed opens it"
    return None


def prepare_data():
    """Migrate, seed or re-seed when needed; returns the seed time in seconds (None when the data was reused)."""
    from django.core.management import call_command

    from accounts.models import OrgUnit

    migrate()
    if not OrgUnit.objects.exists():
        reset, reason = False, "empty database"
    else:
        reason = stale_reason()
        if reason is None:
            print("bench: database already seeded, reusing it")
            return None
        reset = True
    print(f"bench: {reason} → seed_demo --size province{' --reset' if reset else ''} …")
    started = time.perf_counter()
    call_command("seed_demo", size="province", reset=reset, stdout=sys.stdout)
    seconds = time.perf_counter() - started
    print(f"bench: seed time {seconds:.1f} s")
    return seconds


def bench_users():
    """School managers of the school with the most active staff and of the biggest school of the biggest middle-tier
    unit (a commune since 1/7/2025), an officer of that unit and of the Sở."""
    from django.db.models import Count, Q

    from accounts.models import OrgUnit, Role, User

    K = OrgUnit.Kind
    so = OrgUnit.objects.filter(kind=K.DEPARTMENT).annotate(n=Count("children")).order_by("-n", "path").first()
    phong = (
        OrgUnit.objects.filter(kind__in=[K.DISTRICT, K.COMMUNE], is_active=True, path__startswith=so.path)
        .annotate(n=Count("children"))
        .order_by("-n", "path")
        .first()
    )
    school = (
        OrgUnit.objects.filter(kind=K.SCHOOL, path__startswith=phong.path)
        .annotate(n=Count("staff"))
        .order_by("-n", "path")
        .first()
    )
    big_school = (
        OrgUnit.objects.filter(kind=K.SCHOOL, path__startswith=so.path)
        .annotate(n=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("-n", "path")
        .first()
    )
    wanted = {
        "school": ("bench-truong", Role.SCHOOL_MANAGER, school),
        "big_school": ("bench-truong-lon", Role.SCHOOL_MANAGER, big_school),
        "phong": ("bench-phong", Role.DISTRICT_OFFICER, phong),
        "so": ("bench-so", Role.DEPARTMENT_OFFICER, so),
    }
    users = {}
    for key, (username, role, unit) in wanted.items():
        user, _created = User.objects.update_or_create(username=username, defaults={"role": role, "unit": unit})
        users[key] = user
    return users


@dataclass
class Bench:
    name: str
    user: str  # key of bench_users()
    url_name: str
    query: object = None  # dict of GET parameters, or a function of the users returning one
    args: object = None  # function of the users returning the url arguments
    note: object = None  # function of the users returning a note for the table


def _middle_page(users):
    from accounts import selectors
    from accounts.views import PAGE_SIZE

    pages = -(-selectors.staff_search(user=users["so"]).count() // PAGE_SIZE)
    return {"page": max(1, pages // 2)}


def _active_staff(unit):
    from accounts.models import Staff

    return Staff.objects.filter(unit=unit, is_active=True).count()


def _plan_list_note(users):
    count = _active_staff(users["big_school"].unit)
    return f"{count} active staff" + ("" if count >= BATCH_SIZE else f" (no school has {BATCH_SIZE})")


def _schools_below(unit):
    from accounts.models import OrgUnit

    return OrgUnit.objects.filter(kind=OrgUnit.Kind.SCHOOL, path__startswith=unit.path).count()


BENCHES = [
    Bench("staff list · one school", "school", "accounts:staff_list"),
    Bench("staff list · one commune", "phong", "accounts:staff_list"),
    Bench("staff list · whole Sở, page 1", "so", "accounts:staff_list"),
    Bench("staff list · whole Sở, middle page", "so", "accounts:staff_list", _middle_page),
    Bench("staff search 'nguyen van' · Sở", "so", "accounts:staff_list", {"q": "nguyen van"}),
    Bench("plan list · school manager", "big_school", "plans:plan_list", note=_plan_list_note),
    Bench(
        "deadline dashboard · Sở",
        "so",
        "plans:plan_dashboard",
        note=lambda users: f"{_schools_below(users['so'].unit)} schools",
    ),
    Bench(
        "deadline dashboard · biggest commune (Sở)",
        "so",
        "plans:plan_dashboard_unit",
        args=lambda users: [users["phong"].unit.pk],
        note=lambda users: f"{_schools_below(users['phong'].unit)} schools",
    ),
]


def bench_url(bench, users):
    from urllib.parse import urlencode

    from django.urls import reverse

    query = bench.query(users) if callable(bench.query) else bench.query
    args = bench.args(users) if bench.args else None
    return reverse(bench.url_name, args=args) + (f"?{urlencode(query)}" if query else "")


def _p95(values):
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def measure(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"bench: {url} answered {response.status_code}")
    timings, cpu, queries, sql = [], [], [], []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        queries.append(len(captured.captured_queries))
        sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
    return {
        "median": statistics.median(timings),
        "p95": _p95(timings),
        "queries": (min(queries), max(queries)),
        "sql": statistics.median(sql),
        "cpu": statistics.median(cpu),
        "kb": len(response.content) / 1024,
    }


def count_queries(client, url):
    """Queries of one GET (after a warm-up request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"bench: {url} answered {response.status_code}")
    return len(captured.captured_queries)


def dashboard_query_counts(client, so):
    """Queries of one dashboard request over the whole Sở, and of the drill-down into each middle-tier unit (of
    every size): returns (Sở queries, [(unit name, schools, queries), …])."""
    from django.urls import reverse

    from accounts.models import OrgUnit

    phongs = [
        (
            phong.name,
            _schools_below(phong),
            count_queries(client, reverse("plans:plan_dashboard_unit", args=[phong.pk])),
        )
        for phong in OrgUnit.objects.filter(
            kind__in=[OrgUnit.Kind.DISTRICT, OrgUnit.Kind.COMMUNE], path__startswith=so.path, is_active=True
        )
    ]
    return count_queries(client, reverse("plans:plan_dashboard")), phongs


# --- batch approval ----------------------------------------------------------------------------------------------


def _batch_plans(user, year):
    """Up to BATCH_SIZE plans of teachers of the user's school (managers' plans go to the Phòng), those already
    submitted first; staff with no plan get one. Returns (plans, ids of the plans created here)."""
    from accounts.models import MANAGER_POSITIONS, Staff
    from plans.models import Plan, PlanStatus

    school = user.unit
    teachers = Staff.objects.filter(unit=school, is_active=True).exclude(position__in=MANAGER_POSITIONS)
    existing = list(Plan.objects.filter(year=year, school=school, staff__in=teachers).order_by("id"))
    existing.sort(key=lambda plan: plan.status != PlanStatus.SUBMITTED)
    plans = existing[:BATCH_SIZE]
    created = []
    if len(plans) < BATCH_SIZE:
        missing = teachers.exclude(plans__year=year).order_by("id")[: BATCH_SIZE - len(plans)]
        created = Plan.objects.bulk_create(
            [Plan(year=year, staff=member, school=school, status=PlanStatus.SUBMITTED) for member in missing]
        )
        plans += created
    return plans, [plan.pk for plan in created]


def _open_approval(year, school):
    """Make sure the school may still approve: returns a function undoing what was changed (nothing when open)."""
    from datetime import timedelta

    from django.utils import timezone

    from years.deadlines import deadline_is_open, effective_deadline
    from years.models import DeadlineKind

    kind = DeadlineKind.PLAN_APPROVE
    if deadline_is_open(year=year, kind=kind, school=school):
        return None, lambda: None
    moved = []
    while not deadline_is_open(year=year, kind=kind, school=school):
        deadline, reopening = effective_deadline(year=year, kind=kind, school=school)
        target = reopening or deadline
        field = "until" if reopening else "due_date"
        moved.append((target, field, getattr(target, field)))
        setattr(target, field, timezone.localdate() + timedelta(days=7))
        target.save(update_fields=[field])

    def restore():
        for target, field, value in reversed(moved):
            setattr(target, field, value)
            target.save(update_fields=[field])

    return f"approval deadline was past: moved for the bench ({len(moved)})", restore


def bench_batch_approve(client, user):
    """Time one POST approving BATCH_SIZE plans, BATCH_RUNS times, resetting the plans before each run."""
    from django.db import connection, transaction
    from django.db.models import Max
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from plans.models import Plan, PlanStatus, PlanTransition
    from years.selectors import year_from_request

    year = year_from_request(user=user)
    plans, created = _batch_plans(user, year)
    ids = [plan.pk for plan in plans]
    fields = ["status", "submitted_at", "decided_at", "decided_by_id", "version"]
    originals = [Plan(pk=plan.pk, **{name: getattr(plan, name) for name in fields}) for plan in plans]
    fields[fields.index("decided_by_id")] = "decided_by"
    last_transition = PlanTransition.objects.aggregate(last=Max("id"))["last"] or 0
    deadline_note, restore_deadline = _open_approval(year, user.unit)
    url = reverse("plans:plan_batch_approve")

    def reset():
        with transaction.atomic():
            PlanTransition.objects.filter(plan_id__in=ids, id__gt=last_transition).delete()
            Plan.objects.filter(pk__in=ids).update(status=PlanStatus.SUBMITTED, decided_at=None, decided_by=None)

    timings, cpu, queries, sql = [], [], [], []
    try:
        for run in range(BATCH_WARMUP + BATCH_RUNS):
            reset()
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.post(url, {"plan": ids})
                elapsed = (time.perf_counter() - started) * 1000
                elapsed_cpu = (time.process_time() - started_cpu) * 1000
            approved = Plan.objects.filter(pk__in=ids, status=PlanStatus.APPROVED).count()
            if response.status_code != 302 or approved != len(ids):
                sys.exit(f"bench: batch approval answered {response.status_code}, approved {approved}/{len(ids)}")
            if run >= BATCH_WARMUP:
                timings.append(elapsed)
                cpu.append(elapsed_cpu)
                queries.append(len(captured.captured_queries))
                sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
    finally:
        with transaction.atomic():
            PlanTransition.objects.filter(plan_id__in=ids, id__gt=last_transition).delete()
            Plan.objects.filter(pk__in=created).delete()
            Plan.objects.bulk_update([plan for plan in originals if plan.pk not in created], fields)
        restore_deadline()
    n = len(ids)
    median = statistics.median(timings)
    note = f"{n} plans; per plan {median / n:.1f} ms, {max(queries) / n:.1f} queries"
    if n < BATCH_SIZE:
        note += f" (only {n} teachers)"
    if deadline_note:
        note += f"; {deadline_note}"
    return {
        "median": median,
        "p95": _p95(timings),
        "queries": (min(queries), max(queries)),
        "sql": statistics.median(sql),
        "cpu": statistics.median(cpu),
        "kb": len(response.content) / 1024,
        "note": note,
    }


# --- report ------------------------------------------------------------------------------------------------------


def loadavg():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def print_table(rows):
    header = ("bench", "url", "as", "median ms", "p95 ms", "goal", "SQL ms", "Python CPU ms", "queries", "KB", "note")
    table = []
    for name, url, unit, r in rows:
        low, high = r["queries"]
        table.append(
            (
                name,
                url,
                unit,
                f"{r['median']:.1f}",
                f"{r['p95']:.1f}",
                "ok" if r["p95"] < GOAL_MS else "OVER",
                f"{r['sql']:.0f}",
                f"{r['cpu']:.1f}",
                str(high) if low == high else f"{low}–{high}",
                f"{r['kb']:.0f}",
                r.get("note", ""),
            )
        )
    widths = [max(len(header[i]), *(len(row[i]) for row in table)) for i in range(len(header))]
    left = {0, 1, 2, len(header) - 1}

    def line(cells):
        text = "  ".join(
            cell.ljust(width) if i in left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )
        return text.rstrip()

    print()
    print(line(header))
    print("  ".join("-" * width for width in widths))
    for row in table:
        print(line(row))


def main():
    setup_django()
    seed_seconds = prepare_data()

    from django.db import connection
    from django.test import Client

    from accounts.models import OrgUnit, Staff
    from plans.models import Plan

    users = bench_users()
    load_start = loadavg()
    print(
        f"bench: PostgreSQL {connection.pg_version // 10000}, {OrgUnit.objects.filter(kind='SCHOOL').count()} schools, "
        f"{Staff.objects.count()} staff, {Plan.objects.count()} plans; {WARMUP} warm-up + {REQUESTS} measured "
        f"requests each, batch approval {BATCH_WARMUP} + {BATCH_RUNS} runs; load average {load_start}"
    )
    clients = {}

    def client_for(key):
        if key not in clients:
            client = Client()
            client.force_login(users[key])
            clients[key] = client
        return clients[key]

    rows = []
    for bench in BENCHES:
        url = bench_url(bench, users)
        result = measure(client_for(bench.user), url)
        if bench.note:
            result["note"] = bench.note(users)
        rows.append((bench.name, url, users[bench.user].unit.name, result))

    from django.urls import reverse

    result = bench_batch_approve(client_for("big_school"), users["big_school"])
    rows.append(
        (
            f"batch approval · {BATCH_SIZE} plans",
            reverse("plans:plan_batch_approve"),
            users["big_school"].unit.name,
            result,
        )
    )
    so_queries, phongs = dashboard_query_counts(client_for("so"), users["so"].unit)

    print_table(rows)
    print()
    counts = sorted({queries for _name, _schools, queries in phongs})
    sizes = sorted(schools for _name, schools, _queries in phongs)
    print(
        f"deadline dashboard queries: Sở view {so_queries} ({_schools_below(users['so'].unit)} schools); "
        + (
            f"commune drill-down {counts[0]} for each of the {len(phongs)} communes ({sizes[0]}–{sizes[-1]} schools)"
            " → constant"
            if len(counts) == 1
            else "commune drill-down NOT constant: "
            + ", ".join(f"{name} ({schools} schools) {queries}" for name, schools, queries in phongs)
        )
    )
    seed = f"{seed_seconds:.1f} s (seeded this run)" if seed_seconds is not None else "reused (no seed this run)"
    print(f"seed: {seed}; load average {load_start} at start, {loadavg()} at end")

    import bench_reports  # the report benches (export, summary page, certificates), each beside its floor

    bench_reports.run(client_for, users)


if __name__ == "__main__":
    main()

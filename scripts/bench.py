"""``make bench``: server time and SQL queries of the hot pages on PostgreSQL with the province dataset.

DATABASE_URL must point at PostgreSQL (default postgres://postgres@127.0.0.1:5432/bdtx_bench; the database is
created when missing). The script migrates, seeds ``seed_demo --size province`` when the database is empty, then
requests every entry of ``BENCHES`` with Django's test client: 5 warm-up requests, then 50 measured ones.
Columns: wall-clock server time (median, p95), the median time spent in SQL, the median CPU time of this
Python process (less sensitive to a busy machine than wall-clock time), queries per request, page size.
Add a bench by appending a ``Bench`` (name, user key, url name, query) to ``BENCHES``; the users come from
``bench_users()`` (created when missing, bound to the biggest school, the biggest Phòng and the Sở).
"""

import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bdtx_bench"
WARMUP = 5
REQUESTS = 50

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def ensure_database(url):
    """Create the database named in ``url`` when it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"bench: DATABASE_URL must point at PostgreSQL, got {parts.scheme or url!r}")
    name = parts.path.lstrip("/")
    if not name:
        sys.exit("bench: DATABASE_URL has no database name")
    server = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(server, autocommit=True) as connection:
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
    import django

    django.setup()


def prepare_data():
    from django.core.management import call_command

    from accounts.models import OrgUnit

    call_command("migrate", verbosity=0, interactive=False)
    if OrgUnit.objects.exists():
        print("bench: database already seeded, reusing it")
        return
    print("bench: seeding the province dataset (seed_demo --size province) …")
    started = time.perf_counter()
    call_command("seed_demo", size="province", stdout=sys.stdout)
    print(f"bench: seed time {time.perf_counter() - started:.1f} s")


def bench_users():
    """One user per scope: a school manager of the biggest school, an officer of the biggest Phòng and of the Sở."""
    from django.db.models import Count

    from accounts.models import OrgUnit, Role, User

    K = OrgUnit.Kind
    so = OrgUnit.objects.filter(kind=K.DEPARTMENT).annotate(n=Count("children")).order_by("-n", "path").first()
    phong = (
        OrgUnit.objects.filter(kind=K.DISTRICT, path__startswith=so.path)
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
    wanted = {
        "school": ("bench-truong", Role.SCHOOL_MANAGER, school),
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


def _middle_page(users):
    from accounts import selectors
    from accounts.views import PAGE_SIZE

    pages = -(-selectors.staff_search(user=users["so"]).count() // PAGE_SIZE)
    return {"page": max(1, pages // 2)}


BENCHES = [
    Bench("staff list · one school", "school", "accounts:staff_list"),
    Bench("staff list · one Phòng", "phong", "accounts:staff_list"),
    Bench("staff list · whole Sở, page 1", "so", "accounts:staff_list"),
    Bench("staff list · whole Sở, middle page", "so", "accounts:staff_list", _middle_page),
    Bench("staff search 'nguyen van' · Sở", "so", "accounts:staff_list", {"q": "nguyen van"}),
]


def bench_url(bench, users):
    from urllib.parse import urlencode

    from django.urls import reverse

    query = bench.query(users) if callable(bench.query) else bench.query
    return reverse(bench.url_name) + (f"?{urlencode(query)}" if query else "")


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
        "p95": statistics.quantiles(timings, n=100, method="inclusive")[94],
        "queries": max(queries),
        "sql": statistics.median(sql),
        "cpu": statistics.median(cpu),
        "kb": len(response.content) / 1024,
    }


def main():
    setup_django()
    prepare_data()

    from django.db import connection
    from django.test import Client

    from accounts.models import OrgUnit, Staff

    users = bench_users()
    print(
        f"bench: PostgreSQL {connection.pg_version // 10000}, {OrgUnit.objects.filter(kind='SCHOOL').count()} schools, "
        f"{Staff.objects.count()} staff; {WARMUP} warm-up + {REQUESTS} measured requests each"
    )
    clients = {}
    rows = []
    for bench in BENCHES:
        if bench.user not in clients:
            client = Client()
            client.force_login(users[bench.user])
            clients[bench.user] = client
        url = bench_url(bench, users)
        result = measure(clients[bench.user], url)
        rows.append((bench.name, url, users[bench.user].unit.name, result))

    header = ("bench", "url", "as", "median ms", "p95 ms", "SQL ms", "Python CPU ms", "queries", "KB")
    table = [
        (
            name,
            url,
            unit,
            f"{r['median']:.1f}",
            f"{r['p95']:.1f}",
            f"{r['sql']:.0f}",
            f"{r['cpu']:.1f}",
            str(r["queries"]),
            f"{r['kb']:.0f}",
        )
        for name, url, unit, r in rows
    ]
    widths = [max(len(header[i]), *(len(row[i]) for row in table)) for i in range(len(header))]

    def line(cells):
        return "  ".join(
            cell.ljust(width) if i < 3 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    print()
    print(line(header))
    print("  ".join("-" * width for width in widths))
    for row in table:
        print(line(row))


if __name__ == "__main__":
    main()

"""``make loadtest``: 100 concurrent users on gunicorn + PostgreSQL + Redis on loopback, with the province dataset.

Steps: seed or reuse the bench database exactly as scripts/bench.py does (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/bdtx_bench); create the load-test accounts (usernames ``lt-…``, one hashed password;
the role mix of the locustfile scaled to LOADTEST_USERS); put every teacher plan of the managers' schools into SUBMITTED
(missing plans created) so the managers have plans to batch-approve; collectstatic into var/staticfiles; start a Celery
worker and gunicorn on 127.0.0.1:8765; wait for /health/; run locust headless (scripts/loadtest/locustfile.py); stop
everything and put the database back (plan statuses, transitions, plans created, study logs, jobs and notifications of
the run); print requests/s and p50/p95/p99 per page with the error count.

Exit status: 1 when any request failed (an error is a bug), 0 otherwise; a page whose p95 is over the goal is
marked "GOAL MISSED" but does not fail the run (timings depend on what else the machine is doing).
Knobs (environment): LOADTEST_USERS (100), LOADTEST_SPAWN_RATE (2), LOADTEST_RUN_TIME (3m),
LOADTEST_WORKERS (6), LOADTEST_THREADS (2), LOADTEST_PORT (8765), LOADTEST_LOGIN (``session``: every user starts
with a session made by the runner; ``form``: every user logs in through the login form).
"""

import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import bench  # noqa: E402 — scripts/bench.py: database creation, migration and seeding

BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "var" / "loadtest"
HOST = "127.0.0.1"
PORT = int(os.environ.get("LOADTEST_PORT", "8765"))
USERS = int(os.environ.get("LOADTEST_USERS", "100"))
SPAWN_RATE = os.environ.get("LOADTEST_SPAWN_RATE", "2")
RUN_TIME = os.environ.get("LOADTEST_RUN_TIME", "3m")
WORKERS = os.environ.get("LOADTEST_WORKERS", "6")
THREADS = os.environ.get("LOADTEST_THREADS", "2")
KEEP_ALIVE = os.environ.get("LOADTEST_KEEP_ALIVE", "10")
# LOADTEST_ACCESS_LOG=1: every request with its worker pid and time in µs, to see when and where the slow ones queue.
ACCESS_LOG = (
    ["--access-logfile", str(OUT / "access.log"), "--access-logformat", '%(t)s %(p)s "%(r)s" %(s)s %(D)s']
    if os.environ.get("LOADTEST_ACCESS_LOG") == "1"
    else []
)
GOAL_P95_MS = 500
PASSWORD = "Kiem-thu-tai-2026"
PREFIX = "lt-"
# The deadline-day mix per 100 users; LOADTEST_USERS scales it (teachers take the rounding).
MIX = {"TEACHER": 60, "GROUP_HEAD": 15, "SCHOOL_MANAGER": 15, "DISTRICT_OFFICER": 7, "DEPARTMENT_OFFICER": 3}


def role_counts(users):
    """How many accounts of each role ``users`` concurrent users need: the mix scaled, summing to ``users``."""
    counts = {role: max(1, round(share * users / 100)) for role, share in MIX.items() if role != "TEACHER"}
    return {"TEACHER": max(1, users - sum(counts.values())), **counts}


COUNTS = role_counts(USERS)


def environment():
    os.environ.setdefault("DATABASE_URL", bench.DEFAULT_DATABASE_URL)
    os.environ["REDIS_URL"] = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bdtx.settings.local"
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    return {**os.environ, "ALLOWED_HOSTS": "127.0.0.1,localhost"}


# --- data ---------------------------------------------------------------------------------------------------------


def _pick_teachers(year, exclude_schools, n):
    """Staff with an approved plan that has items, at most 3 per school, spread over the province."""
    from django.db.models import Q

    from accounts.models import MANAGER_POSITIONS
    from plans.models import Plan, PlanStatus

    free = Q(staff__user__isnull=True) | Q(staff__user__username__startswith=PREFIX)
    plans = (
        Plan.objects.filter(free, year=year, status=PlanStatus.APPROVED, staff__is_active=True, items__isnull=False)
        .exclude(school__in=exclude_schools)
        .exclude(staff__position__in=MANAGER_POSITIONS)
        .select_related("staff")
        .distinct()
        .order_by("school_id", "staff_id")
    )
    chosen, per_school = [], {}
    for plan in plans.iterator():
        if per_school.get(plan.school_id, 0) >= 3:
            continue
        per_school[plan.school_id] = per_school.get(plan.school_id, 0) + 1
        chosen.append(plan.staff)
        if len(chosen) == n:
            break
    return chosen


def _pick_group_heads(year, exclude_schools, exclude_staff, n):
    """One member per (school, subject group) with at least 3 approved plans: the group head scores that group."""
    from django.db.models import Count, Q

    from accounts.models import Staff
    from plans.models import Plan, PlanStatus

    groups = (
        Plan.objects.filter(year=year, status=PlanStatus.APPROVED)
        .exclude(school__in=exclude_schools)
        .exclude(staff__subject_group="")
        .values("school_id", "staff__subject_group")
        .annotate(n=Count("id"))
        .filter(n__gte=3)
        .order_by("-n", "school_id")
    )
    free = Q(user__isnull=True) | Q(user__username__startswith=PREFIX)
    chosen, schools = [], set()
    for group in groups:
        if group["school_id"] in schools:
            continue
        member = (
            Staff.objects.filter(free, unit_id=group["school_id"], subject_group=group["staff__subject_group"])
            .exclude(pk__in=exclude_staff)
            .order_by("-position", "pk")
            .first()
        )
        if member is not None:
            chosen.append(member)
            schools.add(group["school_id"])
        if len(chosen) == n:
            break
    return chosen


def _sessions():
    """A logged-in session per load-test account, as after a login earlier in the morning (see docs/loadtest.md:
    100 simultaneous PBKDF2 checks would otherwise be the whole test)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.models import User

    engine = import_module(settings.SESSION_ENGINE)
    keys = {}
    for user in User.objects.filter(username__startswith=PREFIX):
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        # The backend a password login records (the last of AUTHENTICATION_BACKENDS; axes' comes first).
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys[user.username] = session.session_key
    return keys


def prepare():
    """Accounts, SUBMITTED plans and open approval deadlines; returns the function putting everything back."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.db.models import Count, Max, Q

    from accounts.models import MANAGER_POSITIONS, OrgUnit, Role, Staff, User
    from jobs.models import Job
    from plans.models import Plan, PlanStatus, PlanTransition
    from study.models import StudyLog
    from years.models import TrainingYear

    try:
        from reports.models import Notification
    except ImportError:  # pragma: no cover — notifications live elsewhere
        Notification = None

    year = TrainingYear.objects.filter(is_current=True).order_by("-start_year").first()
    so = year.department
    K = OrgUnit.Kind
    managers_schools = list(
        OrgUnit.objects.filter(kind=K.SCHOOL, path__startswith=so.path)
        .annotate(n=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("-n", "path")[: COUNTS["SCHOOL_MANAGER"]]
    )
    phongs = list(
        # The middle tier of 2026: communes (a Phòng in a province seeded before the 2025 restructuring).
        OrgUnit.objects.filter(kind__in=[K.DISTRICT, K.COMMUNE], is_active=True, path__startswith=so.path)
        .annotate(n=Count("children"))
        .order_by("-n", "path")
    )
    teachers = _pick_teachers(year, managers_schools, COUNTS["TEACHER"])
    heads = _pick_group_heads(year, managers_schools, [s.pk for s in teachers], COUNTS["GROUP_HEAD"])

    specs = []  # (username, role, unit, staff)
    specs += [(f"{PREFIX}gv-{i:02d}", Role.TEACHER, s.unit, s) for i, s in enumerate(teachers, 1)]
    specs += [(f"{PREFIX}tt-{i:02d}", Role.GROUP_HEAD, s.unit, s) for i, s in enumerate(heads, 1)]
    specs += [(f"{PREFIX}ht-{i:02d}", Role.SCHOOL_MANAGER, u, None) for i, u in enumerate(managers_schools, 1)]
    specs += [
        (f"{PREFIX}phong-{i:02d}", Role.DISTRICT_OFFICER, phongs[(i - 1) % len(phongs)], None)
        for i in range(1, COUNTS["DISTRICT_OFFICER"] + 1)
    ]
    specs += [
        (f"{PREFIX}so-{i:02d}", Role.DEPARTMENT_OFFICER, so, None) for i in range(1, COUNTS["DEPARTMENT_OFFICER"] + 1)
    ]

    password = make_password(PASSWORD)
    with transaction.atomic():
        existing = {user.username: user for user in User.objects.filter(username__startswith=PREFIX)}
        User.objects.filter(username__startswith=PREFIX).update(staff=None)
        new, changed = [], []
        for username, role, unit, staff in specs:
            user = existing.get(username) or User(username=username)
            user.role, user.unit, user.staff, user.password, user.is_active = role, unit, staff, password, True
            (changed if user.pk else new).append(user)
        User.objects.bulk_update(changed, ["role", "unit", "staff", "password", "is_active"])
        User.objects.bulk_create(new)
    accounts = {"password": PASSWORD}
    for username, role, _unit, _staff in specs:
        accounts.setdefault(str(role), []).append(username)
    accounts["cookie"] = settings.SESSION_COOKIE_NAME
    accounts["sessions"] = _sessions()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "accounts.json").write_text(json.dumps(accounts, indent=1), encoding="utf-8")
    print(
        "loadtest: accounts "
        + ", ".join(
            f"{role} {len(names)}" for role, names in accounts.items() if role not in ("password", "cookie", "sessions")
        )
    )

    # Every teacher plan of the managers' schools goes to SUBMITTED; staff without a plan get one.
    members = Staff.objects.filter(unit__in=managers_schools, is_active=True).exclude(position__in=MANAGER_POSITIONS)
    fields = ["status", "submitted_at", "decided_at", "decided_by_id", "version"]
    originals = [
        Plan(pk=plan.pk, **{name: getattr(plan, name) for name in fields})
        for plan in Plan.objects.filter(year=year, staff__in=members)
    ]
    fields[fields.index("decided_by_id")] = "decided_by"
    marks = {
        "transition": PlanTransition.objects.aggregate(m=Max("id"))["m"] or 0,
        "log": StudyLog.objects.aggregate(m=Max("id"))["m"] or 0,
        "notification": (Notification.objects.aggregate(m=Max("id"))["m"] or 0) if Notification else 0,
    }
    with transaction.atomic():
        created = Plan.objects.bulk_create(
            [
                Plan(year=year, staff=member, school=member.unit, status=PlanStatus.SUBMITTED)
                for member in members.exclude(plans__year=year)
            ]
        )
        Plan.objects.filter(pk__in=[p.pk for p in originals]).update(
            status=PlanStatus.SUBMITTED, decided_at=None, decided_by=None
        )
    created_ids = [plan.pk for plan in created]
    submitted_ids = created_ids + [plan.pk for plan in originals]
    restores = [bench._open_approval(year, school)[1] for school in managers_schools]
    print(f"loadtest: {len(submitted_ids)} plans SUBMITTED in {len(managers_schools)} schools for the managers")

    def restore():
        """Put the database back; retried when the connection drops (PostgreSQL restarted during the run)."""
        from django.db import OperationalError, connections

        for attempt in range(1, 6):
            try:
                return put_back()
            except OperationalError as error:
                print(f"loadtest: putting the database back failed ({error}); retry {attempt}/5")
                connections.close_all()
                time.sleep(3)
        sys.exit("loadtest: the database could not be put back; see docs/loadtest.md (Recovery)")

    def put_back():
        with transaction.atomic():
            approved = PlanTransition.objects.filter(plan_id__in=submitted_ids, id__gt=marks["transition"])
            stats = {"approved": approved.count()}
            approved.delete()
            logs = StudyLog.objects.filter(id__gt=marks["log"], item__plan__staff__in=teachers)
            stats["study logs"] = logs.count()
            logs.delete()
            Plan.objects.filter(pk__in=created_ids).delete()
            Plan.objects.bulk_update(originals, fields)
            jobs = Job.objects.filter(requester__username__startswith=PREFIX)
            stats["jobs"] = jobs.count()
            jobs.delete()
            if Notification is not None:
                Notification.objects.filter(id__gt=marks["notification"]).delete()
        for undo in reversed(restores):
            undo()
        print("loadtest: database put back (" + ", ".join(f"{k} {v}" for k, v in stats.items()) + " undone)")
        return stats

    return restore


# --- processes ----------------------------------------------------------------------------------------------------


def start(name, args, env):
    log = open(OUT / f"{name}.log", "w")  # noqa: SIM115 — closed with the process
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    print(f"loadtest: {name} started (pid {process.pid}, log var/loadtest/{name}.log)")
    return process


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_healthy(url, processes, timeout=90):
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                sys.exit(f"loadtest: {process.args[0]} exited with {process.returncode}; see var/loadtest/*.log")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except Exception as error:  # noqa: BLE001 — keep polling until the deadline
            last = str(error)
        time.sleep(1)
    sys.exit(f"loadtest: {url} not healthy after {timeout} s ({last})")


# --- report -------------------------------------------------------------------------------------------------------


def report(prefix):
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text(encoding="utf-8").splitlines()))
    pages = sorted((row for row in rows if row["Name"] != "Aggregated"), key=lambda row: row["Name"])
    total = next(row for row in rows if row["Name"] == "Aggregated")
    head = ("page", "requests", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms", "")
    lines = []
    missed = []
    for row in pages + [total]:
        p95 = float(row["95%"] or 0)
        flag = ""
        if row is not total and p95 > GOAL_P95_MS:
            flag = "GOAL MISSED"
            missed.append(row["Name"])
        name = "TOTAL" if row is total else f"{row['Type']} {row['Name']}"
        lines.append(
            (name, row["Request Count"], row["Failure Count"], f"{float(row['Requests/s']):.1f}",
             row["50%"], row["95%"], row["99%"], flag)
        )  # fmt: skip
    widths = [max(len(str(line[i])) for line in [head, *lines]) for i in range(len(head))]

    def fmt(cells):
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    print()
    print(fmt(head))
    print(fmt(["-" * w for w in widths]))
    for line in lines[:-1]:
        print(fmt(line))
    print(fmt(["-" * w for w in widths]))
    print(fmt(lines[-1]))
    errors = int(total["Failure Count"])
    print()
    print(f"errors: {errors}")
    if errors:
        for row in csv.DictReader(Path(f"{prefix}_failures.csv").read_text(encoding="utf-8").splitlines()):
            print(f"  {row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error'][:200]}")
    if missed:
        print(f"GOAL MISSED: p95 over {GOAL_P95_MS} ms on {', '.join(missed)}")
    else:
        print(f"goal met: p95 under {GOAL_P95_MS} ms on every page")
    return errors


def main():
    env = environment()
    bench.setup_django()
    bench.prepare_data()
    loadavg = Path("/proc/loadavg").read_text().split()[:3]
    print(f"loadtest: load average before the run {' '.join(loadavg)} on {os.cpu_count()} CPUs")
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run([BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    restore = prepare()
    processes = []
    prefix = str(OUT / "result")
    try:
        # Exports run only on CPU the pages leave idle (SCHED_IDLE), as they would on a worker host of their own
        # (docs/deployment.md); on one small host, the same line keeps a worker out of the pages' way.
        worker = start(
            "celery",
            ["chrt", "--idle", "0", BIN / "celery", "-A", "bdtx", "worker", "--loglevel=WARNING", "--concurrency=1"],
            env,
        )
        processes.append(worker)
        gunicorn = start(
            "gunicorn",
            [BIN / "gunicorn", "bdtx.wsgi:application", "--bind", f"{HOST}:{PORT}", "--workers", WORKERS,
             "--threads", THREADS, "--timeout", "60", "--keep-alive", KEEP_ALIVE, "--log-level", "warning",
             *ACCESS_LOG],
            env,
        )  # fmt: skip
        processes.append(gunicorn)
        wait_healthy(f"http://{HOST}:{PORT}/health/", processes)
        print(f"loadtest: healthy; locust -u {USERS} -r {SPAWN_RATE} --run-time {RUN_TIME} "
              f"(gunicorn {WORKERS} workers × {THREADS} threads)")  # fmt: skip
        cpu = CpuShare(ramp=USERS / float(SPAWN_RATE), run_time=seconds(RUN_TIME))
        locust = subprocess.run(
            [BIN / "locust", "-f", str(ROOT / "scripts/loadtest/locustfile.py"), "--headless", "-u", str(USERS),
             "-r", SPAWN_RATE, "--run-time", RUN_TIME, "--host", f"http://{HOST}:{PORT}", "--csv", prefix,
             "--only-summary", "--reset-stats", "--stop-timeout", "10", "--loglevel", "WARNING"],
            cwd=ROOT, env={**env, "LOADTEST_ACCOUNTS": str(OUT / "accounts.json")},
            stdout=(OUT / "locust.log").open("w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )  # fmt: skip
        print(f"loadtest: locust exited with {locust.returncode} (summary in var/loadtest/locust.log)")
        cpu.print()
        print(f"loadtest: load average after the run {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    finally:
        for process in reversed(processes):
            stop(process)
        restore()
    errors = report(prefix)
    return 1 if errors else 0


def seconds(run_time):
    """locust's --run-time ("3m", "90s", "1m30s") in seconds."""
    total, number = 0, ""
    for char in run_time:
        if char.isdigit():
            number += char
        else:
            total += int(number) * {"h": 3600, "m": 60, "s": 1}[char]
            number = ""
    return total + int(number or 0)


def cpu_by_program():
    """CPU seconds used so far by each program (gunicorn, celery, locust, postgres, …), and the machine's idle."""
    tick = os.sysconf("SC_CLK_TCK")
    used = Counter()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[:3]
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        for program in ("gunicorn", "celery", "locust"):
            if any(program.encode() in arg for arg in argv):
                name = program
        used[name] += (int(fields[11]) + int(fields[12])) / tick
    idle = int(Path("/proc/stat").read_text().split()[4]) / tick
    return used, idle


class CpuShare:
    """Where the machine's CPU went while the statistics were kept (from the reset after the ramp to the end)."""

    def __init__(self, *, ramp, run_time):
        self.result = None
        self.thread = threading.Thread(target=self._measure, args=(ramp + 2, run_time - ramp - 4), daemon=True)
        self.thread.start()

    def _measure(self, start, length):
        time.sleep(start)
        before, idle_before = cpu_by_program()
        began = time.monotonic()
        time.sleep(max(length, 1))
        after, idle_after = cpu_by_program()
        self.result = (time.monotonic() - began, before, after, idle_after - idle_before)

    def print(self):
        self.thread.join(timeout=5)
        if self.result is None:
            return
        window, before, after, idle = self.result
        used = {name: after[name] - before.get(name, 0) for name in after}
        shares = ", ".join(
            f"{name} {seconds / window:.2f}" for name, seconds in sorted(used.items(), key=lambda kv: -kv[1])[:6]
        )
        print(f"loadtest: cores used over {window:.0f} s of steady load: {shares}; idle {idle / window:.2f} "
              f"of {os.cpu_count()}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

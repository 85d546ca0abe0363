#!/usr/bin/env bash
# Fault: PostgreSQL restarts under load. Requests fail at most briefly and recover without restarting gunicorn;
# score grid saves attempted across the restart are all-or-nothing (never a half-saved grid); nothing is lost.
FAULT_NAME=postgres_restart
source "$(dirname "$0")/lib.sh"
setup_fault
export GUNICORN_PID PG_VERSION

$PY - <<'PY'
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, "scripts/faults")
from faultlib import Client, check, counts, sql  # noqa: E402

TABLES = ["accounts_staff", "accounts_user", "plans_plan", "plans_planitem", "reports_job", "accounts_orgunit"]
RECOVERY_SECONDS = 5
before = counts(TABLES)
gunicorn = int(os.environ["GUNICORN_PID"])
results = []  # (monotonic time, path, ok, detail)
stop = threading.Event()


def load(client):
    paths = ["/", "/can-bo/", "/ke-hoach/truong/"]
    i = 0
    while not stop.is_set():
        path = paths[i % len(paths)]
        i += 1
        try:
            response = client.get(path)
            results.append((time.monotonic(), path, response.status == 200, response.status))
        except Exception as error:  # connection refused, reset … all count as failures
            results.append((time.monotonic(), path, False, type(error).__name__))
        time.sleep(0.05)


# The score grid: every cell of every teacher of the school, each save with one value everywhere.
saves = []  # (value, outcome)
grid_client = Client(timeout=15).login("hieutruong")


def grid_fields():
    html = grid_client.get("/danh-gia/nhap-diem/").text
    form = html[html.index('id="score-grid-form"') :]
    form = form[: form.index("</form>")]
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    fields.update({name: "" for name in re.findall(r'<input[^>]*name="(s-[^"]+)"', form) if name not in fields})
    return fields


first = grid_fields()
plan_ids = sorted({int(name[2:]) for name in first if name.startswith("v-")})
# One score row per slot under TT 26/2012 (its "-k" and "-a" halves share a row), one per piece under TT 19/2019.
inputs = [name for name in first if name.startswith("s-")]
halves = [name for name in inputs if name.endswith("-k")]
cells = len(halves) if halves else len(inputs)
check(plan_ids and cells, f"score grid of {len(plan_ids)} teachers, {cells} scores")
# A save's value as stored: the mark (TT 19) or the pair of halves (TT 26).
STORED = "coalesce(mark::text, knowledge::text || '/' || application::text)"
plan_list = ",".join(map(str, plan_ids))


def save_grid(value):
    try:
        fields = grid_fields()
        for name in fields:
            if name.startswith("s-"):
                fields[name] = value
        response = grid_client.post("/danh-gia/nhap-diem/", fields)
        alert = re.findall(r'class="alert[^"]*"[^>]*>(.*?)<', response.text, re.S) if response.status == 200 else ""
        saves.append((value, response.status, [a.strip()[:80] for a in alert]))
    except Exception as error:
        saves.append((value, type(error).__name__))


def grid_state():
    rows = sql(f"SELECT count(*), count(DISTINCT {STORED}) FROM assessment_score "
               f"WHERE plan_id IN ({plan_list})")
    return tuple(int(x) for x in rows.split("|"))


# Log in first (password hashing is slow), then load.
clients = [Client(timeout=10).login(name) for name in ("hieutruong", "so", "xa", "so")]
threads = [threading.Thread(target=load, args=(client,)) for client in clients]
for thread in threads:
    thread.start()
time.sleep(3)


def saver():
    values = ["2,5", "3", "3,5", "4", "4,5", "5"]  # valid both as a half (0–5, TT 26) and as a mark (0–10, TT 19)
    for i in range(24):
        save_grid(values[i % len(values)])
        try:  # the grid as saved after each attempt: every score or none, never a mix of two saves
            states.append(grid_state())
        except Exception:
            pass  # the database is down
        time.sleep(0.25)


states = []
save_thread = threading.Thread(target=saver)
save_thread.start()
time.sleep(1)
restart_started = time.monotonic()
subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", os.environ["PG_VERSION"], "main", "restart"],
               check=True)
restart_done = time.monotonic()
print(f"  PostgreSQL restarted in {restart_done - restart_started:.1f}s")
save_thread.join()
time.sleep(12)
stop.set()
for thread in threads:
    thread.join()

failures = [r for r in results if not r[2]]
after_restart = [r for r in results if r[0] > restart_done + RECOVERY_SECONDS]
print(f"  {len(results)} requests, {len(failures)} failed: "
      f"{sorted({str(r[3]) for r in failures})}")
check(all(r[2] for r in results if r[0] < restart_started), "every request before the restart succeeded")
check(after_restart and all(r[2] for r in after_restart),
      f"every request from {RECOVERY_SECONDS}s after the restart succeeded ({len(after_restart)} requests)")
if failures:
    last = max(r[0] for r in failures) - restart_done
    print(f"  last failure {last:+.1f}s after the restart finished")
check(os.path.exists(f"/proc/{gunicorn}"), f"gunicorn {gunicorn} kept running (not restarted)")

print("  grid saves:", [s[:2] for s in saves])
check(states and all(n in (0, cells) and d <= 1 for n, d in states),
      f"after every save attempt the grid was whole ({len(states)} checks: {sorted(set(states))})")
count, distinct = grid_state()
check(distinct <= 1,
      f"scores across the restart: {count} rows, {distinct} distinct value(s) — one save or none, never mixed")
# Complete the grid now that the database is back, then the grid is whole.
save_grid("1,5")
count_full, distinct_full = grid_state()
rows_per_save = count_full
check(count in (0, rows_per_save), f"the grid during the restart was all-or-nothing ({count} of {rows_per_save} rows)")
check(distinct_full == 1 and count_full == cells and sql(
    f"SELECT bool_and(coalesce(mark, 1.5) = 1.5 AND coalesce(knowledge, 1.5) = 1.5 AND coalesce(application, 1.5) = 1.5"
    f" AND coalesce(mark, knowledge) IS NOT NULL) FROM assessment_score WHERE plan_id IN ({plan_list})"
) == "t", f"a save after the restart wrote every score ({count_full} rows)")
after = counts(TABLES)
check(after == before, f"other row counts unchanged: {after}")
PY

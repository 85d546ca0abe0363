#!/usr/bin/env bash
# Fault: the Celery worker dies in the middle of an export.
#   A. the pool process is killed (-9): the message is rejected back to Redis, the same worker takes the job
#      over and finishes it;
#   B. the whole worker (main and pool) is killed (-9): a new worker starts, the janitor (`expire_jobs`) re-sends
#      the silent job and the new worker finishes it.
# Each time: exactly one result file and every staff row in it; nothing else changed.
FAULT_NAME=worker_killed
source "$(dirname "$0")/lib.sh"
EXTRA_CLEANUP='[ -f "$BDTX_VAR_DIR/worker2.pid" ] && stop_pid "$(cat "$BDTX_VAR_DIR/worker2.pid")"'
setup_fault
# A longer list so the export runs for several seconds: 40 copies of every staff record (~12,500 rows; the export
# writes ≈ 3,000 rows a second on these machines: with 10 copies the job could end before it was seen running).
sql "INSERT INTO accounts_staff (code, full_name, family_name, middle_name, given_name, birth_date, birth_place,
        gender, position, level, subject_group, is_core_teacher, is_active, search_text, sort_key, unit_id,
        id_number, email, phone)
     SELECT s.code || '-' || g, s.full_name, s.family_name, s.middle_name, s.given_name, s.birth_date, s.birth_place,
        s.gender, s.position, s.level, s.subject_group, s.is_core_teacher, s.is_active, s.search_text, s.sort_key,
        s.unit_id, s.id_number, s.email, s.phone
     FROM accounts_staff s CROSS JOIN generate_series(1, 40) g; ANALYZE accounts_staff" >/dev/null
export WORKER_PID

$PY - <<'PY'
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, "scripts/faults")
from faultlib import Client, check, counts, sql, wait_for  # noqa: E402

TABLES = ["accounts_staff", "accounts_user", "plans_plan", "plans_planitem", "reports_job"]
before = counts(TABLES)
staff_total = before["accounts_staff"]
jobs_root = Path(os.environ["BDTX_VAR_DIR"]) / "private" / "jobs"
client = Client().login("so")


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def job_row(job_id):
    status, done, attempts = sql(f"SELECT status, done, attempts FROM reports_job WHERE id = {job_id}").split("|")
    return status, int(done), int(attempts)


def start_export(data):
    response = client.post("/bao-cao/xuat/can-bo/", data)
    check(response.status == 302 and "/bao-cao/viec/" in response.location, f"export started ({response.location})")
    job_id = int(response.location.rstrip("/").split("/")[-1])
    wait_for(lambda: (r := job_row(job_id))[0] == "running" and r[1] > 0, 60, 0.2, what=f"job {job_id} running")
    print(f"  job {job_id} running: {job_row(job_id)}")
    return job_id


def verify(job_id, label):
    final = wait_for(lambda: (s := job_row(job_id))[0] in ("succeeded", "failed") and s, 90, what="the job to end")
    check(final[0] == "succeeded", f"{label}: job {job_id} succeeded after {final[2]} attempts")
    files = [p for p in (jobs_root / str(job_id)).iterdir()]
    check(len(files) == 1 and files[0].suffix == ".xlsx", f"{label}: exactly one file in the job folder ({files})")
    download = client.get(f"/bao-cao/viec/{job_id}/tai-ve/")
    check(download.status == 200, f"{label}: download 200")
    sheet = load_workbook(files[0], read_only=True).active
    numbers = [row[0] for row in sheet.iter_rows(values_only=True) if row and isinstance(row[0], int)]
    check(len(numbers) == staff_total and numbers[-1] == staff_total,
          f"{label}: the file has every staff row ({len(numbers)} of {staff_total})")


# A. kill the pool process only.
worker = int(os.environ["WORKER_PID"])
job_a = start_export({})
pool = children(worker)
check(pool, f"worker {worker} has pool process(es) {pool}")
for pid in pool:
    os.kill(pid, 9)
print(f"  killed pool process(es) {pool} with SIGKILL")
verify(job_a, "pool killed")

# B. kill the whole worker; a new one (and the janitor) pick the job up.
job_b = start_export({"active": "1"})
for pid in [*children(worker), worker]:
    os.kill(pid, 9)
print(f"  killed worker {worker} and its pool with SIGKILL")
env = {**os.environ, "JOB_STALE_SECONDS": "3"}
log = open(Path(os.environ["BDTX_VAR_DIR"]) / "logs" / "worker2.log", "a")
new_worker = subprocess.Popen(
    [".venv/bin/celery", "-A", "bdtx", "worker", "--loglevel=INFO", "--concurrency=1", "--without-gossip",
     "--without-mingle", "--hostname", "faults-second@%h"], env=env, stdout=log, stderr=log)
Path(os.environ["BDTX_VAR_DIR"], "worker2.pid").write_text(str(new_worker.pid))
wait_for(lambda: job_row(job_b)[0] != "running" or sql(
    f"SELECT heartbeat_at < now() - interval '3 seconds' FROM reports_job WHERE id = {job_b}") == "t", 30,
    what="the job to fall silent")
out = subprocess.run([".venv/bin/python", "manage.py", "expire_jobs"], env=env, capture_output=True, text=True,
                     check=True)
print("  expire_jobs:", out.stdout.strip())
staff_total = int(sql("SELECT count(*) FROM accounts_staff WHERE is_active"))
verify(job_b, "worker killed")

after = counts(TABLES)
check(after == dict(before, reports_job=before["reports_job"] + 2), f"row counts unchanged but the 2 jobs: {after}")
PY

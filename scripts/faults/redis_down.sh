#!/usr/bin/env bash
# Fault: Redis stops. Pages still serve; starting an export records the job as pending and says so (no 500);
# when Redis returns, `manage.py expire_jobs` re-sends it and the worker finishes it. Nothing is lost.
FAULT_NAME=redis_down
source "$(dirname "$0")/lib.sh"
setup_fault

$PY - <<'PY'
import subprocess
import sys
import time

sys.path.insert(0, "scripts/faults")
from faultlib import Client, check, counts, sql, wait_for  # noqa: E402

TABLES = ["reports_job", "accounts_staff", "accounts_user", "plans_plan", "plans_planitem"]
before = counts(TABLES)
client = Client().login("hieutruong")
office = Client().login("so")
check(client.get("/").status == 200, "home page before the fault")
# The Sở dashboards keep their figures in Redis for a minute: they must still open without it.
DASHBOARDS = ["/bao-cao/ket-qua/thong-ke/", "/ke-hoach/nam-hoc/tien-do/"]
for path in DASHBOARDS:
    check(office.get(path).status == 200, f"GET {path} (Sở) before the fault")

subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True)
wait_for(lambda: subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True).returncode != 0, 10,
         what="Redis to stop")
print("  Redis stopped")

for path in ["/", "/can-bo/", "/ke-hoach/truong/", "/bao-cao/viec/"]:
    response = client.get(path)
    check(response.status == 200, f"GET {path} with Redis down -> {response.status}")
for path in DASHBOARDS:
    response = office.get(path)
    check(response.status == 200, f"GET {path} (Sở) with Redis down -> {response.status}")

started = time.monotonic()
response = client.post("/bao-cao/xuat/can-bo/", {})
elapsed = time.monotonic() - started
check(response.status == 302 and "/bao-cao/viec/" in response.location,
      f"POST staff export with Redis down -> {response.status} {response.location} in {elapsed:.1f}s (no 500)")
job_id = int(response.location.rstrip("/").split("/")[-1])
status = sql(f"SELECT status FROM reports_job WHERE id = {job_id}")
check(status == "pending", f"job {job_id} recorded as pending (is {status})")
page = client.follow(response)
check(page.status == 200 and "Đang chờ" in page.text, "the job page says the job is waiting (Đang chờ)")

subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379", "--save", "",
                "--appendonly", "no", "--dir", "/tmp"], check=True, capture_output=True)
wait_for(lambda: subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True).returncode == 0, 10,
         what="Redis to start")
print("  Redis started again")
# The janitor re-sends pending jobs silent longer than JOB_STALE_SECONDS (0 here: at once).
out = subprocess.run([".venv/bin/python", "manage.py", "expire_jobs"], env={**__import__("os").environ,
                     "JOB_STALE_SECONDS": "0"}, capture_output=True, text=True, check=True)
print("  expire_jobs:", out.stdout.strip())
final = wait_for(lambda: (s := sql(f"SELECT status FROM reports_job WHERE id = {job_id}")) in
                 ("succeeded", "failed") and s, 60, what="the job to finish")
check(final == "succeeded", f"job {job_id} ran once Redis was back ({final})")
download = client.get(f"/bao-cao/viec/{job_id}/tai-ve/")
check(download.status == 200 and download.body[:2] == b"PK", "the result file downloads (xlsx)")

after = counts(TABLES)
expected = dict(before, reports_job=before["reports_job"] + 1)
check(after == expected, f"row counts unchanged except the one new job: {after}")
for path in ["/", "/can-bo/"]:
    check(client.get(path).status == 200, f"GET {path} after recovery")
PY

#!/usr/bin/env bash
# Fault: the disk holding uploaded evidence (PRIVATE_MEDIA_ROOT) is full. Uploading evidence must fail with a clear
# Vietnamese message (no 500), leave no StudyLog/Evidence row without its file and no partial file; nothing is lost.
FAULT_NAME=uploads_disk_full
source "$(dirname "$0")/lib.sh"
export BDTX_VAR_DIR
FULL_DIR="$BDTX_VAR_DIR/full-disk"
mkdir -p "$FULL_DIR"
mount -t tmpfs -o size=64k tmpfs "$FULL_DIR"
EXTRA_CLEANUP='umount "$FULL_DIR" 2>/dev/null; rmdir "$FULL_DIR" 2>/dev/null'
export PRIVATE_MEDIA_ROOT="$FULL_DIR" FULL_DIR
setup_fault
# A teacher of the demo (every staff member has an account, with the demo password) whose plan is approved and still
# has room for 2 tiết on an item (the demo has logged part or all of most plans).
FAULT_USER=$(sql "SELECT u.username FROM accounts_user u JOIN plans_plan pl ON pl.staff_id = u.staff_id
     WHERE pl.status = 'APPROVED' AND u.role = 'TEACHER'
       AND pl.year_id IN (SELECT id FROM plans_trainingyear WHERE is_current)
       AND EXISTS (SELECT 1 FROM plans_planitem i WHERE i.plan_id = pl.id AND i.hours
                   - COALESCE((SELECT sum(l.hours) FROM plans_studylog l WHERE l.item_id = i.id), 0) >= 2)
     ORDER BY pl.id LIMIT 1")
export FAULT_USER

$PY - <<'PY'
import datetime
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, "scripts/faults")
from faultlib import Client, check, counts, sql  # noqa: E402

TABLES = ["plans_studylog", "plans_evidence", "plans_plan", "plans_planitem", "accounts_staff"]
root = Path(os.environ["FULL_DIR"])
item = int(sql("SELECT i.id FROM plans_planitem i JOIN plans_plan p ON p.id = i.plan_id JOIN accounts_user u "
               "ON u.staff_id = p.staff_id JOIN plans_trainingyear y ON y.id = p.year_id "
               f"WHERE u.username = '{os.environ['FAULT_USER']}' AND y.is_current AND p.status = 'APPROVED' "
               # an item with room for 2 more tiết (the demo has logged part of the plan already)
               "AND i.hours - COALESCE((SELECT sum(l.hours) FROM plans_studylog l WHERE l.item_id = i.id), 0) >= 2 "
               "ORDER BY i.id LIMIT 1"))
client = Client().login(os.environ["FAULT_USER"])
today = datetime.date.today().strftime("%d/%m/%Y")
small_pdf = b"%PDF-1.4\n" + b"%" + b"x" * 2000 + b"\n%%EOF\n"
big_pdf = b"%PDF-1.4\n" + b"%" + b"x" * 400_000 + b"\n%%EOF\n"  # 400 KB on a 64 KB disk


def files_on_disk():
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# A first log with a small file fits: it is the data that must survive.
def post_log(content, name):
    return client.post(
        f"/ke-hoach/nhat-ky/noi-dung/{item}/ghi/",
        {"date": today, "hours": "2", "description": "Tự học chuyên đề (kiểm thử đĩa đầy)"},
        files={"files": (name, content, "application/pdf")},
    )


response = post_log(small_pdf, "nho.pdf")
check(response.status == 302, f"a small evidence file fits on the disk ({response.status})")
before = counts(TABLES)
disk_before = files_on_disk()
check(before["plans_evidence"] >= 1 and len(disk_before) == before["plans_evidence"],
      f"before: {before['plans_evidence']} evidence row(s), {len(disk_before)} file(s)")
log_id = int(sql("SELECT max(id) FROM plans_studylog"))


def clear_error(response, what):
    text = response.text
    alerts = " ".join(re.findall(r'class="[^"]*(?:alert|invalid-feedback|errorlist)[^"]*"[^>]*>(.*?)</', text, re.S))
    shown = re.sub(r"<[^>]+>|\\s+", " ", alerts)[:200]
    print(f"  {what}: {response.status} {response.location} {shown}")
    return response


# 1. a new log with a file larger than the free space.
r1 = clear_error(post_log(big_pdf, "lon.pdf"), "new log with a 400 KB file")
# 2. more evidence on the existing log.
r2 = client.post(f"/ke-hoach/nhat-ky/{log_id}/minh-chung/", {}, files={"files": ("lon2.pdf", big_pdf, "application/pdf")})
if r2.status == 302:
    r2 = client.follow(r2)
r2 = clear_error(r2, "evidence added to an existing log")

after = counts(TABLES)
disk_after = files_on_disk()
check(after == before, f"row counts unchanged: {after}")
check(disk_after == disk_before, f"no partial or orphan file left on the disk ({disk_after})")
orphans = [
    name for name in sql("SELECT file FROM plans_evidence").splitlines() if not (root / name).is_file()
]
check(not orphans, "every evidence row has its file")
check(r1.status != 500, f"new log on a full disk: no server error ({r1.status})")
check(r2.status != 500, f"evidence on a full disk: no server error ({r2.status})")
check("đầy" in r1.text or "dung lượng" in r1.text, "the user is told the storage is full (Vietnamese)")
PY

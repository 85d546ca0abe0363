"""``make bench-import``: a 20,000-row staff import run as a background job, on PostgreSQL, timed phase by phase.

Uses its own database (default postgres://postgres@127.0.0.1:5432/bdtx_bench_import), dropped and created each run:
a Sở with 4 Phòng and 100 schools and a Sở officer. It writes a staff file of ``ROWS`` rows (the import template's
columns), then runs the ``staff_import`` job three times through the real job runner (``jobs.jobs.job_run``,
as the Celery task does): a first import (all rows new), the same file again (all unchanged), and a file where every
name changed (all updated). For each run it prints the total time, the time to read and check the file, the time
to write, and the longest gap between two progress writes the job page could see (the page polls every 2 s).
"""

import io
import os
import sys
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "20000"))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bdtx_bench_import"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(default_url=DEFAULT_DATABASE_URL):
    """Django on its own benchmark database (DATABASE_URL, else ``default_url``), recreated and migrated."""
    os.environ.setdefault("DATABASE_URL", default_url)
    from scripts.bench import ensure_database, setup_django

    ensure_database(os.environ["DATABASE_URL"], recreate=True)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_units():
    from accounts.models import OrgUnit, Role, User

    ministry = OrgUnit.objects.create(kind=OrgUnit.Kind.MINISTRY, code="BGD", name="Bộ GD&ĐT")
    department = OrgUnit.objects.create(kind=OrgUnit.Kind.DEPARTMENT, code="SGD", name="Sở GD&ĐT", parent=ministry)
    schools = []
    for district_number in range(1, 5):
        district = OrgUnit.objects.create(
            kind=OrgUnit.Kind.DISTRICT, code=f"PGD{district_number}", name=f"Phòng {district_number}", parent=department
        )
        for number in range(1, 26):
            schools.append(
                OrgUnit.objects.create(
                    kind=OrgUnit.Kind.SCHOOL,
                    code=f"T{district_number}{number:02d}",
                    name=f"Trường Tiểu học {district_number}-{number}",
                    parent=district,
                    levels="TH",
                )
            )
    officer = User.objects.create_user("so_bench", password="x", role=Role.DEPARTMENT_OFFICER, unit=department)
    return officer, schools


def staff_file(schools, suffix=""):
    from openpyxl import Workbook

    from people.importers import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append([column.header for column in COLUMNS])
    given = ["An", "Bình", "Cúc", "Dũng", "Hoa", "Lan", "Minh", "Nga", "Phúc", "Thảo"]
    for index in range(ROWS):
        values = {
            "code": f"BX{index:06d}",
            "full_name": f"Nguyễn Thị {given[index % len(given)]}{suffix} {index}",
            "birth_date": f"{index % 28 + 1:02d}/{index % 12 + 1:02d}/{1970 + index % 30}",
            "birth_place": "Sơn La",
            "gender": "Nữ",
            "unit": schools[index % len(schools)].code,
            "position": "GV",
            "level": "TH",
            "subject_group": f"Tổ {index % 5 + 1}",
            "is_core_teacher": "",
            "is_active": "x",
        }
        sheet.append([values.get(column.key, "") for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Upload(io.BytesIO):
    """What a view hands to ``job_input_store``: a file with ``chunks()`` and a name."""

    name = "danh-sach.xlsx"

    def chunks(self):
        yield self.getvalue()


def run_job(officer, content):
    """(seconds in all, seconds reading and checking, longest gap between progress writes, job)."""
    from jobs import jobs
    from jobs.models import Job
    from people import importers

    name = jobs.job_input_store(user=officer, upload=Upload(content))
    job = Job.objects.create(
        requester=officer, kind="staff_import", params={"input": name, "filename": "danh-sach.xlsx"}
    )
    writes = []
    original_progress, original_parse = jobs.job_progress, importers.staff_import_parse
    marks = {}

    def timed_progress(**kwargs):
        writes.append(time.perf_counter())
        return original_progress(**kwargs)

    def timed_parse(**kwargs):
        result = original_parse(**kwargs)
        marks["parsed"] = time.perf_counter()
        return result

    jobs.job_progress, importers.staff_import_parse = timed_progress, timed_parse
    try:
        started = time.perf_counter()
        jobs.job_run(job_id=job.pk)
        finished = time.perf_counter()
    finally:
        jobs.job_progress, importers.staff_import_parse = original_progress, original_parse
    job.refresh_from_db()
    points = [started, *writes, finished]
    gap = max(later - earlier for earlier, later in zip(points, points[1:], strict=False))
    return finished - started, marks.get("parsed", finished) - started, gap, job


def main():
    setup()
    from django.conf import settings
    from django.db import connection

    from accounts.models import Staff

    settings.PRIVATE_MEDIA_ROOT = Path(settings.PRIVATE_MEDIA_ROOT) / "bench-import"
    officer, schools = build_units()
    first = staff_file(schools)
    renamed = staff_file(schools, suffix="h")
    print(
        f"bench-import: PostgreSQL {connection.pg_version // 10000}, {ROWS} rows × {len(schools)} schools, "
        f"file {len(first) / 1024 / 1024:.1f} MB; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'run':<28}{'total s':>9}{'check s':>9}{'write s':>9}{'max gap s':>11}  outcome")
    for label, content in (("new rows", first), ("same file again", first), ("every name changed", renamed)):
        total, check, gap, job = run_job(officer, content)
        print(f"{label:<28}{total:>9.1f}{check:>9.1f}{total - check:>9.1f}{gap:>11.1f}  {job.status}: {job.message}")
    print(f"staff rows: {Staff.objects.count()}, history rows: {Staff.history.count()}")


if __name__ == "__main__":
    main()

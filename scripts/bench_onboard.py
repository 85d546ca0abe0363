"""``make bench-onboard``: a province set up from its files on PostgreSQL, timed phase by phase.

Own database (default postgres://postgres@127.0.0.1:5432/bdtx_bench_onboard), dropped and created each run, holding
only the Bộ, one empty Sở and its officer. Then, as the Sở officer does it in the app, through the real job runner
(``jobs.jobs.job_run``, as the Celery task does):
1. the units file: ``COMMUNES`` communes and ``SCHOOLS`` schools (a fifth of them THPT, straight under the Sở);
2. the staff files (the import takes 20,000 rows a file): ``STAFF`` people, one principal per school, each of
   whom gets an account (people.onboarding);
3. the sheet of first passwords of the accounts the Sở hands out (the principals), as the page makes it.
Each phase prints its time and what it wrote.
"""

import os
import sys
import time
from pathlib import Path

COMMUNES = int(os.environ.get("BENCH_ONBOARD_COMMUNES", "120"))
SCHOOLS = int(os.environ.get("BENCH_ONBOARD_SCHOOLS", "700"))
STAFF = int(os.environ.get("BENCH_ONBOARD_STAFF", "30000"))
FILE_ROWS = 15_000  # two staff files for 30,000 people (the import takes 20,000 rows at most)
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bdtx_bench_onboard"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def workbook(header, rows):
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def school_codes():
    """[(code, commune code or None, level)]: four in five under a commune (MN/TH/THCS), the rest THPT."""
    schools = []
    for number in range(SCHOOLS):
        if number % 5 == 4:
            schools.append((f"THPT{number:04d}", None, "THPT"))
        else:
            schools.append((f"TR{number:04d}", f"XA{number % COMMUNES:03d}", ("MN", "TH", "THCS")[number % 3]))
    return schools


def units_file():
    from people.units_import import COLUMNS

    rows = [[f"XA{n:03d}", f"UBND xã số {n}", "UBND xã", "SGD", "", f"Xã số {n}"] for n in range(COMMUNES)]
    rows += [
        [code, f"Trường {level} số {code}", "Trường", commune or "SGD", level, ""]
        for code, commune, level in school_codes()
    ]
    return workbook([column.header for column in COLUMNS], rows)


def staff_files():
    from people.importers import COLUMNS

    schools = school_codes()
    given = ["An", "Bình", "Cúc", "Dũng", "Hoa", "Lan", "Minh", "Nga", "Phúc", "Thảo"]
    rows = []
    for index in range(STAFF):
        code, _commune, level = schools[index % len(schools)]
        values = {
            "code": f"CB{index:06d}",
            "full_name": f"Nguyễn Thị {given[index % len(given)]} {index}",
            "birth_date": f"{index % 28 + 1:02d}/{index % 12 + 1:02d}/{1970 + index % 30}",
            "gender": "Nữ",
            "unit": code,
            "position": "HT" if index < len(schools) else "GV",  # the first person of each school heads it
            "level": level,
            "subject_group": f"Tổ {index % 5 + 1}",
            "is_active": "x",
        }
        rows.append([values.get(column.key, "") for column in COLUMNS])
    header = [column.header for column in COLUMNS]
    return [workbook(header, rows[start : start + FILE_ROWS]) for start in range(0, len(rows), FILE_ROWS)]


def run_job(officer, kind, content):
    from jobs import jobs
    from jobs.models import Job
    from scripts.bench_import import Upload

    name = jobs.job_input_store(user=officer, upload=Upload(content))
    job = Job.objects.create(requester=officer, kind=kind, params={"input": name, "filename": "danh-sach.xlsx"})
    jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def main():
    from scripts.bench_import import setup

    setup(DEFAULT_DATABASE_URL)
    from django.conf import settings
    from django.db import connection

    from accounts.models import OrgUnit, Role, Staff, User
    from people import onboarding

    settings.PRIVATE_MEDIA_ROOT = Path(settings.PRIVATE_MEDIA_ROOT) / "bench-onboard"
    ministry = OrgUnit.objects.create(kind=OrgUnit.Kind.MINISTRY, code="BGD", name="Bộ GD&ĐT")
    department = OrgUnit.objects.create(kind=OrgUnit.Kind.DEPARTMENT, code="SGD", name="Sở GD&ĐT", parent=ministry)
    officer = User.objects.create_user("so_onboard", password="x", role=Role.DEPARTMENT_OFFICER, unit=department)
    print(
        f"bench-onboard: PostgreSQL {connection.pg_version // 10000}; {COMMUNES} communes, {SCHOOLS} schools, "
        f"{STAFF} staff; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'phase':<44}{'seconds':>9}  outcome")
    total = 0.0

    def phase(label, work):
        nonlocal total
        started = time.perf_counter()
        outcome = work()
        seconds = time.perf_counter() - started
        total += seconds
        print(f"{label:<44}{seconds:>9.1f}  {outcome}")

    phase("units file (import job)", lambda: run_job(officer, "units_import", units_file()).message)
    for number, content in enumerate(staff_files(), start=1):
        phase(
            f"staff file {number} (import job, with accounts)",
            lambda c=content: run_job(officer, "staff_import", c).message,
        )

    def sheet():
        pairs = onboarding.credentials_issue(user=officer, unit=department)
        return f"{len(pairs)} first passwords (the principals)"

    phase("credentials sheet of the Sở", sheet)
    print(f"{'total':<44}{total:>9.1f}")
    print(
        f"units: {OrgUnit.objects.count()}, staff: {Staff.objects.count()}, "
        f"accounts: {User.objects.filter(staff__isnull=False).count()}"
    )


if __name__ == "__main__":
    main()

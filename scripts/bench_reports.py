"""The report benches of ``make bench``, each beside a floor measured in the same run (``bench.py`` calls ``run``).

- **Sở classification export**: the real job (``results_classification_list``) for the Sở officer over the whole
  province, run synchronously through ``jobs.jobs.job_run``, end to end (queries, rows, the .xlsx file). Floor:
  openpyxl write-only writing the same values (fetched beforehand), the same columns, widths and per-column
  styles, with no database. Goals: under 30 s (for 30,000 people; a smaller list is also extrapolated linearly
  to 30,000) and within 1.5× the floor.
- **Sở summary page** (``reports:results_home``): p95 of 5 warm-up + 50 requests, like the page benches. Floor: the
  page's GROUP BY queries (active staff × plan × result by school, results by class by school), taken as Django
  sends them and run raw with ``connection.cursor()``, the same number of times. Goals: p95 under 300 ms and
  within 2× the floor.
- **One school's certificates as one PDF**: the real job (``certificates_school_pdf``) for the school manager,
  with QR codes and the project's fonts. A school with 60 certificates is prepared inside a transaction that is
  rolled back (completed results, confirmed personal data, results locked, then ``certificates_issue``), so the
  bench database stays as seeded. Floor: WeasyPrint rendering one static certificate page (the same template, CSS
  and fonts, rendered once to HTML with the first person's data and QR code) × 60 as one document. Goal: within
  2× the floor.

Job files go to a temporary PRIVATE_MEDIA_ROOT removed at the end, and the bench's job rows are deleted.
"""

import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass

from bench import REQUESTS, WARMUP, _p95, loadavg, measure

FILE_RUNS = 3  # runs of each file bench and of its floor (median), after one warm-up run
EXPORT_GOAL_S = 30
EXPORT_GOAL_ROWS = 30_000
EXPORT_RATIO = 1.5
SUMMARY_GOAL_MS = 300
SUMMARY_RATIO = 2
CERTIFICATES = 60
CERTIFICATE_RATIO = 2
BASE_URL = "http://127.0.0.1:8000"


@dataclass
class Figure:
    subject: str
    measured: float
    floor: float
    unit: str  # "s" or "ms"
    goals: list  # [(text, met)]
    note: str = ""

    @property
    def ratio(self):
        return self.measured / self.floor if self.floor else float("inf")


def _timed(function, runs=FILE_RUNS):
    """Median seconds of ``runs`` calls after one warm-up call; returns (median, last result)."""
    result = function()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


@contextmanager
def _private_media():
    """Job files in a temporary folder: the bench's job ids must not touch the files of another database's jobs."""
    from django.test import override_settings

    with tempfile.TemporaryDirectory(prefix="bdtx-bench-jobs-") as folder, override_settings(PRIVATE_MEDIA_ROOT=folder):
        yield


def _run_job(user, kind, params):
    """Create a job row and run it here, synchronously, as the Celery task would; returns the finished job."""
    from jobs.jobs import job_run
    from jobs.models import Job

    job = Job.objects.create(requester=user, scope_unit=user.unit, kind=kind, params=params)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    if job.status != Job.Status.SUCCEEDED:
        sys.exit(f"bench: job {kind} {job.status}: {job.message}")
    return job


# --- the Sở classification export --------------------------------------------------------------------------------


def _export_floor(spec, values):
    """openpyxl write-only: the same values, column widths and per-column styles, no database."""
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="Floor")
        styles = []
        for index, column in enumerate(spec.columns, 1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
            cell = WriteOnlyCell(sheet)
            cell.font = Font(name="Times New Roman", size=12)
            cell.border = border
            cell.alignment = Alignment(horizontal=column.align, vertical="top", wrap_text=column.wrap)
            cell.number_format = column.number_format
            styles.append(cell)
        sheet.append([str(column.header) for column in spec.columns])
        for row in values:
            cells = []
            for value, style in zip(row, styles, strict=False):
                cell = WriteOnlyCell(sheet, value=None if value == "" else value)
                cell._style = copy(style._style)
                cells.append(cell)
            sheet.append(cells)
        workbook.save(target.name)


def bench_export(users, year):
    from results.exports_results import ClassificationListExporter
    from results.job_handlers import KINDS

    user = users["so"]
    params = {"unit": user.unit.pk, "year": year.pk}
    jobs = []

    def run():
        jobs.append(_run_job(user, KINDS["list"], params))
        return jobs[-1]

    seconds, job = _timed(run)
    rows = job.total
    exporter = ClassificationListExporter(user=user, params=params)
    spec = exporter.sheets()[0]
    values = [list(row) for row in spec.rows]
    floor, _ = _timed(lambda: _export_floor(spec, values))
    from jobs.models import Job

    Job.objects.filter(pk__in=[job.pk for job in jobs]).delete()
    at_goal_rows = seconds * EXPORT_GOAL_ROWS / rows if rows else float("inf")
    return Figure(
        subject=f"Sở classification export · {rows:,} rows × {len(spec.columns)} columns",
        measured=seconds,
        floor=floor,
        unit="s",
        goals=[
            (
                f"< {EXPORT_GOAL_S} s for {EXPORT_GOAL_ROWS:,} rows (≈ {at_goal_rows:.1f} s)",
                at_goal_rows < EXPORT_GOAL_S,
            ),
            (f"≤ {EXPORT_RATIO}× floor", seconds <= EXPORT_RATIO * floor),
        ],
        note=f"{job.file_size / 1024 / 1024:.1f} MB",
    )


# --- the Sở summary page -----------------------------------------------------------------------------------------


def _group_by_queries(user, year):
    """The GROUP BY queries of the page's selector, as Django sends them to PostgreSQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from results import results

    with CaptureQueriesContext(connection) as captured:
        results.results_by_unit(user=user, year=year, root=user.unit)
    return [query["sql"] for query in captured.captured_queries if "GROUP BY" in query["sql"]]


def bench_summary(client_for, users, year):
    """The page with its figures computed on every request (cache off), and as served: from the minute's copy."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import override_settings
    from django.urls import reverse

    url = reverse("results:results_home")
    page = measure(client_for("so"), url)
    with override_settings(DASHBOARD_CACHE_SECONDS=60):
        cache.clear()
        served = measure(client_for("so"), url)
    queries = _group_by_queries(users["so"], year)
    timings = []
    with connection.cursor() as cursor:
        for run in range(WARMUP + REQUESTS):
            started = time.perf_counter()
            for sql in queries:
                cursor.execute(sql)
                cursor.fetchall()
            if run >= WARMUP:
                timings.append((time.perf_counter() - started) * 1000)
    floor = _p95(timings)
    floor_note = f"floor: its {len(queries)} GROUP BY queries raw, median {statistics.median(timings):.0f} ms"

    def figure(subject, result):
        low, high = result["queries"]
        return Figure(
            subject=subject,
            measured=result["p95"],
            floor=floor,
            unit="ms",
            goals=[
                (f"p95 < {SUMMARY_GOAL_MS} ms", result["p95"] < SUMMARY_GOAL_MS),
                (f"≤ {SUMMARY_RATIO}× floor", result["p95"] <= SUMMARY_RATIO * floor),
            ],
            note=(
                f"median {result['median']:.0f} ms, SQL {result['sql']:.0f} ms, Python CPU {result['cpu']:.0f} ms, "
                f"{high if low == high else f'{low}–{high}'} queries; {floor_note}"
            ),
        )

    return [
        figure("Sở summary page, computed each time, p95", page),
        figure("Sở summary page as served (1-min copy), p95", served),
    ]


# --- one school's certificates -----------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _prepare_certificates(school, year, manager):
    """Make ``CERTIFICATES`` people of ``school`` hold a certificate (inside the caller's transaction)."""
    from django.utils import timezone

    from accounts.models import Role, Staff, User
    from assessment.models import SchoolConfirmation, YearResult
    from assessment.rules import Classification
    from certificates import selectors, services
    from certificates.models import CheckStatus, PersonalDataCheck
    from plans.models import Plan, PlanStatus

    now = timezone.now()
    SchoolConfirmation.objects.update_or_create(
        school=school, year=year, defaults={"is_locked": True, "confirmed_by": manager, "confirmed_at": now}
    )
    ready = set(
        selectors.completed_results(school=school, year=year)
        .filter(staff__in=selectors.agreed_checks(year=year).values("staff_id"))
        .values_list("staff_id", flat=True)
    )
    candidates = (
        Staff.objects.filter(unit=school, is_active=True, birth_date__isnull=False)
        .exclude(birth_place="")
        .exclude(pk__in=ready)
        .order_by("sort_key", "pk")[: max(0, CERTIFICATES - len(ready))]
    )
    for staff in candidates:
        plan, _created = Plan.objects.update_or_create(
            year=year, staff=staff, defaults={"school": school, "status": PlanStatus.APPROVED}
        )
        YearResult.objects.update_or_create(
            staff=staff,
            year=year,
            defaults={
                "plan": plan,
                "school": school,
                "average": 8,
                "classification": Classification.KHA,
                "reasons": [],
                "completed_hours": 120,
                "planned_hours": 120,
                "missing_count": 0,
                "computed_at": now,
            },
        )
        PersonalDataCheck.objects.update_or_create(
            staff=staff,
            year=year,
            defaults={
                "status": CheckStatus.CONFIRMED,
                "shown_full_name": staff.full_name,
                "shown_birth_date": staff.birth_date,
                "shown_birth_place": staff.birth_place,
            },
        )
    issuer = selectors.issuer_of(school)
    role = Role.DISTRICT_OFFICER if issuer.is_middle_tier else Role.DEPARTMENT_OFFICER
    officer = User.objects.create(username="bench-cap-gcn", role=role, unit=issuer)
    summary = services.certificates_issue(school=school, year=year, user=officer)
    return len(summary.issued) + summary.already


def _certificate_floor(certificate):
    """WeasyPrint: one static page (the same template, CSS and fonts, rendered to HTML once) × CERTIFICATES."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from certificates import rendering
    from core import pdf

    page = render_to_string(
        f"certificates/pdf/{certificate.layout}.html", rendering._page_context(certificate, BASE_URL)
    )
    html = render_to_string(
        "certificates/pdf/document.html",
        {
            "font_css": rendering.font_css(),
            "styles": [render_to_string(f"certificates/pdf/{certificate.layout}.css")],
            "pages": [page] * CERTIFICATES,
            "title": "floor",
        },
    )

    def render():
        return HTML(string=html, base_url=pdf.font_dir().as_uri()).write_pdf()

    return render


def bench_certificates(users, year):
    from django.db import transaction

    from certificates import selectors
    from certificates.job_handlers import SCHOOL_PDF

    manager = users["big_school"]
    school = manager.unit
    figure = None
    try:
        with transaction.atomic():
            count = _prepare_certificates(school, year, manager)
            certificates = list(selectors.school_certificates(user=manager, school=school, year=year))
            params = {"school": school.pk, "year": year.pk, "base_url": BASE_URL}
            seconds, job = _timed(lambda: _run_job(manager, SCHOOL_PDF, params))
            floor, _ = _timed(_certificate_floor(certificates[0]))
            figure = Figure(
                subject=f"one school's certificates · {count} in one PDF",
                measured=seconds,
                floor=floor,
                unit="s",
                goals=[(f"≤ {CERTIFICATE_RATIO}× floor", seconds <= CERTIFICATE_RATIO * floor)],
                note=f"{school.name}; {job.file_size / 1024:.0f} KB, QR codes and Tinos fonts embedded",
            )
            raise _Rollback
    except _Rollback:
        pass
    return figure


# --- report ------------------------------------------------------------------------------------------------------


def _number(value, unit):
    return f"{value:.2f} s" if unit == "s" else f"{value:.0f} ms"


def print_figures(figures):
    header = ("report bench", "measured", "floor", "ratio", "goals", "note")
    rows = [
        (
            figure.subject,
            _number(figure.measured, figure.unit),
            _number(figure.floor, figure.unit),
            f"{figure.ratio:.2f}×",
            "; ".join(f"{text} {'ok' if met else 'MISSED'}" for text, met in figure.goals),
            figure.note,
        )
        for figure in figures
    ]
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    print()
    for row in [header, ["-" * width for width in widths], *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def run(client_for, users):
    """The three report benches; prints their table and returns the figures."""
    from years.selectors import year_from_request

    year = year_from_request(user=users["so"])
    start = loadavg()
    print(
        f"\nbench: report benches (files: 1 warm-up + median of {FILE_RUNS} runs; page: {WARMUP} + {REQUESTS}); "
        f"load average {start}"
    )
    with _private_media():
        figures = [
            bench_export(users, year),
            *bench_summary(client_for, users, year),
            bench_certificates(users, year),
        ]
    print_figures(figures)
    print(f"report benches: load average {start} at start, {loadavg()} at end")
    return figures

"""Job kinds of people/: ``staff_import``, a large staff file checked and written by a worker (see jobs/imports.py),
and ``staff_export``, the staff list as an Excel file (people/exports_staff.py)."""

from django.db import IntegrityError
from django.utils.translation import gettext_lazy

from accounts.services import AccountsError
from jobs.imports import CHANGED_WHILE_IMPORTING, run_import
from jobs.jobs import job_temp_path
from jobs.registry import job_handler

from . import exports_staff, importers
from . import units_import as units_import_module

KIND = "staff_import"


def _run_people_import(job, progress, *, parse, apply, summary):
    """A people/ import as a job: ``parse(file=, user=, progress=)`` then ``apply(result=, user=, progress=)``."""
    user = job.requester
    return run_import(
        job,
        parse=lambda file: parse(file=file, user=user, progress=progress),
        apply=lambda result: apply(result=result, user=user, progress=progress),
        summary=lambda result, counts: summary(counts),
        errors=[(IntegrityError, CHANGED_WHILE_IMPORTING), AccountsError],
    )


@job_handler(KIND, label=gettext_lazy("Nhập danh sách cán bộ, giáo viên"))
def staff_import(job, progress):
    return _run_people_import(
        job,
        progress,
        parse=importers.staff_import_parse,
        apply=importers.staff_import_apply,
        summary=importers.imported_summary,
    )


UNITS_KIND = "units_import"


@job_handler(UNITS_KIND, label=gettext_lazy("Nhập danh sách đơn vị"))
def units_import(job, progress):
    return _run_people_import(
        job,
        progress,
        parse=units_import_module.units_import_parse,
        apply=units_import_module.units_import_apply,
        summary=units_import_module.imported_summary,
    )


@job_handler(exports_staff.KIND, label=gettext_lazy("Xuất danh sách cán bộ, giáo viên (Excel)"))
def staff_export(job, progress):
    exporter = exports_staff.StaffExporter(user=job.requester, params=job.params)
    path = job_temp_path(job=job, suffix=".xlsx")
    exporter.write(path, progress=progress)
    return exporter.get_filename(), path

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


@job_handler(KIND, label=gettext_lazy("Nhập danh sách cán bộ, giáo viên"))
def staff_import(job, progress):
    user = job.requester
    return run_import(
        job,
        parse=lambda file: importers.staff_import_parse(file=file, user=user, progress=progress),
        apply=lambda result: importers.staff_import_apply(result=result, user=user, progress=progress),
        summary=lambda result, counts: importers.imported_summary(counts),
        errors=[
            (IntegrityError, CHANGED_WHILE_IMPORTING),
            AccountsError,
        ],
    )


UNITS_KIND = "units_import"


@job_handler(UNITS_KIND, label=gettext_lazy("Nhập danh sách đơn vị"))
def units_import(job, progress):
    user = job.requester
    return run_import(
        job,
        parse=lambda file: units_import_module.units_import_parse(file=file, user=user, progress=progress),
        apply=lambda result: units_import_module.units_import_apply(result=result, user=user, progress=progress),
        summary=lambda result, counts: units_import_module.imported_summary(counts),
        errors=[(IntegrityError, CHANGED_WHILE_IMPORTING), AccountsError],
    )


@job_handler(exports_staff.KIND, label=gettext_lazy("Xuất danh sách cán bộ, giáo viên (Excel)"))
def staff_export(job, progress):
    exporter = exports_staff.StaffExporter(user=job.requester, params=job.params)
    path = job_temp_path(job=job, suffix=".xlsx")
    exporter.write(path, progress=progress)
    return exporter.get_filename(), path

"""Job kind ``catalog_import``: a large module catalog checked and written by a worker (see jobs/imports.py)."""

from django.utils.translation import gettext_lazy

from core.excel_import import imported_message
from jobs.imports import run_import
from jobs.registry import job_handler

from . import services

KIND = "catalog_import"


@job_handler(KIND, label=gettext_lazy("Nhập danh mục mô đun"))
def catalog_import(job, progress):
    return run_import(
        job,
        # The catalog's own service checks the file, then writes it only when it is clean.
        parse=lambda file: services.catalog_import(file=file, user=job.requester, progress=progress),
        apply=lambda result: None,
        summary=lambda result, _outcome: imported_message(result),
        errors=[services.ModulesError],
    )

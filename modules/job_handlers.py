"""Job kind ``catalog_import``: a large module catalog checked and written by a worker (see reports/imports.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bdtx.excel_import import thousands
from reports.imports import imported, refuse_if_errors, stored_upload
from reports.jobs import JobError
from reports.registry import job_handler

from . import services

KIND = "catalog_import"


def import_summary(result):
    """'Đã nhập 350 dòng: …', as the catalog import page says it."""
    return _("Đã nhập %(total)s dòng: %(created)s thêm mới, %(updated)s cập nhật, %(unchanged)s không đổi.") % {
        "total": thousands(result.total),
        "created": thousands(result.created),
        "updated": thousands(result.updated),
        "unchanged": thousands(result.unchanged),
    }


@job_handler(KIND, label=gettext_lazy("Nhập danh mục mô đun từ Excel"))
def catalog_import(job, progress):
    with stored_upload(job) as file:
        try:
            result = services.catalog_import(file=file, user=job.requester, progress=progress)
        except services.ModulesError as error:
            raise JobError(str(error)) from None
    refuse_if_errors(job, result)
    return imported(job, import_summary(result))

"""Job kind ``staff_import``: a large staff file checked and written by a worker (see reports/imports.py)."""

from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bdtx.excel_import import thousands
from reports.imports import imported, refuse_if_errors, stored_upload
from reports.jobs import JobError
from reports.registry import job_handler

from . import importers
from .services import AccountsError

KIND = "staff_import"


def import_summary(counts):
    """'Đã nhập 20.000 dòng: …', as the import page says it after an import."""
    return _("Đã nhập %(total)s dòng: %(created)s thêm mới, %(updated)s cập nhật, %(unchanged)s không thay đổi.") % {
        "total": thousands(counts.total),
        "created": thousands(counts.created),
        "updated": thousands(counts.updated),
        "unchanged": thousands(counts.unchanged),
    }


@job_handler(KIND, label=gettext_lazy("Nhập danh sách cán bộ, giáo viên từ Excel"))
def staff_import(job, progress):
    user = job.requester
    with stored_upload(job) as file:
        result = importers.staff_import_parse(file=file, user=user, progress=progress)
    refuse_if_errors(job, result)
    try:
        counts = importers.staff_import_apply(result=result, user=user, progress=progress)
    except IntegrityError:
        raise JobError(_("Dữ liệu vừa bị thay đổi trong lúc nhập nên chưa ghi dòng nào. Hãy thử lại.")) from None
    except AccountsError as error:
        raise JobError(str(error)) from None
    return imported(job, import_summary(counts))

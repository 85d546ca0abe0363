"""Excel imports as background jobs: a large file is checked and written by a worker, with a progress bar.

An import view first asks ``background_import(request, kind, upload, next_url=…, limits=importers.LIMITS)``: for
a large file within the import's limits it stores the upload, queues the app's import kind and answers with the job
page; an upload beyond them is left to the page, which refuses it at once (it is never stored nor queued). The
app's handler (``<app>/job_handlers.py``) is a call to ``run_import`` with its parse and apply steps: a refused
file writes nothing and the job page lists its errors as the import page would. Imports stay all-or-nothing: the
write is one transaction, whoever runs it.
"""

from contextlib import contextmanager

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import excel_import
from core.errors import DomainError, show_error

from . import jobs, registry

# The job page lists this many errors, like the import pages; the count gives the rest.
MAX_ERRORS_KEPT = 500
# Someone saved the same key (a staff code …) between the check and the write; the transaction kept nothing.
CHANGED_WHILE_IMPORTING = gettext_lazy("Dữ liệu vừa bị thay đổi trong lúc nhập nên chưa ghi dòng nào. Hãy thử lại.")


def runs_in_background(upload, limits):
    # A title and the header row sit above the data rows.
    return excel_import.has_more_rows_than(upload, excel_import.background_rows() + 2, limits=limits)


def import_job_start(*, user, kind, upload, next_url, params=None):
    """Store the upload and queue ``kind`` for it; ``next_url`` is where the job page sends the user next."""
    name = jobs.job_input_store(user=user, upload=upload)
    return jobs.job_create(
        user=user,
        kind=kind,
        params={**(params or {}), "input": name, "filename": upload.name[:255], "next_url": next_url},
        scope_unit=user.unit,
        title=f"{registry.kind_label(kind)} · {upload.name}"[:255],
    )


def background_import(request, kind, upload, *, next_url, limits, params=None):
    """For a large file, the new job's page (or back to ``next_url``, saying why it could not start); else None.

    None too for an upload beyond ``limits`` (the import's ``excel_import.Limits``): checked before anything is
    stored or queued, the page's own check then refuses it with the reason.
    """
    if not runs_in_background(upload, limits):
        return None
    try:
        job = import_job_start(user=request.user, kind=kind, upload=upload, next_url=next_url, params=params)
    except jobs.JobError as error:
        show_error(request, error)
        return redirect(next_url)
    return redirect("jobs:job_detail", pk=job.pk)


def import_page(
    request, form, *, kind, limits, done_url, run, render_page, params=None, success_url=None, summary=None
):
    """The upload page of an import, for every import: a large file goes to a worker (the job page); a small one is
    checked and, when every row is right, written here by ``run(upload)`` → ``(result, counts)``, said by
    ``summary(result, counts)`` (the imported counts by default) on ``success_url`` (``done_url``); otherwise the
    page is ``render_page(result)`` with the result's errors (None before an upload).
    """
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        background = background_import(request, kind, upload, next_url=done_url, limits=limits, params=params)
        if background is not None:
            return background
        try:
            result, counts = run(upload)
        except IntegrityError:
            messages.error(request, CHANGED_WHILE_IMPORTING)
        except DomainError as error:
            show_error(request, error)
        else:
            if result.ok:
                said = summary(result, counts) if summary else excel_import.imported_message(counts)
                messages.success(request, said)
                return redirect(success_url or done_url)
    return render_page(result)


def run_import(job, *, parse, apply, summary, errors=()):
    """The body of an import job: ``parse(file)`` checks the stored file, which is refused with its errors or
    written by ``apply(result)``; the job page then says ``summary(result, outcome)``.

    ``errors`` are the exceptions the app expects: a class (its message is shown) or (class, message).
    """
    expected = dict(error if isinstance(error, tuple) else (error, None) for error in errors)
    try:
        with stored_upload(job) as file:
            result = parse(file)
        refuse_if_errors(job, result)
        outcome = apply(result)
    except tuple(expected) as error:
        message = next(text for kind, text in expected.items() if isinstance(error, kind))
        raise jobs.JobError(message or str(error)) from None
    jobs.job_input_discard(job.params.get("input"))
    return None, None, summary(result, outcome)


@contextmanager
def stored_upload(job):
    """The stored upload of an import job, open for reading (from the private storage: this disk or the bucket)."""
    handle = jobs.job_input_open(job.params.get("input"))
    if handle is None:
        raise jobs.JobError(
            _("Tệp tải lên không còn trên máy chủ (đã quá thời hạn lưu). Hãy tải tệp lên lại."),
            details={"upload_again": True},
        )
    with handle:
        yield handle


def refuse_if_errors(job, result):
    """Stop the job when the check found problems: nothing was written; the job page shows every error."""
    if result.ok:
        return
    jobs.job_input_discard(job.params.get("input"))
    count = len(result.errors)
    raise jobs.JobError(
        _("Tệp “%(name)s” có %(count)s lỗi; chưa có dòng nào được ghi. Hãy sửa trong Excel rồi tải lên lại.")
        % {"name": job.params.get("filename", ""), "count": excel_import.thousands(count)},
        details={
            "errors": [
                [error.row, error.column, error.letter, error.message] for error in result.errors[:MAX_ERRORS_KEPT]
            ],
            "error_count": count,
            "upload_again": True,
        },
    )

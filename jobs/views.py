"""Job pages: my jobs, one job with its live progress, the download, retry and cancel."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from core.errors import show_error
from core.http import stored_file_response

from . import jobs, registry

PAGE_SIZE = 25


def _job_context(job):
    errors = job.import_errors
    next_url = job.params.get("next_url") if isinstance(job.params, dict) else None
    if not (isinstance(next_url, str) and next_url.startswith("/") and url_has_allowed_host_and_scheme(next_url, None)):
        next_url = ""
    return {
        "job": job,
        "kind_label": registry.kind_label(job.kind),
        "next_url": next_url,
        "errors": errors,
        "errors_hidden": max(job.details.get("error_count", 0) - len(errors), 0),
        "upload_again": bool(job.details.get("upload_again")),
    }


@login_required
def job_list(request):
    page = Paginator(jobs.jobs_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for job in page.object_list:
        job.kind_label = registry.kind_label(job.kind)
    return render(request, "jobs/job_list.html", {"page": page})


@login_required
def job_detail(request, pk):
    job = jobs.job_get_for_user(user=request.user, pk=pk)
    return render(request, "jobs/job_detail.html", _job_context(job))


def job_progress(request, pk):
    """The polled part of the job page; it stops polling once the job is finished.

    A poll after the session has ended sends the whole page to the login form instead of swapping the login
    form into the progress box.
    """
    if not request.user.is_authenticated:
        if request.htmx:
            login_url = f"{resolve_url(settings.LOGIN_URL)}?next={reverse('jobs:job_detail', args=[pk])}"
            return HttpResponseClientRedirect(login_url)
        return redirect_to_login(request.get_full_path())
    job = jobs.job_get_for_user(user=request.user, pk=pk)
    return render(request, "jobs/_job_progress.html", _job_context(job))


@login_required
def job_download(request, pk):
    job = jobs.job_get_for_user(user=request.user, pk=pk)
    if job.is_expired:
        messages.warning(request, _("Tệp này đã hết hạn và đã bị xoá. Bấm “Tạo lại” để làm tệp mới."))
        return redirect("jobs:job_detail", pk=job.pk)
    name = jobs.job_file_name(job) if job.is_downloadable else None
    if name is None:
        raise Http404
    # Streamed from the private folder, or a redirect to a link to the S3 bucket signed for a minute.
    return stored_file_response(jobs.job_storage(), name, filename=job.file_name, content_type=job.content_type)


@login_required
@require_POST
def job_retry(request, pk):
    job = jobs.job_get_for_user(user=request.user, pk=pk)
    try:
        jobs.job_retry(job=job)
    except jobs.JobError as error:
        show_error(request, error)
    return redirect("jobs:job_detail", pk=job.pk)


@login_required
@require_POST
def job_cancel(request, pk):
    job = jobs.job_get_for_user(user=request.user, pk=pk)
    try:
        jobs.job_cancel(job=job)
    except jobs.JobError as error:
        show_error(request, error)
    else:
        messages.info(request, _("Đã huỷ việc."))
    return redirect("jobs:job_detail", pk=job.pk)

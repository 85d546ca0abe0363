"""Starting the staff export (a job): the staff list's filters become the job's parameters."""

from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.errors import show_error
from jobs import jobs

from . import exports_staff


def _filters(request, keys):
    """Filters from the form body, else from the query string (the staff list's current URL)."""
    source = request.POST if any(key in request.POST for key in keys) else request.GET
    data = QueryDict(mutable=True)
    for key in keys:
        if source.get(key):
            data[key] = source.get(key)
    return data


@login_required
@require_POST
def staff_export_start(request):
    params = exports_staff.staff_export_params(user=request.user, data=_filters(request, exports_staff.FILTER_KEYS))
    try:
        job = jobs.job_create(
            user=request.user,
            kind=exports_staff.KIND,
            params=params,
            scope_unit=request.user.unit,
            title=exports_staff.staff_export_title(user=request.user, params=params),
        )
    except jobs.JobError as error:
        show_error(request, error)
        return redirect("jobs:job_list")
    return redirect("jobs:job_detail", pk=job.pk)

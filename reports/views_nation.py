"""The Ministry's national summary ("Tổng hợp toàn quốc"): one row per Sở for its current year. Thin view.

Admins only (the only role above a Sở): anyone else gets a 403. The numbers come from ``reports.nation``.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from . import nation


@login_required
def results_nation(request):
    if not nation.can_view_nation(request.user):
        raise PermissionDenied
    return render(request, "reports/results/nation.html", {"summary": nation.nation_summary(user=request.user)})

"""The Ministry's national summary ("Tổng hợp toàn quốc"): one row per Sở for its current year. Thin view.

Admins only (the only role above a Sở): anyone else gets a 403. The numbers come from ``reports.nation``, cached
for a few minutes (they are read from every plan and result of the country).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from . import nation


@login_required
def results_nation(request):
    if not nation.can_view_nation(request.user):
        raise PermissionDenied
    return render(
        request,
        "reports/results/nation.html",
        {"summary": nation.cached_nation_summary(user=request.user), "cache_minutes": nation.CACHE_SECONDS // 60},
    )

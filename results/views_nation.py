"""The Ministry's national summary ("Tổng hợp toàn quốc"): one row per Sở for its current year. Thin view.

Admins only (the only role above a Sở): anyone else gets a 403. The numbers come from ``results.nation``, kept
for a while like the office dashboards' (they are read from every plan and result of the country).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from . import nation


@login_required
def results_nation(request):
    if not nation.can_view_nation(request.user):
        raise PermissionDenied
    summary, computed_at = nation.cached_nation_summary(user=request.user)
    return render(request, "results/nation.html", {"summary": summary, "computed_at": computed_at})

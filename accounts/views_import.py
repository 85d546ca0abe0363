"""Staff import from Excel (owned by the import work; placeholder until it lands)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def staff_import(request):
    raise Http404


@login_required
def staff_import_template(request):
    raise Http404

"""Timelines: per person, per unit (a school, or an office's subtree over a period), newest first, printable."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import scoping

from . import selectors
from .forms import TimelineFilterForm

PAGE_SIZE = 50


def _render(request, entries, *, title, form=None, unit=None, staff=None):
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "audit/timeline.html",
        {
            "title": title,
            "form": form,
            "unit": unit,
            "staff": staff,
            "page": page,
            "entries": selectors.with_sentences(page),
            "query_string": query_string.urlencode(),
        },
    )


def _unit_timeline(request, unit, title):
    form = TimelineFilterForm(request.GET or None)
    if form.errors:
        # A filter to correct lists nothing: the whole log under its error would read as the filtered result.
        entries = []
    else:
        filters = form.cleaned_data if form.is_bound else {}
        entries = selectors.unit_entries(
            user=request.user,
            unit=unit,
            start=filters.get("start"),
            end=filters.get("end"),
            action=filters.get("action", ""),
        )
    return _render(request, entries, title=title, form=form, unit=unit)


@login_required
def timeline(request):
    """The menu's entry: the user's own unit (offices, school managers) or their own timeline (everyone else)."""
    if selectors.can_see_unit_timelines(request.user):
        return _unit_timeline(request, None, _("Nhật ký thay đổi"))
    if request.user.staff_id:
        return redirect("audit:person_timeline", pk=request.user.staff_id)
    raise Http404


@login_required
def unit_timeline(request, pk):
    unit = selectors.get_timeline_unit_for_user(request.user, pk)
    return _unit_timeline(request, unit, _("Nhật ký thay đổi — %(unit)s") % {"unit": unit.name})


@login_required
def person_timeline(request, pk):
    staff = scoping.get_staff_for_user(request.user, pk)
    entries = selectors.person_entries(user=request.user, staff=staff)
    return _render(request, entries, title=_("Nhật ký thay đổi — %(name)s") % {"name": staff.full_name}, staff=staff)

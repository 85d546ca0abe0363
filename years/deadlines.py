"""Deadline locking: after a deadline the matching actions close for everything below the unit that set it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import path_ids

from .models import Deadline, DeadlineReopening


def effective_deadline(*, year, kind, school):
    """The earliest deadline of ``kind`` set by the school or any unit above it, with this school's reopening.

    Returns (deadline, reopening) or (None, None) when nobody set one.
    """
    deadlines = list(
        Deadline.objects.filter(year=year, kind=kind, unit_id__in=path_ids(school.path)).order_by("due_date")
    )
    if not deadlines:
        return None, None
    reopenings = {
        reopening.deadline_id: reopening
        for reopening in DeadlineReopening.objects.filter(deadline__in=deadlines, school=school)
    }
    # The binding deadline is the one that closes first once reopenings are taken into account.
    best = min(deadlines, key=lambda d: reopenings[d.pk].until if d.pk in reopenings else d.due_date)
    return best, reopenings.get(best.pk)


def deadline_is_open(*, year, kind, school, on=None):
    on = on or timezone.localdate()
    deadline, reopening = effective_deadline(year=year, kind=kind, school=school)
    if deadline is None:
        return True
    last_day = reopening.until if reopening else deadline.due_date
    return on <= last_day


def deadline_closed_message(*, year, kind, school):
    deadline, reopening = effective_deadline(year=year, kind=kind, school=school)
    last_day = reopening.until if reopening else deadline.due_date
    return _("Đã quá hạn %(what)s (%(date)s). Liên hệ %(unit)s để được mở lại.") % {
        "what": deadline.get_kind_display().lower(),
        "date": last_day.strftime("%d/%m/%Y"),
        "unit": deadline.unit.name,
    }

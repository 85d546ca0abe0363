"""The one deadline lookup: after a deadline the matching actions close for everything below the unit that set it.

``deadline_index`` reads the deadlines set on the way down to a subtree and their reopenings in two queries,
``last_day`` resolves one unit against it in Python (the earliest last day wins, a reopening for the unit
included). Pages over many units call both; one unit goes through ``unit_last_day``.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.models import path_ids

from .models import Deadline, DeadlineKind, DeadlineReopening


def deadline_index(*, year, root, kinds):
    """({kind: {unit id: Deadline}}, {(deadline id, unit id): until}) for deadlines above or inside root."""
    deadlines = list(
        Deadline.objects.filter(year=year, kind__in=kinds)
        .filter(scoping.lineage_q(root, via="unit"))
        .only("id", "kind", "unit_id", "due_date")
    )
    by_kind = {kind: {} for kind in kinds}
    for deadline in deadlines:
        by_kind[deadline.kind][deadline.unit_id] = deadline
    reopenings = {}
    if deadlines:
        reopenings = {
            (deadline_id, unit_id): until
            for deadline_id, unit_id, until in DeadlineReopening.objects.filter(deadline__in=deadlines).values_list(
                "deadline_id", "school_id", "until"
            )
        }
    return by_kind, reopenings


def last_day(*, deadlines_by_unit, reopenings, path, unit_id):
    """The last day ``unit_id`` (with its ``path``) may act: the earliest over the deadlines set above it.

    Returns (date or None, whether a reopening decided it, the binding Deadline or None).
    """
    best, reopened, binding = None, False, None
    for ancestor in path_ids(path):
        deadline = deadlines_by_unit.get(ancestor)
        if deadline is None:
            continue
        until = reopenings.get((deadline.pk, unit_id))
        day = until or deadline.due_date
        if best is None or day < best:
            best, reopened, binding = day, until is not None, deadline
    return best, reopened, binding


def unit_last_day(*, year, kind, unit):
    """``last_day`` of one unit for one kind of deadline: (date or None, reopened, binding Deadline or None)."""
    by_kind, reopenings = deadline_index(year=year, root=unit, kinds=[kind])
    return last_day(deadlines_by_unit=by_kind[kind], reopenings=reopenings, path=unit.path, unit_id=unit.pk)


def effective_deadline(*, year, kind, school):
    """The deadline of ``kind`` that binds the school, with this school's reopening of it.

    Returns (deadline, reopening) or (None, None) when nobody set one.
    """
    _day, reopened, deadline = unit_last_day(year=year, kind=kind, unit=school)
    if deadline is None:
        return None, None
    return deadline, DeadlineReopening.objects.get(deadline=deadline, school=school) if reopened else None


def deadline_is_open(*, year, kind, school, on=None):
    day = unit_last_day(year=year, kind=kind, unit=school)[0]
    return day is None or (on or timezone.localdate()) <= day


def deadline_closed_message(*, year, kind, school):
    day, _reopened, deadline = unit_last_day(year=year, kind=kind, unit=school)
    return _("Đã quá hạn %(what)s (%(date)s). Liên hệ %(unit)s để được mở lại.") % {
        "what": deadline.get_kind_display().lower(),
        "date": day.strftime("%d/%m/%Y"),
        "unit": deadline.unit.name,
    }


@dataclass(frozen=True)
class EvaluationWindow:
    """Thời gian đánh giá, xếp loại of one unit: results are locked, certificates issued and reports sent from
    ``opens`` (the Sở's date, None when it set none), or earlier when a unit above opened it early (``early``)."""

    opens: object  # date or None
    deadline: Deadline | None
    early: DeadlineReopening | None
    on: object  # the day judged

    @property
    def is_open(self):
        return self.opens is None or self.on >= self.opens or self.early is not None


def evaluation_window(*, year, unit, on=None):
    """The evaluation window binding ``unit``: the latest start set above it (two queries)."""
    starts = list(
        Deadline.objects.filter(year=year, kind=DeadlineKind.EVALUATION_START, unit_id__in=path_ids(unit.path))
        .select_related("unit")
        .order_by("-due_date")
    )
    deadline = starts[0] if starts else None
    early = (
        DeadlineReopening.objects.filter(deadline=deadline, school=unit).select_related("granted_by").first()
        if deadline is not None
        else None
    )
    return EvaluationWindow(
        opens=deadline.due_date if deadline else None,
        deadline=deadline,
        early=early,
        on=on or timezone.localdate(),
    )


def evaluation_closed_message(window, *, what, setter=False):
    """Why ``what`` (a step such as "xác nhận kết quả") is refused before the window, and whom to ask (``setter``:
    the unit refused set the date itself, so it changes it instead)."""
    if setter:
        then = _("Đơn vị đặt ngày này ở trang năm học và đổi được khi cần.")
    else:
        then = _("Nếu đơn vị đã hoàn thành sớm, hãy đề nghị đơn vị cấp trên mở sớm.")
    return (
        _("Chưa đến thời gian đánh giá, xếp loại: %(what)s được thực hiện từ ngày %(date)s (%(unit)s đặt).")
        % {
            "what": what,
            "date": window.opens.strftime("%d/%m/%Y"),
            "unit": window.deadline.unit.name,
        }
        + " "
        + then
    )


def require_evaluation_window(*, year, unit, what, error):
    """Raise ``error`` (the caller's DomainError class) when ``unit`` is before its evaluation window."""
    window = evaluation_window(year=year, unit=unit)
    if not window.is_open:
        raise error(evaluation_closed_message(window, what=what, setter=window.deadline.unit_id == unit.pk))


def document_day(*, year, kind, unit):
    """The date a paper of ``year`` is dated: today while the year runs; for a year that is over, the last day of the
    step the paper records (``kind``, a DeadlineKind) for ``unit``, so a 2018–2019 report printed today still reads
    as of its year (today when nobody set that deadline)."""
    if year.is_over:
        day = unit_last_day(year=year, kind=kind, unit=unit)[0]
        if day is not None:
            return day
    return timezone.localdate()

"""Training years, their deadlines and the per-school reopenings of a deadline.

Writes are keyword-only services raising ``YearError``; the small reads the year pages need live here too.
Who may do what:
- a Sở officer (or a system admin) creates and edits the years of their Sở, picks the current one and sets
  the Sở's deadlines (all six kinds);
- a Phòng officer sets the Phòng's own deadlines (the four school-level kinds), never later than the Sở's;
- the unit that set a deadline (its officers, or an admin) reopens it for one school of its subtree.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.models import MIDDLE_TIER_KINDS, OrgUnit, Role
from accounts.permissions import Cap, can
from accounts.services import freeze_tree
from audit import services as audit
from core.errors import DomainError

from . import signals
from .deadlines import evaluation_window
from .models import Deadline, DeadlineKind, DeadlineReopening, Ruleset, TrainingYear, last_ended_start_year
from .rulesets import default_ruleset, regime
from .selectors import department_of, years_visible_to


class YearError(DomainError):
    """A translatable error about training years and deadlines, shown to the user as a message.

    ``field`` names the form field the error belongs to, when it is about one input.
    """

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


# The order deadlines must follow inside one year.
DEADLINE_ORDER = [
    DeadlineKind.PLAN_SUBMIT,
    DeadlineKind.PLAN_APPROVE,
    DeadlineKind.EVALUATION_START,
    DeadlineKind.EVALUATION_END,
    DeadlineKind.SCHOOL_REPORT,
    DeadlineKind.DISTRICT_REPORT,
    DeadlineKind.DEPARTMENT_REPORT,
]
# Kinds a Phòng may tighten for its schools, and the kinds that can be reopened for one school. The start of the
# evaluation is the Sở's alone; a unit above a school opens it early instead (``evaluation_open_early``).
DISTRICT_KINDS = [
    DeadlineKind.PLAN_SUBMIT,
    DeadlineKind.PLAN_APPROVE,
    DeadlineKind.EVALUATION_END,
    DeadlineKind.SCHOOL_REPORT,
]
SCHOOL_KINDS = DISTRICT_KINDS

MIN_START_YEAR, MAX_START_YEAR = 2000, 2100
MAX_QUOTA = 500


def today():
    """The local date reopenings are judged against (a function so tests can fix it)."""
    return timezone.localdate()


# --- permissions -------------------------------------------------------------------------------------------


def can_create_years(user):
    return can(user, Cap.SET_UP) and (user.is_admin_role or user.unit_id is not None)


def can_manage_year(user, year):
    """Sở officer of the year's Sở, or a system admin."""
    return can(user, Cap.SET_UP, year.department)


def deadline_unit_for(user, year):
    """The unit whose deadlines the user sets for this year (the Sở or their Phòng), or None."""
    if not user.is_authenticated:
        return None
    if can_manage_year(user, year):
        return year.department
    unit = user.unit if user.unit_id else None
    is_middle_tier = user.role == Role.DISTRICT_OFFICER and unit is not None and unit.is_middle_tier
    if is_middle_tier and unit.is_within(year.department):
        return unit
    return None


def kinds_for_unit(unit):
    """Deadline kinds a unit may set: all six for the Sở, the four school-level ones for a Phòng or UBND xã."""
    if unit.is_middle_tier:
        return list(DISTRICT_KINDS)
    return list(DEADLINE_ORDER)


def read_only_message(year):
    """Why nothing is set, submitted or reminded in a year whose units were restructured since."""
    return _(
        "Năm học %(year)s đã kết thúc và các đơn vị đã được sắp xếp lại sau đó: số liệu được giữ như khi đó để xem, "
        "không đặt thời hạn, nộp hay nhắc báo cáo nữa."
    ) % {"year": year.name}


def can_reopen(user, deadline):
    """Officers of the unit that set the deadline (or an admin), for school-level kinds only, in a year still open."""
    return deadline.kind in SCHOOL_KINDS and not deadline.year.is_read_only and can(user, Cap.REOPEN, deadline.unit)


def can_open_evaluation_early(user, unit, year):
    """An office above ``unit`` (its UBND xã / Phòng or the Sở) or an admin, in a year still open."""
    if year.is_read_only or not user.is_authenticated:
        return False
    above = can(user, Cap.REOPEN) and can(user, Cap.MONITOR, unit) and user.unit_id != unit.pk
    return user.is_admin_role or above


# --- reads -------------------------------------------------------------------------------------------------


def get_year_for_user(user, pk):
    """A year of the user's Sở (any year for admins); 404 otherwise."""
    return scoping.get_in_scope_or_404(years_visible_to(user=user).select_related("department"), pk)


def get_rw_year_for_user(user, pk):
    """A year the user may edit: 404 outside their Sở, 403 when visible but not theirs to change."""
    year = get_year_for_user(user, pk)
    if not can_manage_year(user, year):
        raise PermissionDenied
    return year


def deadlines_of_unit(*, year, unit):
    """{kind: Deadline} set by one unit for the year."""
    return {deadline.kind: deadline for deadline in Deadline.objects.filter(year=year, unit=unit)}


def ancestor_deadlines(*, year, unit):
    """{kind: earliest due date} set by the units strictly above ``unit`` (one query)."""
    earliest = {}
    for kind, due_date in Deadline.objects.filter(year=year, unit_id__in=unit.ancestor_ids).values_list(
        "kind", "due_date"
    ):
        if kind not in earliest or due_date < earliest[kind]:
            earliest[kind] = due_date
    return earliest


def reopenable_schools(*, user, deadline):
    """Schools of the deadline unit's subtree that the user sees."""
    return (
        scoping.visible_schools(user)
        .filter(scoping.subtree_q(deadline.unit), is_active=True)
        .only("id", "name", "code", "path")
        .order_by("name")
    )


@dataclass
class DeadlineRow:
    kind: str
    label: str
    own: Deadline | None  # set by the unit being looked at
    inherited: object  # earliest date set above it (date or None)
    editable: bool

    @property
    def effective(self):
        dates = [d for d in (self.own.due_date if self.own else None, self.inherited) if d]
        return min(dates) if dates else None


def deadline_table(*, year, unit):
    """For each kind: the unit's own deadline and the earliest one set above it (two queries)."""
    own = deadlines_of_unit(year=year, unit=unit)
    above = ancestor_deadlines(year=year, unit=unit)
    editable = set(kinds_for_unit(unit)) if unit.is_office else set()
    return [
        DeadlineRow(
            kind=kind,
            label=DeadlineKind(kind).label,
            own=own.get(kind),
            inherited=above.get(kind),
            editable=kind in editable,
        )
        for kind in DEADLINE_ORDER
    ]


@dataclass
class SchoolDeadline:
    kind: str
    label: str
    deadline: Deadline | None  # the binding one
    until: object  # the last day (a reopening's date when one applies)
    reopened: bool


def school_deadlines(*, year, school):
    """The school-level deadlines binding one school, reopenings included (two queries)."""
    deadlines = list(
        Deadline.objects.filter(year=year, kind__in=SCHOOL_KINDS, unit_id__in=school.ancestor_ids).select_related(
            "unit"
        )
    )
    reopened = dict(
        DeadlineReopening.objects.filter(deadline__in=deadlines, school=school).values_list("deadline_id", "until")
    )
    rows = []
    for kind in SCHOOL_KINDS:
        best, best_day = None, None
        for deadline in deadlines:
            if deadline.kind != kind:
                continue
            day = reopened.get(deadline.pk, deadline.due_date)
            if best_day is None or day < best_day:
                best, best_day = deadline, day
        rows.append(
            SchoolDeadline(
                kind=kind,
                label=DeadlineKind(kind).label,
                deadline=best,
                until=best_day,
                reopened=best is not None and best.pk in reopened,
            )
        )
    return rows


# --- years -------------------------------------------------------------------------------------------------


def _clean_year_fields(*, start_year, ruleset, quotas):
    """The year's fields checked against its regime: the regime fits the start year and the hours fit the regime."""
    if not isinstance(start_year, int) or not MIN_START_YEAR <= start_year <= MAX_START_YEAR:
        raise YearError(
            _("Năm bắt đầu phải là một số từ %(low)s đến %(high)s.") % {"low": MIN_START_YEAR, "high": MAX_START_YEAR}
        )
    if ruleset not in Ruleset.values:
        raise YearError(_("Quy chế không hợp lệ."))
    expected = default_ruleset(start_year)
    if expected is not None and ruleset != expected:
        raise YearError(
            _("Năm học %(name)s thực hiện theo %(expected)s; chỉ năm học 2019–2020 được chọn quy chế.")
            % {"name": f"{start_year}–{start_year + 1}", "expected": regime(expected).short_name}
        )
    labels = regime(ruleset)
    for number, quota in enumerate(quotas, start=1):
        if not isinstance(quota, int) or isinstance(quota, bool) or not 0 < quota <= MAX_QUOTA:
            raise YearError(
                _("Số tiết %(label)s phải là số nguyên dương, không quá %(max)s.")
                % {"label": labels.content_label(number).lower(), "max": MAX_QUOTA}
            )
    errors = labels.quota_errors(quotas)
    if errors:
        raise YearError(" ".join(errors))


def _duplicate_message(start_year):
    return _("Năm học %(name)s đã có.") % {"name": f"{start_year}–{start_year + 1}"}


def freeze_past_trees():
    """Before the tree changes, keep it as the tree of every school year that has ended (its June is over, and it is
    no longer current) and has not kept one yet, so a Phòng dissolved on 1/7/2025 still heads its schools in
    2024–2025 and before."""
    last_ended = last_ended_start_year(today())
    # A year still marked current is still worked on (late reports, reopenings): it follows today's tree.
    ended = TrainingYear.objects.filter(start_year__lte=last_ended, is_current=False)
    freeze_tree(list(ended.values_list("start_year", flat=True).distinct()))
    ended.filter(tree_kept=False).update(tree_kept=True)


def year_defaults(start_year, ruleset=None):
    """(ruleset, quotas) a new year starting in ``start_year`` gets: its regime's, or (None, None) for 2019."""
    ruleset = ruleset or default_ruleset(start_year)
    if ruleset is None:
        return None, None
    return ruleset, regime(ruleset).default_quotas


def year_create(
    *,
    department,
    start_year,
    by,
    ruleset=None,
    quota_content1=None,
    quota_content2=None,
    quota_content3=None,
    hours_required=True,
):
    """Mở năm học mới for a Sở. The Sở's first year becomes its current year; its plans complete only with their
    planned tiết confirmed unless ``hours_required`` is turned off.

    The regime defaults by start year (2019–2020 must be chosen); unset hours take the regime's; the regime's
    default deadlines (TT 19: plans by 31/5, school plans in June, the report to the Bộ) are set with their source,
    those not already past.
    """
    if department is None or department.kind != OrgUnit.Kind.DEPARTMENT:
        raise YearError(_("Chỉ Sở GD&ĐT mới có năm học."))
    if not (by.is_admin_role or (by.role == Role.DEPARTMENT_OFFICER and by.unit_id == department.pk)):
        raise YearError(_("Chỉ chuyên viên Sở mới được mở năm học."))
    if isinstance(start_year, int) and ruleset is None:
        ruleset = default_ruleset(start_year)
        if ruleset is None:
            raise YearError(
                _(
                    "Năm học 2019–2020 chuyển quy chế giữa năm (Thông tư 19/2019 có hiệu lực từ 28/12/2019): "
                    "hãy chọn quy chế."
                )
            )
    if ruleset in Ruleset.values:
        defaults = regime(ruleset).default_quotas
        quotas = tuple(
            given if given is not None else default
            for given, default in zip((quota_content1, quota_content2, quota_content3), defaults, strict=True)
        )
    else:
        quotas = (quota_content1, quota_content2, quota_content3)
    _clean_year_fields(start_year=start_year, ruleset=ruleset, quotas=quotas)
    if TrainingYear.objects.filter(department=department, start_year=start_year).exists():
        raise YearError(_duplicate_message(start_year))
    try:
        with transaction.atomic():
            first = not TrainingYear.objects.filter(department=department).exists()
            year = TrainingYear.objects.create(
                department=department,
                start_year=start_year,
                ruleset=ruleset,
                quota_content1=quotas[0],
                quota_content2=quotas[1],
                quota_content3=quotas[2],
                is_current=first,
                hours_required=hours_required,
            )
            # A default already past when the year is opened is left unset: it would close the step at once.
            today = timezone.localdate()
            Deadline.objects.bulk_create(
                Deadline(year=year, kind=d.kind, unit=department, due_date=d.date_for(start_year), source=str(d.source))
                for d in year.regime.default_deadlines
                if d.date_for(start_year) >= today
            )
            return year
    except IntegrityError:
        raise YearError(_duplicate_message(start_year)) from None


def year_update(
    *,
    year,
    by,
    start_year,
    ruleset,
    quota_content1,
    quota_content2,
    quota_content3,
    exemption_decision_number=None,
    exemption_decision_date=None,
    exemption_decision_reason=None,
    hours_required=None,
):
    """Sửa năm học. The regime of a year that has plans never changes: its records were made under it.

    The exemption decision (số, ngày, lý do) is all or nothing; None leaves it as it is, as for ``hours_required``
    (results count it when next computed: at a score saved, a log confirmed, the school's confirmation).
    """
    if not can_manage_year(by, year):
        raise YearError(_("Chỉ chuyên viên Sở mới được sửa năm học."))
    quotas = (quota_content1, quota_content2, quota_content3)
    _clean_year_fields(start_year=start_year, ruleset=ruleset, quotas=quotas)
    if ruleset != year.ruleset and year.plans.exists():
        raise YearError(
            _("Năm học %(name)s đã có kế hoạch cá nhân lập theo %(regime)s nên không đổi quy chế được.")
            % {"name": year.name, "regime": year.regime.short_name}
        )
    clash = TrainingYear.objects.filter(department_id=year.department_id, start_year=start_year).exclude(pk=year.pk)
    if clash.exists():
        raise YearError(_duplicate_message(start_year))
    if start_year != year.start_year and year.deadlines.exists():
        raise YearError(_("Năm học đã có thời hạn: hãy xoá các thời hạn trước khi đổi năm bắt đầu."))
    fields = ["start_year", "ruleset", "quota_content1", "quota_content2", "quota_content3"]
    decision = (exemption_decision_number, exemption_decision_date, exemption_decision_reason)
    if any(value is not None for value in decision):
        number, date, reason = (
            (exemption_decision_number or "").strip(),
            exemption_decision_date,
            (exemption_decision_reason or "").strip(),
        )
        if (number or date or reason) and not (number and date and reason):
            raise YearError(_("Quyết định cho phép miễn cần đủ số, ngày và lý do (hoặc để trống cả ba)."))
        year.exemption_decision_number, year.exemption_decision_date = number, date
        year.exemption_decision_reason = reason
        fields += ["exemption_decision_number", "exemption_decision_date", "exemption_decision_reason"]
    if hours_required is not None:
        year.hours_required = hours_required
        fields.append("hours_required")
    year.start_year, year.ruleset = start_year, ruleset
    year.quota_content1, year.quota_content2, year.quota_content3 = quotas
    try:
        with transaction.atomic():
            year.save(update_fields=fields)
    except IntegrityError:
        raise YearError(_duplicate_message(start_year)) from None
    return year


def year_set_current(*, year, by):
    """Make ``year`` the Sở's current year; the previous one stays readable. Idempotent."""
    if not can_manage_year(by, year):
        raise YearError(_("Chỉ chuyên viên Sở mới được chọn năm học hiện tại."))
    with transaction.atomic():
        # Lock the Sở's years so two officers switching at once serialise here.
        list(TrainingYear.objects.select_for_update().filter(department_id=year.department_id).values_list("pk"))
        # Clear first, then set: the partial unique constraint allows one current year per Sở at every moment.
        TrainingYear.objects.filter(department_id=year.department_id, is_current=True).exclude(pk=year.pk).update(
            is_current=False
        )
        TrainingYear.objects.filter(pk=year.pk).update(is_current=True)
    year.is_current = True
    return year


# --- deadlines ---------------------------------------------------------------------------------------------


def _fmt(day):
    return day.strftime("%d/%m/%Y")


def _label(kind):
    return str(DeadlineKind(kind).label)


def deadline_set(*, year, unit, dates, by):
    """Set the deadlines ``unit`` gives everything below it: ``dates`` maps kind → date (None removes it).

    Kinds missing from ``dates`` are left as they are. Validated before anything is written:
    - a Phòng sets only the school-level kinds, each no later than the deadline set above it;
    - the dates fall in the school year (start_year or the year after);
    - the effective dates (own or the earlier one above) follow DEADLINE_ORDER.
    """
    if deadline_unit_for(by, year) != unit:
        raise YearError(_("Bạn không được đặt thời hạn cho đơn vị này."))
    if year.is_read_only:
        raise YearError(read_only_message(year))
    allowed = set(kinds_for_unit(unit))
    for kind, day in dates.items():
        if kind not in DeadlineKind.values:
            raise YearError(_("Loại thời hạn không hợp lệ."))
        if kind not in allowed and day is not None:
            raise YearError(_("Đơn vị của bạn không đặt được thời hạn “%(kind)s”.") % {"kind": _label(kind)})
    for kind, day in dates.items():
        if day is not None and day.year not in (year.start_year, year.start_year + 1):
            raise YearError(
                _("Thời hạn “%(kind)s” (%(date)s) phải nằm trong năm học %(year)s.")
                % {"kind": _label(kind), "date": _fmt(day), "year": year.name}
            )

    with transaction.atomic():
        own = {
            deadline.kind: deadline for deadline in Deadline.objects.select_for_update().filter(year=year, unit=unit)
        }
        above = ancestor_deadlines(year=year, unit=unit)
        wanted = {kind: deadline.due_date for kind, deadline in own.items()}
        wanted.update({kind: day for kind, day in dates.items() if kind in allowed})

        for kind, day in wanted.items():
            if day is not None and kind in above and day > above[kind]:
                raise YearError(
                    _("Thời hạn “%(kind)s” (%(date)s) không được muộn hơn thời hạn cấp trên đã đặt (%(above)s).")
                    % {"kind": _label(kind), "date": _fmt(day), "above": _fmt(above[kind])}
                )
        effective = {}
        for kind in DEADLINE_ORDER:
            candidates = [d for d in (wanted.get(kind), above.get(kind)) if d is not None]
            if candidates:
                effective[kind] = min(candidates)
        ordered = [kind for kind in DEADLINE_ORDER if kind in effective]
        for index, earlier in enumerate(ordered):
            for later in ordered[index + 1 :]:
                if effective[later] < effective[earlier]:
                    raise YearError(
                        _(
                            "Thời hạn “%(later)s” (%(later_date)s) không được sớm hơn "
                            "thời hạn “%(earlier)s” (%(earlier_date)s)."
                        )
                        % {
                            "later": _label(later),
                            "later_date": _fmt(effective[later]),
                            "earlier": _label(earlier),
                            "earlier_date": _fmt(effective[earlier]),
                        }
                    )

        for kind, day in wanted.items():
            current = own.get(kind)
            if day is None:
                if current is not None:
                    current.delete()
            elif current is None:
                Deadline.objects.create(year=year, kind=kind, unit=unit, due_date=day)
            elif current.due_date != day:
                # The unit's own date now: the default's source no longer applies.
                current.due_date, current.source = day, ""
                current.save(update_fields=["due_date", "source"])
    return deadlines_of_unit(year=year, unit=unit)


@dataclass
class ReopenLimit:
    until: object  # the last day the units above leave the school
    unit: OrgUnit  # the unit whose deadline (or reopening) gives that day


def reopen_limit(*, deadline, school):
    """How far the unit that set ``deadline`` may reopen it for ``school``, or None when nobody above binds it.

    The same kind set strictly above the deadline's unit still closes the school on its own date (or on the
    date it reopened for that school): years.deadlines takes the earliest, so no reopening can go past it.
    """
    candidates = list(
        Deadline.objects.filter(
            year_id=deadline.year_id, kind=deadline.kind, unit_id__in=deadline.unit.ancestor_ids
        ).select_related("unit")
    )
    if not candidates:
        return None
    reopened = dict(
        DeadlineReopening.objects.filter(deadline__in=candidates, school=school).values_list("deadline_id", "until")
    )
    binding = min(candidates, key=lambda d: reopened.get(d.pk, d.due_date))
    return ReopenLimit(until=reopened.get(binding.pk, binding.due_date), unit=binding.unit)


def deadline_reopen(*, deadline, school, until, reason, by):
    """Mở lại a deadline for one school until a new date; a second reopening replaces the first."""
    if deadline.year.is_read_only:
        raise YearError(read_only_message(deadline.year))
    if not can_reopen(by, deadline):
        raise YearError(_("Chỉ đơn vị đã đặt thời hạn này mới được mở lại cho trường."))
    if school.kind != OrgUnit.Kind.SCHOOL or not school.is_within(deadline.unit):
        raise YearError(_("Trường này không thuộc phạm vi của đơn vị đã đặt thời hạn."))
    reason = (reason or "").strip()
    if not reason:
        raise YearError(_("Hãy ghi lý do mở lại thời hạn."))
    if until <= deadline.due_date:
        raise YearError(
            _("Ngày mở lại đến phải sau hạn cuối hiện tại (%(date)s).") % {"date": _fmt(deadline.due_date)},
            field="until",
        )
    if until < today():
        raise YearError(
            _("Ngày mở lại đến (%(date)s) đã qua: hãy chọn từ hôm nay (%(today)s) trở đi.")
            % {"date": _fmt(until), "today": _fmt(today())},
            field="until",
        )
    limit = reopen_limit(deadline=deadline, school=school)
    if limit is not None and until > limit.until:
        # The unit above still closes the school on its own date: granting more would be announced but not true.
        raise YearError(
            _(
                "%(unit)s chỉ mở lại được đến ngày %(limit)s: sau ngày đó trường bị khoá theo thời hạn của "
                "%(above)s. Hãy chọn ngày không muộn hơn %(limit)s, hoặc đề nghị %(above)s mở lại cho trường."
            )
            % {"unit": deadline.unit.name, "limit": _fmt(limit.until), "above": limit.unit.name},
            field="until",
        )
    reopening, _created = DeadlineReopening.objects.update_or_create(
        deadline=deadline, school=school, defaults={"until": until, "reason": reason, "granted_by": by}
    )
    audit.record("years.deadline.reopened", actor=by, obj=deadline, unit=school, after=_fmt(until), reason=reason)
    signals.deadline_reopened.send(DeadlineReopening, reopening=reopening)
    return reopening


def deadline_reopening_cancel(*, reopening, by):
    """Huỷ mở lại: the school is bound by the deadline again."""
    if not can_reopen(by, reopening.deadline):
        raise YearError(_("Chỉ đơn vị đã đặt thời hạn này mới được huỷ việc mở lại."))
    audit.record(
        "years.deadline.reopening_cancelled",
        actor=by,
        obj=reopening.deadline,
        unit=reopening.school_id,
        before=_fmt(reopening.until),
    )
    reopening.delete()


def evaluation_open_early(*, year, unit, reason, by):
    """Mở sớm đánh giá, xếp loại for one unit: it may lock results, issue certificates and send its report before
    the Sở's start date. Refused once the window is open anyway; recorded with its reason."""
    if year.is_read_only:
        raise YearError(read_only_message(year))
    if not can_open_evaluation_early(by, unit, year):
        raise YearError(_("Chỉ đơn vị cấp trên của %(unit)s mới mở sớm được đánh giá, xếp loại.") % {"unit": unit.name})
    window = evaluation_window(year=year, unit=unit, on=today())
    if window.is_open:
        raise YearError(_("%(unit)s đã ở trong thời gian đánh giá, xếp loại: không cần mở sớm.") % {"unit": unit.name})
    reason = (reason or "").strip()
    if not reason:
        raise YearError(_("Hãy ghi lý do mở sớm đánh giá, xếp loại."), field="reason")
    # Stored as a reopening of the start date: ``until`` is the day the window opens for everyone anyway.
    opening = DeadlineReopening.objects.create(
        deadline=window.deadline, school=unit, until=window.opens, reason=reason, granted_by=by
    )
    audit.record("years.evaluation.opened_early", actor=by, obj=window.deadline, unit=unit, reason=reason)
    return opening


def evaluation_early_cancel(*, year, unit, by):
    """Undo ``evaluation_open_early``: the unit waits for the Sở's date again (what it already did stays done)."""
    if not can_open_evaluation_early(by, unit, year):
        raise YearError(_("Chỉ đơn vị cấp trên của %(unit)s mới huỷ được việc mở sớm.") % {"unit": unit.name})
    window = evaluation_window(year=year, unit=unit, on=today())
    if window.early is None:
        raise YearError(_("%(unit)s chưa được mở sớm đánh giá, xếp loại.") % {"unit": unit.name})
    audit.record("years.evaluation.early_cancelled", actor=by, obj=window.deadline, unit=unit)
    window.early.delete()


def reopenings_by_unit(*, year, unit):
    """Reopenings of the deadlines ``unit`` set this year, with the school and who granted them."""
    return (
        DeadlineReopening.objects.filter(deadline__year=year, deadline__unit=unit)
        .exclude(deadline__kind=DeadlineKind.EVALUATION_START)
        .select_related("deadline", "school", "granted_by")
        .order_by("deadline__due_date", "school__name")
    )


# A reopening that ends within this many days is "sắp hết hạn": the unit that granted it hears of it on its home.
EXPIRING_DAYS = 7


def expiring_reopenings(*, year, unit, on=None):
    """``reopenings_by_unit`` ending between ``on`` (today) and EXPIRING_DAYS later."""
    from datetime import timedelta

    on = on or today()
    return reopenings_by_unit(year=year, unit=unit).filter(until__gte=on, until__lte=on + timedelta(days=EXPIRING_DAYS))


def early_openings(*, year, user):
    """The units opened early for evaluation this year that the user sees, with who opened them and why."""
    return (
        DeadlineReopening.objects.filter(deadline__year=year, deadline__kind=DeadlineKind.EVALUATION_START)
        .filter(school__in=scoping.visible_units(user))
        .select_related("deadline", "school", "granted_by")
        .order_by("school__name")
    )


def window_of(*, user, year, unit):
    """The evaluation window of ``unit`` as a page shows it: the window and whether the user may open it early."""
    window = evaluation_window(year=year, unit=unit, on=today())
    return {"window": window, "unit": unit, "year": year, "can_open_early": can_open_evaluation_early(user, unit, year)}


def district_reopenings(*, year, user):
    """The Phòng's reopenings for their schools this year, as the Sở reads them on its year page.

    Each row carries ``capped_at``: the Sở's date for that school when a reopening (granted before such dates
    were refused) goes past it, else None. Three queries whatever the number of rows.
    """
    reopenings = list(
        DeadlineReopening.objects.filter(
            deadline__year=year,
            deadline__unit__kind__in=MIDDLE_TIER_KINDS,
            deadline__unit__in=scoping.visible_units(user),
        )
        .select_related("deadline__unit", "school", "granted_by")
        .order_by("deadline__unit__name", "deadline__due_date", "school__name")
    )
    if not reopenings:
        return []
    above = list(
        Deadline.objects.filter(year=year, unit__kind=OrgUnit.Kind.DEPARTMENT, kind__in=SCHOOL_KINDS).values_list(
            "pk", "unit_id", "kind", "due_date"
        )
    )
    reopened = dict(
        (((deadline_id, school_id), until))
        for deadline_id, school_id, until in DeadlineReopening.objects.filter(
            deadline_id__in=[row[0] for row in above], school_id__in={r.school_id for r in reopenings}
        ).values_list("deadline_id", "school_id", "until")
    )
    for reopening in reopenings:
        days = [
            reopened.get((pk, reopening.school_id), due_date)
            for pk, unit_id, kind, due_date in above
            if kind == reopening.deadline.kind and unit_id in reopening.deadline.unit.ancestor_ids
        ]
        limit = min(days) if days else None
        reopening.capped_at = limit if limit is not None and reopening.until > limit else None
    return reopenings


def department_for_user(user):
    """The Sở a user creates years for (None for admins, who choose)."""
    return department_of(user.unit) if user.unit_id else None

"""The report chain: a school reports its year to its superior (Phòng, or the Sở for THPT/GDTX and provinces
without Phòng), the Phòng aggregates its schools for the Sở, the Sở reports to the Ministry.

Life of a report (one ``UnitReport`` per unit and year)::

    (none) ── report_submit ──► SUBMITTED ── report_accept ──► ACCEPTED
                                  │   ▲                          │
                   report_return  ▼   │ report_submit            │ report_return (while the superior's own
                                RETURNED ◄───────────────────────┘  report is not yet sent up)

Every transition is checked against the current status under a row lock, so a double-clicked button gets a
clear error instead of a second submission, and is recorded (who, when, from, to, comment; a submission also
keeps its snapshot). The snapshot is JSON taken at submission: later score changes never alter a sent report.

- A school submits only once its results are confirmed (``assessment.selectors.is_locked``); its snapshot is the
  list of people with average and class.
- A Phòng or Sở submits the reports its units sent and it accepted. Reports still waiting for its review must be
  accepted or returned first; units that have not reported (or were returned) may be left out only when the
  officer confirms it (``allow_missing``): the snapshot lists who was included and who was missing.
- The Sở's report to the Ministry is the table of reports.chain_selectors.results_table over the province.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import MIDDLE_TIER_KINDS, OFFICE_ROLES, OrgUnit, Role
from assessment.selectors import is_locked
from audit import services as audit
from core.errors import DomainError
from years.deadlines import require_evaluation_window
from years.models import DeadlineKind
from years.selectors import department_of
from years.services import read_only_message

from . import chain_selectors as selectors
from .models import NOT_SUBMITTED, NoticeKind, ReportStatus, ReportTransition, UnitReport

SNAPSHOT_VERSION = 1
SUBMITTED_ACTION = "bdtx.report.submitted"
RETURNED_ACTION = "bdtx.report.returned"
ACCEPTED_ACTION = "bdtx.report.accepted"
ACTION_LABELS = {
    SUBMITTED_ACTION: gettext_lazy("Nộp báo cáo"),
    RETURNED_ACTION: gettext_lazy("Trả lại báo cáo"),
    ACCEPTED_ACTION: gettext_lazy("Tiếp nhận báo cáo"),
}


class ReportError(DomainError):
    """An expected refusal of the report chain, with a Vietnamese message for the user."""


class MissingUnitsError(ReportError):
    """Some units have not reported: the office may still submit, once it confirms leaving them out."""

    def __init__(self, message, units):
        super().__init__(message)
        self.units = units


def _when(moment):
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _unit_brief(unit):
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "kind": unit.kind}


def report_url(unit):
    return reverse("reports:chain_unit", args=[unit.pk])


# ---------------------------------------------------------------------------------------------------------------
# Snapshots
# ---------------------------------------------------------------------------------------------------------------


def _school_snapshot(*, school, year):
    if not is_locked(school=school, year=year):
        raise ReportError(
            _(
                "Kết quả BDTX của trường chưa được xác nhận. Hãy xác nhận kết quả (mục “Xác nhận kết quả”) "
                "rồi nộp báo cáo."
            )
        )
    rows = selectors.school_report_rows(school=school, year=year)
    return {"rows": rows, "counts": selectors.counts_from_rows(rows)}


def _included_units(*, unit, year, allow_missing):
    """(accepted reports of the units reporting to ``unit``, the units left out) or a ReportError."""
    children = list(
        OrgUnit.objects.filter(
            parent=unit, is_active=True, kind__in=[OrgUnit.Kind.SCHOOL, *MIDDLE_TIER_KINDS]
        ).order_by("path")
    )
    by_id = {child.pk: child for child in children}
    reports = {}
    for report in UnitReport.objects.filter(year=year, unit__in=children):
        report.unit = by_id[report.unit_id]
        reports[report.unit_id] = report
    waiting = [child for child in children if getattr(reports.get(child.pk), "status", None) == ReportStatus.SUBMITTED]
    if waiting:
        raise ReportError(
            _("Còn báo cáo chờ đơn vị bạn xem xét: %(units)s. Hãy tiếp nhận hoặc trả lại trước khi nộp.")
            % {"units": ", ".join(child.name for child in waiting)}
        )
    missing = [child for child in children if getattr(reports.get(child.pk), "status", None) != ReportStatus.ACCEPTED]
    if missing and not allow_missing:
        raise MissingUnitsError(
            _("Còn %(n)s đơn vị chưa có báo cáo được tiếp nhận: %(units)s.")
            % {"n": len(missing), "units": ", ".join(child.name for child in missing)},
            missing,
        )
    included = [reports[child.pk] for child in children if child not in missing]
    return included, [
        {**_unit_brief(child), "status": getattr(reports.get(child.pk), "status", NOT_SUBMITTED)} for child in missing
    ]


def _included_brief(report):
    counts = report.snapshot.get("counts", {})
    people = sum(n for audiences in counts.values() for by_class in audiences.values() for n in by_class.values())
    return {
        **_unit_brief(report.unit),
        "report_id": report.pk,
        "version": report.version,
        "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
        "people": people,
        "counts": counts,
    }


def _office_snapshot(*, unit, year, allow_missing):
    included, missing = _included_units(unit=unit, year=year, allow_missing=allow_missing)
    if unit.is_middle_tier and not included:
        raise ReportError(_("Chưa có báo cáo nào của các trường được tiếp nhận nên chưa có gì để tổng hợp."))
    snapshot = {"included": [_included_brief(report) for report in included], "missing": missing}
    # Every level, the Sở's table for the Bộ included, adds up the reports it accepted: what each unit signed.
    snapshot["counts"] = selectors.merge_counts(*(report.snapshot.get("counts", {}) for report in included))
    snapshot["source"] = "reports"
    return snapshot


def build_snapshot(*, unit, year, allow_missing=False):
    if unit.kind == OrgUnit.Kind.SCHOOL:
        body = _school_snapshot(school=unit, year=year)
    else:
        body = _office_snapshot(unit=unit, year=year, allow_missing=allow_missing)
    return {
        "format": SNAPSHOT_VERSION,
        "taken_at": timezone.now().isoformat(),
        "unit": _unit_brief(unit),
        "year": {"id": year.pk, "name": year.name, "ruleset": year.ruleset},
        **body,
    }


# ---------------------------------------------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------------------------------------------


def _record(report, *, action, from_status, by, at, comment="", snapshot=None):
    # The audit code drops the old "bdtx." prefix: reports.report.submitted, …returned, …accepted.
    audit.record(f"reports.{action.removeprefix('bdtx.')}", actor=by, obj=report, unit=report.unit_id, reason=comment)
    return ReportTransition.objects.create(
        report=report,
        action=action,
        from_status=from_status,
        to_status=report.status,
        by=by,
        at=at,
        comment=comment,
        snapshot=snapshot,
    )


def _locked_report(report):
    return UnitReport.objects.select_for_update().select_related("unit", "year").get(pk=report.pk)


def _notify_after(users, **message):
    from .notifications import notify  # notifications imports this module

    notify(users=users, kind=NoticeKind.REPORT, **message)


def report_submit(*, unit, year, user, allow_missing=False, reason=""):
    """Send ``unit``'s report for ``year`` to its superior (see the module docstring for the rules). Sent with
    units left out (``allow_missing``), it needs the ``reason``, recorded with the submission."""
    kind = selectors.report_kind_for(unit)
    if kind is None:
        raise ReportError(_("Đơn vị này không nộp báo cáo kết quả BDTX."))
    if not selectors.can_submit(user=user, unit=unit):
        raise ReportError(_("Chỉ lãnh đạo hoặc chuyên viên của chính đơn vị mới được nộp báo cáo của đơn vị."))
    department = department_of(unit)
    if department is None or department.pk != year.department_id:
        raise ReportError(_("Năm học này không thuộc Sở GD&ĐT của đơn vị."))
    if year.is_read_only:
        raise ReportError(read_only_message(year))
    require_evaluation_window(year=year, unit=unit, what=_("nộp báo cáo kết quả BDTX"), error=ReportError)
    now = timezone.now()
    with transaction.atomic():
        report = UnitReport.objects.select_for_update().filter(year=year, unit=unit).first()
        if report is not None and report.status == ReportStatus.SUBMITTED:
            raise ReportError(
                _("Báo cáo đã được nộp lúc %(at)s và đang chờ cấp trên xem xét.") % {"at": _when(report.submitted_at)}
            )
        if report is not None and report.status == ReportStatus.ACCEPTED:
            raise ReportError(
                _("Báo cáo đã được cấp trên tiếp nhận lúc %(at)s; không cần nộp lại.")
                % {"at": _when(report.decided_at)}
            )
        snapshot = build_snapshot(unit=unit, year=year, allow_missing=allow_missing)
        reason = (reason or "").strip() if snapshot.get("missing") else ""
        if snapshot.get("missing") and not reason:
            raise ReportError(
                _("Báo cáo còn thiếu %(n)s đơn vị: hãy ghi lý do nộp khi chưa đủ (được ghi lại cùng báo cáo).")
                % {"n": len(snapshot["missing"])}
            )
        due = selectors.unit_due_date(year=year, kind=kind, unit=unit)
        from_status = report.status if report is not None else ""
        if report is None:
            try:
                with transaction.atomic():
                    report = UnitReport.objects.create(
                        year=year, unit=unit, kind=kind, status=ReportStatus.SUBMITTED, version=0
                    )
            except IntegrityError:
                raise ReportError(_("Báo cáo vừa được nộp. Hãy tải lại trang để xem trạng thái.")) from None
        report.kind = kind
        report.status = ReportStatus.SUBMITTED
        report.snapshot = snapshot
        report.version += 1
        report.due_date = due
        report.submitted_at = now
        report.submitted_by = user
        report.save()
        _record(
            report, action=SUBMITTED_ACTION, from_status=from_status, by=user, at=now, snapshot=snapshot, comment=reason
        )
        superior = unit.parent
        if superior is not None and kind != DeadlineKind.DEPARTMENT_REPORT:
            _notify_after(
                unit_contacts([superior]),
                title=_("%(unit)s đã nộp báo cáo kết quả BDTX") % {"unit": unit.name},
                body=_("Năm học %(year)s, lần nộp thứ %(n)s.") % {"year": year.name, "n": report.version},
                url=report_url(unit),
            )
    return report


def _review_guard(report, user):
    if report.year.is_read_only:  # the year is kept as it was: its reports are neither accepted nor returned
        raise ReportError(read_only_message(report.year))
    if not selectors.can_review(user=user, report=report):
        raise ReportError(_("Chỉ đơn vị cấp trên trực tiếp mới được tiếp nhận hoặc trả lại báo cáo này."))


def report_accept(*, report, user):
    """The superior takes a submitted report into its own aggregate."""
    _review_guard(report, user)
    now = timezone.now()
    with transaction.atomic():
        report = _locked_report(report)
        if report.status == ReportStatus.ACCEPTED:
            raise ReportError(_("Báo cáo đã được tiếp nhận lúc %(at)s.") % {"at": _when(report.decided_at)})
        if report.status != ReportStatus.SUBMITTED:
            raise ReportError(_("Báo cáo đã bị trả lại, đang chờ đơn vị nộp lại."))
        report.status = ReportStatus.ACCEPTED
        report.decided_at = now
        report.decided_by = user
        report.save(update_fields=["status", "decided_at", "decided_by"])
        _record(report, action=ACCEPTED_ACTION, from_status=ReportStatus.SUBMITTED, by=user, at=now)
        _notify_after(
            unit_contacts([report.unit]),
            title=_("Báo cáo kết quả BDTX đã được tiếp nhận"),
            body=_("Năm học %(year)s.") % {"year": report.year.name},
            url=report_url(report.unit),
        )
    return report


def report_return(*, report, user, comment):
    """The superior sends a submitted (or accepted) report back with a comment; the unit corrects and resubmits.

    An accepted report cannot be returned once the superior's own report has gone up: its aggregate would no
    longer match. The superior asks its own superior to return its report first.
    """
    _review_guard(report, user)
    comment = (comment or "").strip()
    if not comment:
        raise ReportError(_("Hãy ghi ý kiến: đơn vị cần sửa gì trước khi nộp lại."))
    now = timezone.now()
    with transaction.atomic():
        report = _locked_report(report)
        if report.status == ReportStatus.RETURNED:
            raise ReportError(_("Báo cáo đã được trả lại lúc %(at)s.") % {"at": _when(report.decided_at)})
        if report.status == ReportStatus.ACCEPTED and report.unit.parent_id:
            superior_report = UnitReport.objects.filter(year=report.year, unit_id=report.unit.parent_id).first()
            if superior_report is not None and superior_report.status != ReportStatus.RETURNED:
                raise ReportError(
                    _(
                        "Báo cáo tổng hợp của đơn vị bạn đã nộp lên cấp trên nên không trả lại được báo cáo đã "
                        "tiếp nhận. Hãy đề nghị cấp trên trả lại báo cáo của đơn vị bạn trước."
                    )
                )
        from_status = report.status
        report.status = ReportStatus.RETURNED
        report.decided_at = now
        report.decided_by = user
        report.comment = comment
        report.save(update_fields=["status", "decided_at", "decided_by", "comment"])
        _record(report, action=RETURNED_ACTION, from_status=from_status, by=user, at=now, comment=comment)
        # A school corrects scores its confirmation locked: unlock them in the same step, or it is stuck.
        report.results_reopened = report.unit.is_school and _reopen_school_results(report, user, comment)
        body = comment
        if report.results_reopened:
            body = f"{comment}\n\n{RESULTS_REOPENED_NEXT_STEP}"
        _notify_after(
            unit_contacts([report.unit]),
            title=_("Báo cáo kết quả BDTX bị trả lại"),
            body=body,
            url=report_url(report.unit),
        )
    return report


RESULTS_REOPENED_NEXT_STEP = gettext_lazy(
    "Kết quả BDTX của trường đã được mở lại để sửa điểm. Sau khi sửa, hãy xác nhận lại kết quả rồi nộp lại báo cáo."
)


def _reopen_school_results(report, user, comment):
    """Unlock the school's confirmed results through assessment's own reopening; False when they were not locked."""
    from assessment import services as assessment_services  # assessment imports nothing from the chain

    if not is_locked(school=report.unit, year=report.year):
        return False
    try:
        assessment_services.results_reopen(
            school=report.unit,
            year=report.year,
            user=user,
            reason=_("Trả lại báo cáo kết quả: %(comment)s") % {"comment": comment},
        )
    except assessment_services.AssessmentError as error:
        raise ReportError(str(error)) from None
    return True


# ---------------------------------------------------------------------------------------------------------------
# Who hears about a unit's report
# ---------------------------------------------------------------------------------------------------------------


def unit_contacts(units):
    """Active accounts that act for ``units``: school managers of schools, officers of offices."""
    from accounts.models import User

    units = list(units)
    schools = [unit.pk for unit in units if unit.kind == OrgUnit.Kind.SCHOOL]
    offices = [unit.pk for unit in units if unit.kind != OrgUnit.Kind.SCHOOL]
    if not schools and not offices:
        return User.objects.none()
    return User.objects.filter(
        Q(unit_id__in=schools, role=Role.SCHOOL_MANAGER) | Q(unit_id__in=offices, role__in=list(OFFICE_ROLES)),
        is_active=True,
    )

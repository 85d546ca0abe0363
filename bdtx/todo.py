"""Việc cần làm: the home page as a to-do list by role, each count read from the selector of the list it links to
(so following the link shows exactly that many), and the deadlines that bind the user's unit with the days left.

- a person with a plan: their plan's status and next step, their logs returned by the group head or without
  evidence, their result once confirmed, their printed data to confirm when a certificate waits on it, their
  certificate; their tiết per programme (planned, logged, confirmed);
- a group head or principal: logs waiting for confirmation, people whose marks are not all entered;
- a group head: members of the group without an approved plan;
- a principal: plans submitted, plans returned and not sent again, people without a plan, people without a result;
- an office (UBND xã / Phòng, Sở): the managers' plans it approves, schools late with their plans, reports of the
  units below waiting to be accepted, units late with their report, schools with certificates to issue;
- a principal or an office: its own report when returned, or ready to send.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OFFICE_ROLES, Role
from accounts.permissions import Cap, can
from assessment.rules import label as class_label
from assessment.selectors import grid_plans, is_locked
from certificates.selectors import (
    own_valid_certificates,
    own_year,
    roster_counts,
    school_overview,
    school_roster,
    schools_to_issue,
)
from plans.dashboards import cached_plan_progress
from plans.models import PlanStatus
from plans.selectors import NOT_APPROVED, WAITING_FOR_ME, rows_with_status
from plans.services import plan_list_rows, waiting_for
from reports import chain_selectors
from reports.models import ReportStatus
from results.results import people_behind
from study.models import LogStatus
from study.selectors import item_progress, logs_to_confirm, own_logs, own_plan
from years.deadlines import evaluation_window, unit_last_day
from years.models import DeadlineKind
from years.selectors import year_from_request
from years.services import EXPIRING_DAYS, deadline_unit_for, expiring_reopenings, school_deadlines


@dataclass
class Todo:
    key: str  # stable, for tests and data-testid
    label: str
    count: int
    url: str
    tone: str = "warning"  # "warning": waits on the user; "info": to know


@dataclass
class DeadlineLine:
    label: str
    day: object
    days_left: int
    reopened: bool = False


def _url(name, *args, **query):
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return reverse(name, args=args) + (f"?{urlencode(query)}" if query else "")


# What the user's own plan still needs, by its status (no plan: "NONE").
OWN_PLAN_STEPS = {
    "NONE": gettext_lazy("Lập và nộp kế hoạch BDTX của bạn"),
    PlanStatus.DRAFT: gettext_lazy("Nộp kế hoạch BDTX của bạn (đang soạn)"),
    PlanStatus.RETURNED: gettext_lazy("Kế hoạch của bạn bị trả lại: sửa và nộp lại"),
}
# The deadlines a teacher or group head acts on; a principal sees every deadline of the school.
OWN_DEADLINE_KINDS = {DeadlineKind.PLAN_SUBMIT, DeadlineKind.EVALUATION_END}


def _own(user, year, plan):
    todos = []
    step = OWN_PLAN_STEPS.get(plan.status if plan is not None else "NONE")
    if step is not None and not year.is_over:
        todos.append(Todo("my_plan", str(step), 1, _url("plans:my_plan")))
    if plan is not None:
        logs = list(own_logs(plan=plan))
        returned = [log for log in logs if log.status == LogStatus.RETURNED]
        if returned:
            todos.append(
                Todo(
                    "logs_returned", _("Nhật ký bị trả lại, cần sửa và gửi lại"), len(returned), _url("study:study_log")
                )
            )
        bare = sum(log.lacks_evidence for log in logs)
        if bare:
            url = _url("study:study_log")
            todos.append(Todo("logs_no_evidence", _("Nhật ký chưa có minh chứng"), bare, url, tone="info"))
    mine = own_year(staff=user.staff, year=year)
    if mine.result is not None:
        text = _("Kết quả BDTX của bạn đã được xác nhận: %(result)s") % {
            "result": class_label(mine.result.classification, year.ruleset)
        }
        todos.append(Todo("my_result", text, 1, _url("assessment:my_result", year=year.pk), tone="info"))
    if mine.data_to_confirm:
        text = _("Kiểm tra, xác nhận thông tin in trên giấy chứng nhận")
        todos.append(Todo("my_data", text, 1, _url("certificates:my_certificates", year=year.pk)))
    certificates = own_valid_certificates(user=user, year=year).count()
    if certificates:
        text = _("Giấy chứng nhận hoàn thành BDTX đã được cấp")
        todos.append(
            Todo("my_certificate", text, certificates, _url("certificates:my_certificates", year=year.pk), tone="info")
        )
    return todos


def _confirmer(user, year):
    todos = []
    waiting = logs_to_confirm(user=user, year=year).count()
    if waiting:
        url = _url("study:study_confirm", year=year.pk)
        todos.append(Todo("logs_to_confirm", _("Nhật ký chờ bạn xác nhận"), waiting, url))
    missing = grid_plans(user=user, year=year, missing_only=True).count()
    if missing:
        url = _url("assessment:score_grid", year=year.pk, thieu=1)
        todos.append(Todo("marks_missing", _("Người còn thiếu điểm bồi dưỡng"), missing, url, tone="info"))
    return todos


def _group_head(user, year):
    rows = plan_list_rows(user=user, year=year)  # the rows of the list the item opens (the group's, for a head)
    count = len(rows_with_status(rows, NOT_APPROVED))
    if not count:
        return []
    url = _url("plans:plan_list", status=NOT_APPROVED, year=year.pk)
    return [Todo("group_no_plan", _("Người trong tổ chưa có kế hoạch được duyệt"), count, url)]


def _approver(user, year):
    """The plans a principal (the school's staff) or an office (the managers of the schools below) approves."""
    rows = plan_list_rows(user=user, year=year)
    todos = []
    waiting = len(waiting_for(user, rows))
    if waiting:
        url = _url("plans:plan_list", status=WAITING_FOR_ME, year=year.pk)
        todos.append(Todo("plans_submitted", _("Kế hoạch chờ bạn phê duyệt"), waiting, url))
    for key, status, label in (
        ("plans_returned", PlanStatus.RETURNED, _("Kế hoạch đã trả lại, chưa nộp lại")),
        ("plans_draft", PlanStatus.DRAFT, _("Kế hoạch đang soạn, chưa nộp")),
        ("plans_missing", "NONE", _("Người chưa lập kế hoạch")),
    ):
        count = len(rows_with_status(rows, status))
        if count:
            todos.append(Todo(key, label, count, _url("plans:plan_list", status=status, year=year.pk)))
    return todos


def _principal(user, year):
    school = user.unit
    todos = []
    without = len(people_behind(user=user, year=year, root=school, figure="no_result"))
    if without:
        url = _url("results:results_people", school.pk, year=year.pk, nhom="no_result")
        todos.append(Todo("no_result", _("Người chưa có kết quả BDTX"), without, url, tone="info"))
    if is_locked(school=school, year=year):
        counts = roster_counts(school_roster(school=school, year=year))
        url = _url("certificates:school_detail", school.pk, year=year.pk)
        if counts["waiting_data"]:
            text = _("Người hoàn thành chưa xác nhận thông tin in trên giấy chứng nhận")
            todos.append(Todo("data_unconfirmed", text, counts["waiting_data"], url))
        if counts["ready"]:
            text = _("Người đủ điều kiện, chờ đơn vị cấp trên cấp giấy chứng nhận")
            todos.append(Todo("certificates_ready", text, counts["ready"], url, tone="info"))
    return todos


def _issuer(user, year):
    """An office that issues certificates: its schools with people ready and no certificate yet."""
    schools = len(schools_to_issue(school_overview(user=user, year=year)))
    if not schools:
        return []
    url = _url("certificates:school_list", year=year.pk, cho_cap=1)
    return [Todo("certificates_to_issue", _("Trường có người chờ cấp giấy chứng nhận"), schools, url)]


def _own_report(user, year):
    """The unit's own report to its superior: returned (fix and send again), or ready to go (a school whose results
    are confirmed; an office whose units' reports are all accepted) while the user may submit it now."""
    unit = user.unit
    row = chain_selectors.status_row_for(unit=unit, year=year)
    if not row.outstanding or not chain_selectors.can_submit(user=user, unit=unit):
        return []
    if not evaluation_window(year=year, unit=unit).is_open:
        return []
    url = _url("reports:chain_unit", unit.pk, year=year.pk)
    if row.status == ReportStatus.RETURNED:
        return [Todo("own_report", _("Báo cáo của đơn vị bị trả lại: sửa và nộp lại"), 1, url)]
    if unit.is_school:
        ready = is_locked(school=unit, year=year)
    else:
        table = chain_selectors.report_status_table(root=unit, year=year)
        ready = bool(table.rows) and all(child.status == ReportStatus.ACCEPTED for child in table.rows)
    if not ready:
        return []
    due = f" ({row.due:%d/%m/%Y})" if row.due else ""
    return [Todo("own_report", _("Nộp báo cáo kết quả BDTX lên cấp trên") + due, 1, url)]


def _office(user, year):
    todos = []
    progress, _at, _key = cached_plan_progress(user=user, year=year, root=user.unit, late_first=True)
    if progress.total.late_schools:
        url = _url("plans:plan_dashboard", year=year.pk, sort="late")
        text = _("Trường trễ hạn nộp hoặc phê duyệt kế hoạch")
        todos.append(Todo("plans_late", text, progress.total.late_schools, url))
    granter = deadline_unit_for(user, year)  # the unit whose deadlines the user sets, as the year page reads it
    expiring = expiring_reopenings(year=year, unit=granter).count() if granter else 0
    if expiring:
        url = _url("years:year_detail", year.pk, sap_het=1) + "#mo-lai"
        text = _("Thời hạn đã mở lại cho trường sắp hết (%(n)s ngày tới)") % {"n": EXPIRING_DAYS}
        todos.append(Todo("reopenings_expiring", text, expiring, url, tone="info"))
    table = chain_selectors.report_status_table(root=user.unit, year=year)
    waiting = [row for row in table.rows if row.status == "SUBMITTED"]
    late = [row for row in table.rows if row.late]
    if waiting:
        url = _url("reports:chain_home", year=year.pk)
        todos.append(Todo("reports_waiting", _("Báo cáo chờ bạn tiếp nhận"), len(waiting), url))
    if late:
        url = _url("reports:chain_home", year=year.pk, sort="late")
        todos.append(Todo("reports_late", _("Đơn vị trễ hạn nộp báo cáo"), len(late), url))
    return todos


def _deadlines(user, year, plan):
    """A school's deadlines (reopenings included); an office's own report deadline. Those not past yet."""
    if not user.unit_id:
        return []
    today = timezone.localdate()
    if user.unit.is_school:
        # A plan already sent or approved has met its deadline: the person is not counted down to it any more.
        sent = plan is not None and plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED)
        rows = [
            (row.label, row.until, row.reopened)
            for row in school_deadlines(year=year, school=user.unit)
            if (user.role == Role.SCHOOL_MANAGER or row.kind in OWN_DEADLINE_KINDS)
            and not (sent and row.kind == DeadlineKind.PLAN_SUBMIT and user.role != Role.SCHOOL_MANAGER)
        ]
    else:
        kind = chain_selectors.report_kind_for(user.unit)
        day, reopened, _deadline = unit_last_day(year=year, kind=kind, unit=user.unit) if kind else (None, False, None)
        rows = [(DeadlineKind(kind).label, day, reopened)] if kind else []
    return [
        DeadlineLine(str(label), day, (day - today).days, reopened)
        for label, day, reopened in rows
        if day is not None and day >= today
    ]


@dataclass
class HoursLine:
    """One programme (nội dung) of the user's plan: tiết planned, logged, and confirmed (each item's confirmed tiết
    up to what it plans, as the result counts them)."""

    content: int
    planned: object
    logged: object
    confirmed: object


def own_hours(*, plan):
    lines = {content: HoursLine(content, 0, 0, 0) for content in (1, 2, 3)}
    for item in item_progress(plan=plan):
        line = lines[item.content]
        line.planned += item.hours
        line.logged += item.logged
        line.confirmed += min(item.confirmed, item.hours)
    return [line for line in lines.values() if line.planned]


def todo_for(user):
    """{"year", "items": [Todo], "deadlines": [DeadlineLine], "hours": [HoursLine]} for the home page; None without
    a year."""
    year = year_from_request(user=user) if user.unit_id or user.is_admin_role else None
    if year is None or year.is_read_only:
        return None
    # The user's own plan, read once for its step, its hours and whether its deadline still counts down.
    plan = own_plan(user=user, year=year) if user.staff_id else None
    items = []
    if user.staff_id:
        items += _own(user, year, plan)
    if user.role in (Role.GROUP_HEAD, Role.SCHOOL_MANAGER):
        items += _confirmer(user, year)
    if user.role == Role.GROUP_HEAD and user.staff_id and user.unit_id:
        items += _group_head(user, year)
    if user.role in (Role.SCHOOL_MANAGER, *OFFICE_ROLES) and user.unit_id and can(user, Cap.APPROVE):
        items += _approver(user, year)
    if user.role == Role.SCHOOL_MANAGER and user.unit_id and user.unit.is_school:
        items += _principal(user, year)
    if user.role in OFFICE_ROLES and user.unit_id and chain_selectors.report_kind_for(user.unit):
        items += _office(user, year)
        items += _issuer(user, year)
    if (
        user.role in (Role.SCHOOL_MANAGER, *OFFICE_ROLES)
        and user.unit_id
        and chain_selectors.report_kind_for(user.unit)
    ):
        items += _own_report(user, year)
    hours = own_hours(plan=plan) if plan is not None and plan.status == PlanStatus.APPROVED else []
    return {"year": year, "items": items, "deadlines": _deadlines(user, year, plan), "hours": hours}

"""Nhắc việc trước và sau thời hạn: one digest per person and day, never to someone with nothing left to do.

Every day (Celery beat: reports.tasks.send_deadline_reminders) each current year is read. For each deadline that
asks for work, the units whose last day (their reopening included) is 7, 3 or 1 days ahead give a line to each
person with work left for it; units whose last day was yesterday give a line to the late people and one to whoever
is above them (the school's managers for a teacher, the officers of the unit above for a school or an office).
A person's lines become one notification (``NoticeKind.DIGEST`` with ``digest_on``, unique per person and day), so
running the task twice sends nothing new. The work per deadline:

- nộp kế hoạch: each person of the school without a plan sent or approved;
- phê duyệt kế hoạch: the approvers of plans still waiting;
- kết thúc đánh giá: the school's managers and the group heads of people with marks still missing;
- báo cáo (trường, xã / Phòng, Sở): the unit's managers or officers while its report is not sent or accepted.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.models import OrgUnit, Role, User
from assessment.selectors import MARKS_MISSING
from plans.models import Plan, PlanStatus
from plans.services import approving_unit_id
from years.deadlines import deadline_index, last_day
from years.models import DeadlineKind, TrainingYear

from .chain import unit_contacts
from .chain_selectors import REPORT_KIND, REPORT_KINDS, default_due
from .models import NoticeKind, Notification, ReportStatus, UnitReport
from .notifications import notify_each

REMIND_DAYS_BEFORE = (7, 3, 1)
BEFORE, LATE = "before", "late"
SCHOOL_WORK = (DeadlineKind.PLAN_SUBMIT, DeadlineKind.PLAN_APPROVE, DeadlineKind.EVALUATION_END)
SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@dataclass(frozen=True)
class Due:
    """A unit's last day for one deadline, and whether it is a reminder ahead or the day after."""

    unit: OrgUnit
    day: object
    when: str

    def text(self, on):
        days = (self.day - on).days
        if days > 0:
            return _("hạn %(date)s, còn %(n)s ngày") % {"date": self.day.strftime("%d/%m/%Y"), "n": days}
        return _("hạn %(date)s, đã quá hạn") % {"date": self.day.strftime("%d/%m/%Y")}


def _when(day, on):
    days = (day - on).days
    if days in REMIND_DAYS_BEFORE:
        return BEFORE
    return LATE if days == -1 else None


class Digests:
    """The lines of everyone's digest, collected deadline by deadline."""

    def __init__(self, on):
        self.on = on
        self.users = {}
        self.lines = defaultdict(list)

    def add(self, users, text):
        for user in users:
            self.users[user.pk] = user
            if text not in self.lines[user.pk]:
                self.lines[user.pk].append(text)

    def notices(self):
        title_of = _("Nhắc việc BDTX ngày %(date)s: %(n)s việc cần làm")
        home = reverse("home")
        return [
            (
                self.users[user_id],
                title_of % {"date": self.on.strftime("%d/%m/%Y"), "n": len(lines)},
                "\n".join(f"- {line}" for line in lines),
                home,
            )
            for user_id, lines in self.lines.items()
        ]


def _dues(year, on):
    """{deadline kind: [Due]} of the year's units whose last day for it asks for a reminder on ``on``."""
    units = scoping.subtree_units(year.department)
    kinds = [*SCHOOL_WORK, *REPORT_KINDS]
    by_kind, reopenings = deadline_index(year=year, root=year.department, kinds=kinds)
    dues = defaultdict(list)
    for unit in units:
        report_kind = REPORT_KIND.get(unit.kind)
        for kind in (*SCHOOL_WORK, report_kind) if unit.is_school else (report_kind,):
            if kind is None:
                continue
            day = last_day(deadlines_by_unit=by_kind[kind], reopenings=reopenings, path=unit.path, unit_id=unit.pk)[0]
            day = day or (default_due(year=year, kind=kind) if kind in REPORT_KINDS else None)
            when = _when(day, on) if day else None
            if when:
                dues[kind].append(Due(unit, day, when))
    return dues


def _managers(unit_ids):
    """{unit id: [users]}: school managers of schools, officers of offices."""
    people = defaultdict(list)
    units = OrgUnit.objects.filter(pk__in=set(unit_ids))
    for user in unit_contacts(units):
        people[user.unit_id].append(user)
    return people


def _superiors(dues):
    """{unit id: [officers of the unit above]} for the late units among ``dues``."""
    parents = _managers(due.unit.parent_id for due in dues if due.when == LATE and due.unit.parent_id)
    return {due.unit.pk: parents.get(due.unit.parent_id, []) for due in dues if due.when == LATE}


def _plan_submit(year, dues, digests):
    schools = {due.unit.pk: due for due in dues}
    done = set(
        Plan.objects.filter(
            year=year, school_id__in=schools, status__in=[PlanStatus.SUBMITTED, PlanStatus.APPROVED]
        ).values_list("staff_id", flat=True)
    )
    people = User.objects.filter(is_active=True, staff__unit_id__in=schools, staff__is_active=True).select_related(
        "staff"
    )
    late = defaultdict(int)
    for user in people:
        if user.staff_id in done:
            continue
        due = schools[user.staff.unit_id]
        digests.add([user], _("Nộp kế hoạch BDTX cá nhân (%(due)s)") % {"due": due.text(digests.on)})
        if due.when == LATE:
            late[due.unit.pk] += 1
    managers = _managers(late)
    for school_id, count in late.items():
        text = _("%(n)s người của %(school)s chưa nộp kế hoạch BDTX (%(due)s)") % {
            "n": count,
            "school": schools[school_id].unit.name,
            "due": schools[school_id].text(digests.on),
        }
        digests.add(managers.get(school_id, []), text)


def _plan_approve(year, dues, digests):
    schools = {due.unit.pk: due for due in dues}
    waiting = defaultdict(lambda: defaultdict(int))  # approving unit → school → plans waiting
    plans = Plan.objects.filter(year=year, school_id__in=schools, status=PlanStatus.SUBMITTED).select_related(
        "school", "staff"
    )
    for plan in plans:
        waiting[approving_unit_id(plan)][plan.school_id] += 1
    approvers = _managers(waiting)
    superiors = _superiors([schools[school_id] for school_id in {s for by in waiting.values() for s in by}])
    for unit_id, by_school in waiting.items():
        for school_id, count in by_school.items():
            due = schools[school_id]
            text = _("%(n)s kế hoạch của %(school)s chờ phê duyệt (%(due)s)") % {
                "n": count,
                "school": due.unit.name,
                "due": due.text(digests.on),
            }
            digests.add(approvers.get(unit_id, []), text)
            if due.when == LATE and unit_id == school_id:
                digests.add(superiors.get(school_id, []), text)


def _evaluation_end(year, dues, digests):
    schools = {due.unit.pk: due for due in dues}
    missing = (
        Plan.objects.filter(year=year, school_id__in=schools, status=PlanStatus.APPROVED)
        .filter(MARKS_MISSING)
        .values_list("school_id", "staff__subject_group")
    )
    by_school, groups = defaultdict(int), defaultdict(lambda: defaultdict(int))
    for school_id, group in missing:
        by_school[school_id] += 1
        if group:
            groups[school_id][group] += 1
    managers = _managers(by_school)
    superiors = _superiors([schools[school_id] for school_id in by_school])
    heads = User.objects.filter(
        is_active=True, role=Role.GROUP_HEAD, staff__unit_id__in=by_school, staff__is_active=True
    ).select_related("staff")
    for school_id, count in by_school.items():
        due = schools[school_id]
        text = _("%(n)s người của %(school)s còn thiếu điểm bồi dưỡng (%(due)s)") % {
            "n": count,
            "school": due.unit.name,
            "due": due.text(digests.on),
        }
        digests.add(managers.get(school_id, []), text)
        if due.when == LATE:
            digests.add(superiors.get(school_id, []), text)
    for head in heads:
        count = groups[head.staff.unit_id].get(head.staff.subject_group, 0)
        if count:
            due = schools[head.staff.unit_id]
            text = _("%(n)s người của tổ %(group)s còn thiếu điểm bồi dưỡng (%(due)s)") % {
                "n": count,
                "group": head.staff.subject_group,
                "due": due.text(digests.on),
            }
            digests.add([head], text)


def _report(year, dues, digests):
    units = {due.unit.pk: due for due in dues}
    sent = set(
        UnitReport.objects.filter(year=year, unit_id__in=units, status__in=SENT).values_list("unit_id", flat=True)
    )
    left = [due for due in dues if due.unit.pk not in sent]
    contacts = _managers(due.unit.pk for due in left)
    superiors = _superiors(left)
    for due in left:
        own = _("Nộp báo cáo kết quả BDTX năm học %(year)s của %(unit)s lên cấp trên (%(due)s)") % {
            "year": year.name,
            "unit": due.unit.name,
            "due": due.text(digests.on),
        }
        digests.add(contacts.get(due.unit.pk, []), own)
        if due.when == LATE:
            text = _("%(unit)s chưa nộp báo cáo kết quả BDTX năm học %(year)s (%(due)s)") % {
                "unit": due.unit.name,
                "year": year.name,
                "due": due.text(digests.on),
            }
            digests.add(superiors.get(due.unit.pk, []), text)


WORK = {
    DeadlineKind.PLAN_SUBMIT: _plan_submit,
    DeadlineKind.PLAN_APPROVE: _plan_approve,
    DeadlineKind.EVALUATION_END: _evaluation_end,
    **{kind: _report for kind in REPORT_KINDS},
}


def digests_for(*, on):
    """The digests of ``on``: [(user, title, body, url)] for everyone with work left for a deadline 7, 3 or 1 days
    ahead, or for one that passed yesterday."""
    digests = Digests(on)
    for year in TrainingYear.objects.filter(is_current=True).select_related("department"):
        if year.is_read_only:
            continue
        for kind, dues in _dues(year, on).items():
            WORK[kind](year, dues, digests)
    return digests.notices()


def digests_send(*, on=None):
    """Create (and e-mail) the day's digests; those already made today are left alone. Returns how many."""
    on = on or timezone.localdate()
    notices = digests_for(on=on)
    already = set(Notification.objects.filter(digest_on=on).values_list("user_id", flat=True))
    notices = [notice for notice in notices if notice[0].pk not in already]
    notify_each(notices, kind=NoticeKind.DIGEST, digest_on=on)
    return len(notices)

"""Thông báo theo từng bước: who hears of each step that waits on someone, in the app and by e-mail.

- plans (plans.signals.plan_transitions_recorded): a plan sent for approval tells those who approve it (the school's
  managers for a teacher's plan, the officers of the unit above for a manager's own); a plan returned (with the
  reason), approved or reopened tells its owner;
- study logs (study.signals.logs_decided): the owner hears once of a batch confirmed or returned (with the reason);
- marks (assessment.signals.marks_recorded): the owner hears that marks were entered, once until they read it;
- results (assessment.signals.confirmation_recorded): confirmed tells the unit above and each person confirmed;
  reopened, or the managers' confirmed or reopened, tells the school's managers;
- certificates (certificates.signals.certificates_issued): the holder of each certificate issued or re-issued;
- deadlines (years.signals.deadline_reopened): the school's managers, until when and why.

One query for the people of a batch, one INSERT for its notices.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OFFICE_ROLES, Role, User
from assessment.models import ConfirmationEvent
from assessment.selectors import of_audience
from plans.models import Plan, PlanStatus
from plans.services import approving_unit_id, is_plan_manager

from .models import NoticeKind, Notification
from .notifications import notify_each

# The owner's notice of a decision on their plan (its body is the decision's comment: the reason of a return).
OWNER_TITLES = {
    "returned": gettext_lazy("Kế hoạch BDTX của bạn bị trả lại"),
    "approved": gettext_lazy("Kế hoạch BDTX của bạn đã được phê duyệt"),
    "reopened": gettext_lazy("Kế hoạch BDTX của bạn được mở lại để sửa"),
}


def _year_url(name, year):
    return f"{reverse(name)}?{urlencode({'year': year.pk})}"


def plan_transitions_notify(sender, *, transitions, **kwargs):
    plans = [transition.plan for transition in transitions]
    if not plans:
        return
    staff_ids = {plan.staff_id for plan in plans}
    unit_ids = {approving_unit_id(plan) for plan in plans}
    people = list(
        User.objects.filter(is_active=True)
        .filter(Q(staff_id__in=staff_ids) | Q(unit_id__in=unit_ids, role__in=[Role.SCHOOL_MANAGER, *OFFICE_ROLES]))
        .select_related("staff")
    )
    owners = {user.staff_id: user for user in people if user.staff_id in staff_ids}
    waiting, decided = [], []
    for transition in transitions:
        plan = transition.plan
        url = reverse("plans:plan_detail", args=[plan.pk])
        if transition.action == "submitted":
            title = _("%(name)s đã nộp kế hoạch BDTX, chờ phê duyệt") % {"name": plan.staff.full_name}
            approvers = [
                user
                for user in people
                if user.unit_id == approving_unit_id(plan)
                and user.pk != transition.by_id
                and is_plan_manager(user, plan)
            ]
            waiting += [(user, title, "", url) for user in approvers]
        elif transition.action in OWNER_TITLES and plan.staff_id in owners:
            owner = owners[plan.staff_id]
            if owner.pk != transition.by_id:
                # The owner's own page: the reason in a banner, and the buttons to fix and send it again.
                own_url = _year_url("plans:my_plan", plan.year)
                decided.append((owner, OWNER_TITLES[transition.action], transition.comment, own_url))
    notify_each(waiting, kind=NoticeKind.PLAN_WAITING)
    notify_each(decided, kind=NoticeKind.PLAN_DECIDED)


def logs_decided_notify(sender, *, logs, action, reason="", **kwargs):
    """Each owner hears once of their logs confirmed (how many) or returned (with the reason)."""
    by_owner = {}
    for log in logs:
        by_owner.setdefault(log.item.plan.staff_id, []).append(log)
    owners = User.objects.filter(is_active=True, staff_id__in=by_owner)
    url = reverse("study:study_log")
    notices = []
    for owner in owners:
        count = len(by_owner[owner.staff_id])
        if action == "study.log.returned":
            title = _("%(n)s nhật ký bồi dưỡng của bạn bị trả lại") % {"n": count}
            notices.append((owner, title, reason, url))
        else:
            notices.append((owner, _("%(n)s nhật ký bồi dưỡng của bạn đã được xác nhận") % {"n": count}, "", url))
    notify_each(notices, kind=NoticeKind.LOGS)


def marks_recorded_notify(sender, *, plans, by, **kwargs):
    """The owners of the plans whose marks changed; someone with an unread notice of it hears nothing new (the
    score grid saves row by row)."""
    if not plans:
        return
    year = plans[0].year
    url = _year_url("assessment:my_result", year)
    owners = User.objects.filter(is_active=True, staff_id__in={plan.staff_id for plan in plans}).exclude(pk=by.pk)
    told = set(
        Notification.objects.filter(user__in=owners, kind=NoticeKind.MARKS, url=url, read_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    title = _("Điểm bồi dưỡng năm học %(year)s của bạn đã được nhập") % {"year": year.name}
    body = _("%(by)s đã nhập hoặc sửa điểm. Điểm và kết quả được công bố khi kết quả được xác nhận.") % {
        "by": by.display_name
    }
    notify_each([(owner, title, body, url) for owner in owners if owner.pk not in told], kind=NoticeKind.MARKS)


def confirmation_notify(sender, *, event, **kwargs):
    """Results confirmed: the unit above (it receives the school's report next) and each person confirmed. Reopened,
    or the managers' confirmed or reopened by the unit above: the school's managers."""
    Action = ConfirmationEvent.Action
    confirmation = event.confirmation
    school, year = confirmation.school, confirmation.year
    notices = []
    if event.action == Action.CONFIRM:
        people = User.objects.filter(is_active=True, unit_id=school.parent_id, role__in=OFFICE_ROLES)
        title = _("%(school)s đã xác nhận kết quả BDTX") % {"school": school.name}
        url = reverse("reports:chain_unit", args=[school.pk])
    else:
        people = User.objects.filter(is_active=True, unit_id=school.pk, role=Role.SCHOOL_MANAGER)
        title = {
            Action.REOPEN: _("Kết quả BDTX của trường được mở lại để sửa"),
            Action.CONFIRM_MANAGERS: _("Kết quả BDTX của cán bộ quản lý đã được xác nhận"),
            Action.REOPEN_MANAGERS: _("Kết quả BDTX của cán bộ quản lý được mở lại"),
        }[event.action]
        url = reverse("assessment:confirmation_detail", args=[school.pk])
    notices += [(user, title, event.comment, url) for user in people if user.pk != event.by_id]
    if event.action in (Action.CONFIRM, Action.CONFIRM_MANAGERS):
        approved = Plan.objects.filter(school=school, year=year, status=PlanStatus.APPROVED)
        staff_ids = of_audience(approved, managers=event.action == Action.CONFIRM_MANAGERS).values("staff_id")
        own = _("Kết quả BDTX năm học %(year)s của bạn đã được xác nhận") % {"year": year.name}
        url = _year_url("assessment:my_result", year)
        notices += [
            (user, own, "", url)
            for user in User.objects.filter(is_active=True, staff_id__in=staff_ids).exclude(pk=event.by_id)
        ]
    notify_each(notices, kind=NoticeKind.RESULTS)


def certificates_issued_notify(sender, *, certificates, reissued, by, **kwargs):
    """Each holder of a certificate just issued, or re-issued as a new version."""
    by_staff = {certificate.staff_id: certificate for certificate in certificates}
    holders = User.objects.filter(is_active=True, staff_id__in=by_staff).exclude(pk=by.pk)
    notices = []
    for holder in holders:
        certificate = by_staff[holder.staff_id]
        if reissued:
            title = _("Giấy chứng nhận BDTX của bạn đã được cấp lại (số %(number)s)")
        else:
            title = _("Giấy chứng nhận hoàn thành BDTX của bạn đã được cấp (số %(number)s)")
        url = reverse("certificates:certificate_detail", args=[certificate.pk])
        notices.append((holder, title % {"number": certificate.number}, "", url))
    notify_each(notices, kind=NoticeKind.CERTIFICATE)


def deadline_reopened_notify(sender, *, reopening, **kwargs):
    """A deadline reopened for a school: its managers may act again until the new date."""
    school = reopening.school
    title = _("%(unit)s đã mở lại thời hạn “%(kind)s” cho trường đến ngày %(date)s") % {
        "unit": reopening.deadline.unit.name,
        "kind": reopening.deadline.get_kind_display().lower(),
        "date": reopening.until.strftime("%d/%m/%Y"),
    }
    people = User.objects.filter(is_active=True, unit_id=school.pk, role=Role.SCHOOL_MANAGER)
    notify_each([(user, title, reopening.reason, reverse("home")) for user in people], kind=NoticeKind.DEADLINE)

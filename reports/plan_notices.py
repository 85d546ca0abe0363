"""Thông báo về kế hoạch, nhật ký và kết quả: who hears of a plan's step (plans.signals.plan_transitions_recorded),
of the group head's decision on their study logs (study.signals.logs_decided) and of results confirmed or reopened
(assessment.signals.confirmation_recorded), and of a deadline reopened for their school (years.signals).

A plan sent for approval tells those who approve it (the school's managers for a teacher's plan, the officers of the
unit above for a manager's own); a plan returned (with the reason), approved or reopened tells its owner. One query
for the people of every plan of a batch, one INSERT for the notices.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OFFICE_ROLES, Role, User
from assessment.models import ConfirmationEvent
from plans.services import approving_unit_id, is_plan_manager

from .notifications import notify_each

# The owner's notice of a decision on their plan (its body is the decision's comment: the reason of a return).
OWNER_TITLES = {
    "returned": gettext_lazy("Kế hoạch BDTX của bạn bị trả lại"),
    "approved": gettext_lazy("Kế hoạch BDTX của bạn đã được phê duyệt"),
    "reopened": gettext_lazy("Kế hoạch BDTX của bạn được mở lại để sửa"),
}


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
    notices = []
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
            notices += [(user, title, "", url) for user in approvers]
        elif transition.action in OWNER_TITLES and plan.staff_id in owners:
            owner = owners[plan.staff_id]
            if owner.pk != transition.by_id:
                notices.append((owner, OWNER_TITLES[transition.action], transition.comment, url))
    notify_each(notices)


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
    notify_each(notices)


def confirmation_notify(sender, *, event, **kwargs):
    """Results confirmed: the unit above (it receives the school's report next). Reopened, or the managers'
    confirmed or reopened by the unit above: the school's managers."""
    Action = ConfirmationEvent.Action
    school = event.confirmation.school
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
    notify_each([(user, title, event.comment, url) for user in people if user.pk != event.by_id])


def deadline_reopened_notify(sender, *, reopening, **kwargs):
    """A deadline reopened for a school: its managers may act again until the new date."""
    school = reopening.school
    title = _("%(unit)s đã mở lại thời hạn “%(kind)s” cho trường đến ngày %(date)s") % {
        "unit": reopening.deadline.unit.name,
        "kind": reopening.deadline.get_kind_display().lower(),
        "date": reopening.until.strftime("%d/%m/%Y"),
    }
    people = User.objects.filter(is_active=True, unit_id=school.pk, role=Role.SCHOOL_MANAGER)
    notify_each([(user, title, reopening.reason, reverse("home")) for user in people])

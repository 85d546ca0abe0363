"""The personal plan workflow: draft → submitted → approved, or returned → resubmitted.

Every state change checks the current status inside a locked transaction and is recorded
as a PlanTransition (and in the audit log), so a double-clicked POST is a clear error, never a second change.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Cap, can
from audit import services as audit
from core.errors import DomainError
from years.deadlines import deadline_closed_message, deadline_is_open
from years.models import DeadlineKind

from . import rules, signals
from .models import Plan, PlanItem, PlanStatus, PlanTransition, StudyForm


class PlanError(DomainError):
    """A translatable error of the plan workflow, shown to the user as a message."""


class PlanConflict(PlanError):
    """The plan was saved elsewhere (another tab or device) after the form was opened."""


EDITABLE = {PlanStatus.DRAFT, PlanStatus.RETURNED}

# Who else counts a module for a person in a year: callables (staff, year) -> iterable of module codes, registered
# by a higher app in its AppConfig.ready() (plans may not import it). The ETEP overlap rule reads them: a GVPT
# module is refused when its overlapping GDPT 2018 module is already counted this year (regulations §7.2).
COUNTED_ELSEWHERE = []


def register_counted_elsewhere(provider):
    if provider not in COUNTED_ELSEWHERE:
        COUNTED_ELSEWHERE.append(provider)
    return provider


def counted_elsewhere(*, staff, year):
    """Codes of the modules counted for ``staff`` in ``year`` outside the plan (empty with no provider)."""
    codes = set()
    for provider in COUNTED_ELSEWHERE:
        codes.update(provider(staff, year))
    return codes


def _module_errors(plan, modules):
    return rules.module_choice_errors(
        staff=plan.staff,
        modules=modules,
        year=plan.year,
        counted_elsewhere=counted_elsewhere(staff=plan.staff, year=plan.year) if not plan.year.overlap_decision else (),
    )


def _is_owner(user, plan):
    return user.staff_id is not None and user.staff_id == plan.staff_id


def approving_unit_id(plan):
    """The unit whose people approve the plan: the school for a teacher's, the unit above it for a manager's."""
    return plan.school.parent_id if plan.staff.is_manager else plan.school_id


def is_plan_manager(user, plan):
    """Who approves: HT/PHT of the school for teachers' plans; for managers' own plans (CBQL) the officers
    of the unit the school reports to (Phòng, or the Sở for schools directly under it); a system admin."""
    if user.is_admin_role:
        return True
    return user.unit_id == approving_unit_id(plan) and can(user, Cap.APPROVE, plan.school) and not _is_owner(user, plan)


def waiting_for(user, rows):
    """Kế hoạch chờ tôi phê duyệt: the (staff, plan) rows whose plan is sent and ``user`` approves."""
    return [
        (member, plan)
        for member, plan in rows
        if plan and plan.status == PlanStatus.SUBMITTED and is_plan_manager(user, plan)
    ]


def plan_list_rows(*, user, year):
    """The rows of the plan list: a school's staff (or a group head's group), or the managers of the schools an
    office approves, each with their plan for ``year`` (or None)."""
    from . import selectors

    unit = user.unit
    if unit.is_school:
        return selectors.school_plan_statuses(user=user, school=unit, year=year)
    return selectors.manager_plan_statuses(user=user, year=year)


def _lock(plan):
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _audit_entry(transition):
    """The audit log's entry for a plan transition (``plans.plan.<action>``)."""
    plan = transition.plan
    return audit.entry(
        f"plans.plan.{transition.action}",
        actor=transition.by,
        obj=plan,
        unit=plan.school_id,
        person=plan.staff_id,
        reason=transition.comment,
    )


def _record(plan, *, by, to_status, action, comment=""):
    transition = PlanTransition.objects.create(
        plan=plan, from_status=plan.status, to_status=to_status, action=action, by=by, comment=comment
    )
    _audit_entry(transition).save()
    plan.status = to_status
    plan.version += 1
    signals.plan_transitions_recorded.send(sender=Plan, transitions=[transition])


def _require_status(plan, allowed, message):
    if plan.status not in allowed:
        raise PlanError(message % {"status": plan.get_status_display().lower()})


def _require_open(plan, kind):
    if not deadline_is_open(year=plan.year, kind=kind, school=plan.school):
        raise PlanError(deadline_closed_message(year=plan.year, kind=kind, school=plan.school))


def plan_start(*, staff, year, by):
    """Create the staff member's plan for the year with the content 1/2 topics published for them."""
    from modules.selectors import topics_for_staff

    plan, created = Plan.objects.get_or_create(year=year, staff=staff, defaults={"school": staff.unit})
    if created:
        PlanItem.objects.bulk_create(
            PlanItem(plan=plan, content=topic.content, topic=topic, hours=topic.hours, order=index)
            for index, topic in enumerate(topics_for_staff(staff=staff, year=year))
        )
        transition = PlanTransition.objects.create(
            plan=plan, from_status=PlanStatus.DRAFT, to_status=PlanStatus.DRAFT, action="created", by=by
        )
        _audit_entry(transition).save()
    return plan


def plan_sync_topics(*, plan):
    """Bring an editable plan's content 1/2 items in line with the topics published now (added or withdrawn
    after the plan was started); the period and form already typed for a kept topic stay."""
    from modules.selectors import topics_for_staff

    published = {topic.pk: topic for topic in topics_for_staff(staff=plan.staff, year=plan.year)}
    with transaction.atomic():
        plan = _lock(plan)
        if plan.status not in EDITABLE:
            return plan
        current = {item.topic_id: item for item in plan.items.filter(content__in=(1, 2))}
        # An item with study logged on it stays, even if its topic was withdrawn: nothing logged is lost.
        stale = [item.pk for topic_id, item in current.items() if topic_id not in published and not item.logs.exists()]
        missing = [topic for topic_id, topic in published.items() if topic_id not in current]
        changed = [
            item
            for topic_id, item in current.items()
            if topic_id in published and item.hours != published[topic_id].hours
        ]
        for item in changed:
            item.hours = published[item.topic_id].hours
        PlanItem.objects.filter(pk__in=stale).delete()
        PlanItem.objects.bulk_update(changed, ["hours"])
        PlanItem.objects.bulk_create(
            PlanItem(plan=plan, content=topic.content, topic=topic, hours=topic.hours, order=topic.order)
            for topic in missing
        )
    return plan


def plan_save_items(*, plan, by, content3, schedule, notes="", expected_version=None):
    """Save the teacher's edits: content 3 modules in order and the period/form of every item.

    ``content3`` is a list of (module, period, form); ``schedule`` maps an existing item id to (period, form).
    """
    if not _is_owner(by, plan):
        raise PlanError(_("Chỉ người lập kế hoạch mới được sửa kế hoạch này."))
    with transaction.atomic():
        plan = _lock(plan)
        if expected_version is not None and plan.version != expected_version:
            raise PlanConflict(
                _(
                    "Kế hoạch đã được thay đổi ở nơi khác (một thẻ hoặc máy khác) sau khi bạn mở trang này, "
                    "nên những gì bạn vừa nhập chưa được lưu."
                )
            )
        _require_status(plan, EDITABLE, _("Kế hoạch đang ở trạng thái %(status)s nên không thể sửa."))
        _require_open(plan, DeadlineKind.PLAN_SUBMIT)
        modules = [module for module, _period, _form in content3]
        errors = _module_errors(plan, modules)
        if errors:
            raise PlanError(" ".join(errors))
        for item in plan.items.exclude(content=3):
            if item.pk in schedule:
                item.period, item.form = _clean_schedule(*schedule[item.pk])
                item.save(update_fields=["period", "form"])
        _replace_modules(plan, content3)
        plan.notes = notes
        plan.version += 1
        plan.save(update_fields=["notes", "version", "updated_at"])
    return plan


def _replace_modules(plan, content3):
    """Make the plan's content-3 items match ``content3``, updating kept modules in place so their study logs
    stay attached; a module that already has logged study cannot be dropped."""
    existing = {item.module_id: item for item in plan.items.filter(content=3).select_related("module")}
    wanted = {module.pk for module, _period, _form in content3}
    dropped = [item for module_id, item in existing.items() if module_id not in wanted]
    logged = [item.module.code for item in dropped if item.logs.exists()]
    if logged:
        raise PlanError(
            _("Không thể bỏ mô đun đã có nhật ký bồi dưỡng: %(codes)s.") % {"codes": ", ".join(sorted(logged))}
        )
    PlanItem.objects.filter(pk__in=[item.pk for item in dropped]).delete()
    kept, added = [], []
    for index, (module, period, form) in enumerate(content3):
        period, form = _clean_schedule(period, form)
        item = existing.get(module.pk)
        if item is None:
            added.append(PlanItem(plan=plan, content=3, module=module, hours=module.hours, order=index))
            item = added[-1]
        else:
            kept.append(item)
        item.period, item.form, item.order = period, form, index
    PlanItem.objects.bulk_update(kept, ["period", "form", "order"])
    PlanItem.objects.bulk_create(added)


def _clean_schedule(period, form):
    return (period or "").strip()[:64], form if form in StudyForm.values else StudyForm.SELF_STUDY


def exemption_refusal(year):
    """Why a content-3 exemption is refused in this year ("" when it is allowed)."""
    if year.allows_exemption:
        return ""
    # Only TT 19/2019 has no exemption by default: programme 03 is fixed by TT 17/2019 (regulations §7.2).
    return _(
        "Năm học %(year)s áp dụng %(regime)s: %(label)s có %(n)s tiết, không được thay đổi chương trình 03 "
        "(Thông tư 17/2019), nên không được miễn. Chỉ miễn được khi Sở đã ghi quyết định cho phép miễn (số, ngày, "
        "lý do) vào năm học."
    ) % {
        "year": year.name,
        "regime": year.regime.short_name,
        "label": year.content_label(3),
        "n": year.quota_content3,
    }


def plan_problems(*, plan):
    """Vietnamese reasons the plan cannot be submitted yet (empty when it can)."""
    year = plan.year
    items = list(plan.items.select_related("module"))
    problems = _module_errors(plan, [i.module for i in items if i.module_id])
    totals = rules.hours_by_content(items)
    label3 = year.content_label(3)
    exempt = plan.exempt_content3
    if exempt and not year.allows_exemption:
        problems.append(exemption_refusal(year))
        exempt = False
    if not exempt and totals[3] < year.quota_content3:
        problems.append(
            _("%(label)s mới có %(have)s/%(need)s tiết: hãy chọn thêm mô đun.")
            % {"label": label3, "have": totals[3], "need": year.quota_content3}
        )
    surplus = rules.content3_surplus([i.hours for i in items if i.content == 3], year.quota_content3)
    if not exempt and surplus:
        problems.append(
            _("%(label)s có %(have)s/%(need)s tiết, vượt %(over)s tiết: hãy bỏ bớt mô đun.")
            % {"label": label3, "have": totals[3], "need": year.quota_content3, "over": surplus}
        )
    for item in items:
        if not item.period:
            problems.append(_("Chưa ghi thời gian thực hiện cho “%(title)s”.") % {"title": item.title})
    return problems


def plan_submit(*, plan, by):
    if not _is_owner(by, plan):
        raise PlanError(_("Chỉ người lập kế hoạch mới được nộp kế hoạch này."))
    with transaction.atomic():
        plan = _lock(plan)
        _require_status(plan, EDITABLE, _("Kế hoạch đang ở trạng thái %(status)s nên không thể nộp."))
        _require_open(plan, DeadlineKind.PLAN_SUBMIT)
        problems = plan_problems(plan=plan)
        if problems:
            raise PlanError(" ".join(problems))
        _record(plan, by=by, to_status=PlanStatus.SUBMITTED, action="submitted")
        plan.submitted_at = timezone.now()
        plan.save()
    return plan


def plan_withdraw(*, plan, by):
    """Rút lại: the teacher takes back a submission nobody has acted on yet."""
    if not _is_owner(by, plan):
        raise PlanError(_("Chỉ người lập kế hoạch mới được rút lại kế hoạch này."))
    with transaction.atomic():
        plan = _lock(plan)
        _require_status(plan, {PlanStatus.SUBMITTED}, _("Kế hoạch đang ở trạng thái %(status)s nên không thể rút lại."))
        back_to = PlanStatus.RETURNED if plan.returned_snapshot else PlanStatus.DRAFT
        _record(plan, by=by, to_status=back_to, action="withdrawn")
        plan.save()
    return plan


def _require_manager(by, plan):
    if not is_plan_manager(by, plan):
        raise PlanError(
            _(
                "Chỉ lãnh đạo nhà trường (với kế hoạch của cán bộ quản lý: cấp trên của trường) "
                "mới được xử lý kế hoạch này."
            )
        )


def plan_return(*, plan, by, comment):
    _require_manager(by, plan)
    if not comment.strip():
        raise PlanError(_("Hãy ghi lý do trả lại để giáo viên biết cần sửa gì."))
    with transaction.atomic():
        plan = _lock(plan)
        _require_status(plan, {PlanStatus.SUBMITTED}, _("Kế hoạch đang ở trạng thái %(status)s nên không thể trả lại."))
        _require_open(plan, DeadlineKind.PLAN_APPROVE)
        _record(plan, by=by, to_status=PlanStatus.RETURNED, action="returned", comment=comment.strip())
        plan.returned_snapshot = rules.items_snapshot(plan.items.select_related("module", "topic"))
        plan.decided_at, plan.decided_by = timezone.now(), by
        plan.save()
    return plan


def _approve_in_place(plan, *, by, comment, deadline_open, memo=None):
    """Check and apply one approval on a locked plan; returns the transition to save (the caller saves both).
    ``memo``: a dict kept over a batch for the receivers of ``plan_approving``."""
    _require_manager(by, plan)
    _require_status(plan, {PlanStatus.SUBMITTED}, _("Kế hoạch đang ở trạng thái %(status)s nên không thể phê duyệt."))
    if not deadline_open(plan):
        raise PlanError(deadline_closed_message(year=plan.year, kind=DeadlineKind.PLAN_APPROVE, school=plan.school))
    signals.plan_approving.send(sender=Plan, plan=plan, memo=memo)
    transition = PlanTransition(
        plan=plan, from_status=plan.status, to_status=PlanStatus.APPROVED, action="approved", by=by, comment=comment
    )
    plan.status, plan.version = PlanStatus.APPROVED, plan.version + 1
    plan.decided_at, plan.decided_by = timezone.now(), by
    return transition


def _approval_deadline_checker():
    """deadline_is_open for PLAN_APPROVE, computed once per (year, school) within one batch."""
    cache = {}

    def is_open(plan):
        key = (plan.year_id, plan.school_id)
        if key not in cache:
            cache[key] = deadline_is_open(year=plan.year, kind=DeadlineKind.PLAN_APPROVE, school=plan.school)
        return cache[key]

    return is_open


APPROVAL_FIELDS = ["status", "version", "decided_at", "decided_by", "updated_at"]


def plan_approve(*, plan, by, comment=""):
    with transaction.atomic():
        plan = _lock(plan)
        transition = _approve_in_place(plan, by=by, comment=comment.strip(), deadline_open=_approval_deadline_checker())
        transition.save()
        _audit_entry(transition).save()
        plan.save(update_fields=APPROVAL_FIELDS)
        signals.plan_transitions_recorded.send(sender=Plan, transitions=[transition])
    return plan


def plan_batch_approve(*, plans, by):
    """Approve many plans in one transaction; returns (approved, [(plan, reason), …]).

    Each plan gets the same checks as a single approval and its own recorded transition; a plan that
    cannot be approved is reported and never blocks the others.
    """
    approved, skipped, transitions = [], [], []
    deadline_open, memo = _approval_deadline_checker(), {}
    with transaction.atomic():
        locked = (
            Plan.objects.select_for_update(of=("self",))
            .filter(pk__in=[plan.pk for plan in plans])
            .select_related("staff", "school", "year")
            .order_by("pk")
        )
        for plan in locked:
            try:
                transitions.append(_approve_in_place(plan, by=by, comment="", deadline_open=deadline_open, memo=memo))
            except PlanError as error:
                skipped.append((plan, str(error)))
            else:
                approved.append(plan)
        # Every approved plan gets the same values, so one UPDATE does it (versions move by one each).
        now = timezone.now()
        Plan.objects.filter(pk__in=[plan.pk for plan in approved]).update(
            status=PlanStatus.APPROVED, version=F("version") + 1, decided_at=now, decided_by=by, updated_at=now
        )
        PlanTransition.objects.bulk_create(transitions)
        audit.record_bulk(_audit_entry(transition) for transition in transitions)
        signals.plan_transitions_recorded.send(sender=Plan, transitions=transitions)
    return approved, skipped


def plan_batch_preview(*, plans, by):
    """What ``plan_batch_approve`` would do now, without doing it: (approvable, [(plan, reason), …]).

    The same code runs inside a transaction that is rolled back, so the preview cannot drift from the rules."""
    with transaction.atomic():
        approved, skipped = plan_batch_approve(plans=plans, by=by)
        transaction.set_rollback(True)
    return approved, skipped


def reopen_refusal(*, plan, by):
    """Why ``plan_reopen`` would refuse ``by`` this plan now, "" when it would reopen it: the plan page offers the
    form only then. The apps above answer through ``plans.signals.plan_reopening`` (assessment: a confirmed result)."""
    try:
        _require_manager(by, plan)
        _require_status(plan, {PlanStatus.APPROVED}, _("Kế hoạch đang ở trạng thái %(status)s nên không cần mở lại."))
        signals.plan_reopening.send(sender=Plan, plan=plan)
    except PlanError as error:
        return str(error)
    return ""


def plan_reopen(*, plan, by, reason):
    """Mở lại kế hoạch đã duyệt: only the school manager, with a reason; the teacher edits and resubmits."""
    _require_manager(by, plan)
    if not reason.strip():
        raise PlanError(_("Hãy ghi lý do mở lại kế hoạch."))
    with transaction.atomic():
        plan = _lock(plan)
        _require_status(plan, {PlanStatus.APPROVED}, _("Kế hoạch đang ở trạng thái %(status)s nên không cần mở lại."))
        signals.plan_reopening.send(sender=Plan, plan=plan)
        _record(plan, by=by, to_status=PlanStatus.RETURNED, action="reopened", comment=reason.strip())
        plan.returned_snapshot = rules.items_snapshot(plan.items.select_related("module", "topic"))
        plan.save()
        signals.plan_reopened.send(sender=Plan, plan=plan)
    return plan


def plan_set_exemption(*, plan, by, exempt, reason=""):
    """Miễn nội dung 3 (e.g. English teachers on the Sở's English course), set by the school manager."""
    _require_manager(by, plan)
    if exempt and not plan.year.allows_exemption:
        raise PlanError(exemption_refusal(plan.year))
    if exempt and not reason.strip():
        raise PlanError(_("Hãy ghi lý do miễn %(label)s.") % {"label": plan.year.content_label(3).lower()})
    with transaction.atomic():
        plan = _lock(plan)
        if plan.status == PlanStatus.APPROVED:
            raise PlanError(_("Kế hoạch đã được phê duyệt: hãy mở lại kế hoạch trước khi đổi miễn giảm."))
        plan.exempt_content3, plan.exemption_reason = exempt, reason.strip() if exempt else ""
        transition = PlanTransition.objects.create(
            plan=plan,
            from_status=plan.status,
            to_status=plan.status,
            action="exempted" if exempt else "exemption_removed",
            by=by,
            comment=plan.exemption_reason,
        )
        _audit_entry(transition).save()
        plan.version += 1
        plan.save()
    return plan

"""Study logs, evidence and school training sessions (nhật ký bồi dưỡng, minh chứng, sinh hoạt chuyên môn).

A teacher logs study against an item of their approved plan and attaches evidence; the group head (TTCM)
of the same school and subject group, or the school's manager, confirms the entries; confirmed entries are
read-only. A training session is recorded once with its attendance list and writes one confirmed log per
attendee on the matching item of their plan; re-recording updates those logs and never duplicates them.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import Cap, Scope, can, scope_of
from audit import services as audit
from core.money import hours_text
from core.storage import STORAGE_ERRORS
from plans.models import Plan, PlanItem, PlanStatus
from plans.services import PlanError
from years.rulesets import Ruleset

from . import signals
from .models import Evidence, LogStatus, StudyLog, TrainingSession


def content_name(year, content):
    """A content inside a sentence: "nội dung 3" (TT 26/2012), "chương trình bồi dưỡng 03" (TT 19/2019)."""
    text = year.regime.content_label(content)
    return text[:1].lower() + text[1:]


logger = logging.getLogger(__name__)

MAX_HOURS_PER_ENTRY = Decimal("10")
HOURS_STEP = Decimal("0.5")
MAX_FILES_PER_LOG = 10


class StudyError(PlanError):
    """A translatable error of study logging, evidence or sessions, shown to the user as a message."""


class AlreadyRecorded(StudyError):
    """The same log form was sent again (a double click, a resent page): the entry exists, nothing new is made."""

    def __init__(self, log):
        super().__init__(_("Nhật ký này đã được ghi rồi (trang được gửi hai lần), không ghi thêm."))
        self.log = log


# --- rules shared by logs and sessions ----------------------------------------------------------------------


def year_bounds(year):
    """First and last day of a training year: 1 August of start_year to 31 July of the next year."""
    return datetime.date(year.start_year, 8, 1), datetime.date(year.start_year + 1, 7, 31)


def today():
    """Today in the project's time zone (one place, so tests can fix the date)."""
    return timezone.localdate()


def clean_hours(hours):
    """Tiết of one entry as a Decimal: more than 0, at most 10, in steps of 0.5."""
    try:
        value = Decimal(str(hours).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise StudyError(_("Số tiết phải là một số, ví dụ 2 hoặc 1,5.")) from None
    if not value.is_finite() or value <= 0:
        raise StudyError(_("Số tiết phải lớn hơn 0."))
    if value > MAX_HOURS_PER_ENTRY:
        raise StudyError(_("Mỗi lần ghi tối đa %(max)s tiết.") % {"max": MAX_HOURS_PER_ENTRY})
    if (value / HOURS_STEP) % 1 != 0:
        raise StudyError(_("Số tiết ghi theo bước 0,5 (ví dụ 1; 1,5; 2)."))
    return value.quantize(Decimal("0.1"))


def clean_date(date, year):
    """A study date that is not in the future and lies inside the training year."""
    if not isinstance(date, datetime.date):
        raise StudyError(_("Hãy nhập ngày học."))
    if date > today():
        raise StudyError(_("Ngày học không được ở tương lai."))
    first, last = year_bounds(year)
    if not first <= date <= last:
        raise StudyError(
            _("Ngày học phải trong năm học %(year)s (từ %(first)s đến %(last)s).")
            % {"year": year.name, "first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"}
        )
    return date


def _require_approved(plan):
    if plan.status != PlanStatus.APPROVED:
        raise StudyError(
            _("Kế hoạch đang ở trạng thái “%(status)s”: chỉ ghi nhật ký khi kế hoạch đã được phê duyệt.")
            % {"status": plan.get_status_display()}
        )


def _is_owner(user, plan):
    return user.staff_id is not None and user.staff_id == plan.staff_id


def _require_owner(user, log_or_item):
    plan = log_or_item.item.plan if isinstance(log_or_item, StudyLog) else log_or_item.plan
    if not _is_owner(user, plan):
        raise StudyError(_("Chỉ người có kế hoạch mới được ghi nhật ký của mình."))


def _require_editable(log):
    if log.status == LogStatus.CONFIRMED:
        raise StudyError(_("Nhật ký đã được xác nhận nên không sửa, xoá được nữa."))
    if log.session_id:
        raise StudyError(
            _("Nhật ký này do nhà trường ghi từ buổi sinh hoạt chuyên môn; chỉ người ghi buổi đó mới sửa được.")
        )


def _description(text):
    text = (text or "").strip()
    if not text:
        raise StudyError(_("Hãy ghi nội dung đã học."))
    return text


def _require_within_plan(item, hours, *, replacing=None):
    """A log never takes its item beyond the tiết planned for it (the plan's total counts what is logged).

    Call with the plan locked, so two entries sent at once cannot both fit the same remaining tiết.
    """
    logged = StudyLog.objects.filter(item=item).exclude(pk=replacing).aggregate(total=Sum("hours"))["total"] or 0
    remaining = Decimal(item.hours) - logged
    if hours <= remaining:
        return
    values = {"title": item.title, "planned": item.hours, "logged": hours_text(Decimal(logged))}
    if remaining <= 0:
        raise StudyError(_("“%(title)s” đã ghi đủ %(planned)s tiết theo kế hoạch nên không ghi thêm được.") % values)
    raise StudyError(
        _(
            "“%(title)s” có %(planned)s tiết theo kế hoạch, đã ghi %(logged)s tiết: chỉ còn %(remaining)s tiết, "
            "không ghi được %(hours)s tiết."
        )
        % {**values, "remaining": hours_text(remaining), "hours": hours_text(hours)}
    )


def _lock_log(log):
    return StudyLog.objects.select_for_update().select_related("item__plan__year").get(pk=log.pk)


# --- evidence ------------------------------------------------------------------------------------------------


def _validated(files):
    """Check every file before anything is written: [(upload, content_type)]."""
    from .uploads import validate_upload

    return [(upload, validate_upload(upload)) for upload in files]


def _store(log, checked, by):
    from .uploads import download_name

    stored, written = [], []
    try:
        for upload, content_type in checked:
            upload.seek(0)
            evidence = Evidence(
                log=log,
                original_name=download_name(upload.name, content_type)[:255],
                content_type=content_type,
                size=upload.size,
                uploaded_by=by,
            )
            # The stored name is ours (random, right extension); the user's name is kept for display only.
            name = f"{evidence.file.field.generate_filename(evidence, uuid.uuid4().hex)}{_extension(content_type)}"
            written.append(name)
            evidence.file.name = evidence.file.storage.save(name, upload)
            written[-1] = evidence.file.name
            stored.append(evidence)
        Evidence.objects.bulk_create(stored)
    except STORAGE_ERRORS as error:
        # A full or failing disk, or a bucket that does not answer: nothing half-written stays behind, and the user
        # is told in plain words.
        logger.error("Evidence of log %s not stored, the files written are removed: %s", log.pk, error)
        _remove_files(written)
        where = _("Máy chủ hết chỗ lưu tệp") if isinstance(error, OSError) else _("Kho lưu trữ tệp không trả lời")
        message = _("%(where)s nên chưa lưu được minh chứng. Hãy thử lại sau hoặc báo quản trị hệ thống.") % {
            "where": where
        }
        raise StudyError(message) from error
    except Exception:
        _remove_files(written)
        raise
    return stored


def _extension(content_type):
    from .uploads import EXTENSIONS

    return EXTENSIONS[content_type]


def _remove_files(names):
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        if name:
            try:
                storage.delete(name)
            except STORAGE_ERRORS as error:  # the store that just failed may fail again: say so, keep going
                logger.error("Evidence file %s could not be removed: %s", name, error)


@dataclass
class AttachedFile:
    """What became of one file sent to a log: kept as ``evidence``, or refused with a Vietnamese ``refusal``."""

    name: str
    evidence: Evidence | None = None
    refusal: str = ""

    @property
    def ok(self):
        return self.evidence is not None


def _require_open_for_evidence(log):
    if log.status == LogStatus.CONFIRMED:  # a returned entry is fixed with its evidence too
        raise StudyError(_("Nhật ký đã được xác nhận nên không thêm minh chứng được nữa."))
    _require_approved(log.item.plan)


def evidence_attach(*, log, by, files):
    """Add evidence files to one's own pending or returned log, each on its own: a file that is refused (its type,
    its size, no room left on the log, a full disk) is listed with the reason and the others are kept.

    Returns one ``AttachedFile`` per file, in the order given. Raises StudyError when nothing can be added at all
    (no file, someone else's log, a confirmed log, a plan not approved)."""
    from .uploads import display_name, validate_upload

    files = list(files)
    if not files:
        raise StudyError(_("Hãy chọn ít nhất một tệp minh chứng."))
    _require_owner(by, log)
    _require_open_for_evidence(log)
    outcomes, checked = [], []
    for upload in files:  # read and checked before the log is locked: a slow disk does not hold the lock
        outcome = AttachedFile(name=display_name(upload))
        try:
            checked.append((outcome, upload, validate_upload(upload)))
        except StudyError as error:
            outcome.refusal = str(error)
        outcomes.append(outcome)
    if not checked:
        return outcomes
    with transaction.atomic():
        log = _lock_log(log)
        _require_open_for_evidence(log)
        room = MAX_FILES_PER_LOG - log.evidence.count()
        disk_error = None
        for index, (outcome, upload, content_type) in enumerate(checked):
            if index >= room:
                outcome.refusal = _("Tệp “%(name)s” chưa được thêm: mỗi nhật ký có tối đa %(n)s tệp minh chứng.") % {
                    "name": outcome.name,
                    "n": MAX_FILES_PER_LOG,
                }
            elif disk_error is not None:
                outcome.refusal = disk_error
            else:
                try:
                    (outcome.evidence,) = _store(log, [(upload, content_type)], by)
                except StudyError as error:  # a full disk: this file and the ones after it are not kept
                    disk_error = str(error)
                    outcome.refusal = disk_error
    return outcomes


def evidence_delete(*, evidence, by):
    """Remove one evidence file of one's own pending or returned log."""
    log = evidence.log
    _require_owner(by, log)
    with transaction.atomic():
        log = _lock_log(log)
        if log.status == LogStatus.CONFIRMED:
            raise StudyError(_("Nhật ký đã được xác nhận nên không xoá minh chứng được nữa."))
        name = evidence.file.name
        evidence.delete()
        transaction.on_commit(lambda: _remove_files([name]))


# --- study logs ----------------------------------------------------------------------------------------------


def study_log_create(*, item, by, date, hours, description, files=(), token=None):
    """Ghi nhật ký tự học against an item of the user's own approved plan, with its evidence files.

    ``token`` is the one-time token of the form: sent again with the same entry, it raises AlreadyRecorded.
    """
    _require_owner(by, item)
    plan = item.plan
    _require_approved(plan)
    hours = clean_hours(hours)
    date = clean_date(date, plan.year)
    description = _description(description)
    files = list(files)
    if len(files) > MAX_FILES_PER_LOG:
        raise StudyError(_("Mỗi nhật ký có tối đa %(n)s tệp minh chứng.") % {"n": MAX_FILES_PER_LOG})
    checked = _validated(files)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _require_approved(plan)
        token = _unused_token(token, item=item, date=date, hours=hours, description=description)
        _require_within_plan(item, hours)
        log = StudyLog.objects.create(item=item, date=date, hours=hours, description=description, submit_token=token)
        _store(log, checked, by)
    return log


def _unused_token(token, **entry):
    """The token to record the entry with (call with the plan locked, so a second copy waits for the first).

    The same token with the same entry is a resent form; with another entry it is an old page reused (the
    browser's Back button), which is a new entry, recorded without a token.
    """
    if token is None:
        return None
    earlier = StudyLog.objects.filter(submit_token=token).first()
    if earlier is None:
        return token
    if {name: getattr(earlier, name) for name in entry} == entry:
        raise AlreadyRecorded(earlier)
    return None


def study_log_update(*, log, by, date, hours, description):
    """Sửa a pending or returned entry of one's own log; a returned one goes back to the group head (its reason
    stays on the entry until then, and in the audit log)."""
    _require_owner(by, log)
    with transaction.atomic():
        log = _lock_log(log)
        _require_editable(log)
        Plan.objects.select_for_update().get(pk=log.item.plan_id)  # the item's total is checked under this lock
        _require_approved(log.item.plan)
        log.hours = clean_hours(hours)
        _require_within_plan(log.item, log.hours, replacing=log.pk)
        log.date = clean_date(date, log.item.plan.year)
        log.description = _description(description)
        fields = ["hours", "date", "description"]
        if log.status == LogStatus.RETURNED:
            log.status = LogStatus.PENDING
            fields.append("status")
            audit.record("study.log.resubmitted", actor=by, obj=log, unit=log.item.plan.school_id)
        log.save(update_fields=fields)
    return log


def study_log_delete(*, log, by):
    """Xoá a pending entry of one's own log, with its evidence files."""
    _require_owner(by, log)
    with transaction.atomic():
        log = _lock_log(log)
        _require_editable(log)
        names = list(log.evidence.values_list("file", flat=True))
        log.delete()
        transaction.on_commit(lambda: _remove_files(names))


def can_confirm(user, log):
    """The school's manager, or the group head of the log owner's school and subject group (never their own)."""
    plan = log.item.plan
    return can(user, Cap.CONFIRM, plan) and (user.is_admin_role or not _is_owner(user, plan))


_NOW = object()  # in ``_decide``'s changes: the moment of the decision


def _decide(logs, *, by, action, changes, already, reason=""):
    """Set ``changes`` on each pending log ``by`` may decide: returns (decided, [(log, why not), …]); one refusal
    never blocks the rest. A conditional UPDATE, so a double-clicked POST decides once and reports the rest; each
    decision is in the audit log (``action``) with its ``reason``."""
    if isinstance(logs, StudyLog):
        logs = [logs]
    decided, skipped = [], []
    now = timezone.now()
    changes = {name: (now if value is _NOW else value) for name, value in changes.items()}
    for log in logs:
        if not can_confirm(by, log):
            skipped.append((log, _("Bạn không phụ trách xác nhận nhật ký của người này.")))
            continue
        if StudyLog.objects.filter(pk=log.pk, status=LogStatus.PENDING).update(**changes):
            for name, value in changes.items():
                setattr(log, name, value)
            decided.append(log)
        else:
            skipped.append((log, already))
    audit.record_bulk(
        audit.entry(
            action,
            actor=by,
            obj=log,
            unit=log.item.plan.school_id,
            person=log.item.plan.staff_id,
            at=now,
            reason=reason,
        )
        for log in decided
    )
    if decided:
        signals.logs_decided.send(StudyLog, logs=decided, action=action, reason=reason)
    return decided, skipped


def study_log_confirm(*, logs, by):
    """Xác nhận nhật ký, one or many: returns (confirmed, [(log, reason), …]); their tiết now count."""
    confirmed, skipped = _decide(
        logs,
        by=by,
        action="study.log.confirmed",
        changes={"status": LogStatus.CONFIRMED, "confirmed_by": by, "confirmed_at": _NOW},
        already=_("Nhật ký đã được xác nhận trước đó."),
    )
    if confirmed:
        signals.hours_changed.send(StudyLog, plan_ids={log.item.plan_id for log in confirmed})
    return confirmed, skipped


def study_log_return(*, logs, by, reason):
    """Trả lại nhật ký, one or many, with the reason the owner reads: returns (returned, [(log, why not), …])."""
    reason = (reason or "").strip()
    if not reason:
        raise StudyError(_("Hãy ghi lý do trả lại để người học biết cần sửa gì."))
    return _decide(
        logs,
        by=by,
        action="study.log.returned",
        changes={"status": LogStatus.RETURNED, "return_reason": reason, "returned_by": by, "returned_at": _NOW},
        already=_("Nhật ký không còn chờ xác nhận."),
        reason=reason,
    )


# --- training sessions ---------------------------------------------------------------------------------------


@dataclass
class SessionResult:
    """What recording a session did: the logs written and the attendees it could not credit, with reasons."""

    session: TrainingSession
    logged: list = field(default_factory=list)
    not_logged: list = field(default_factory=list)  # [(staff, reason)]

    @property
    def message(self):
        """One Vietnamese sentence for the page."""
        text = _("Đã ghi %(n)s tiết cho %(count)s người tham dự.") % {
            "n": hours_text(self.session.hours),
            "count": len(self.logged),
        }
        if self.not_logged:
            reasons = "; ".join(f"{staff.full_name} ({reason})" for staff, reason in self.not_logged)
            text += " " + _("Chưa ghi được cho %(count)s người: %(list)s.") % {
                "count": len(self.not_logged),
                "list": reasons,
            }
        return text


def can_record_sessions(user, school):
    """School managers for their school, group heads for their own group's sessions."""
    if school is None:
        return user.is_admin_role
    if scope_of(user, Cap.CONFIRM) == Scope.GROUP:  # a group is people: the school is where they meet
        return user.staff_id is not None and user.unit_id == school.pk
    return can(user, Cap.CONFIRM, school)


def _group_of(user):
    """The subject group a group head is bound to, None for managers and admins."""
    if user.role == Role.GROUP_HEAD and not user.is_admin_role:
        return user.staff.subject_group if user.staff_id else ""
    return None


def _check_session(*, school, year, by, title, content, topic, module, subject_group, attendees):
    from years.selectors import department_of

    if not can_record_sessions(by, school):
        raise StudyError(_("Chỉ lãnh đạo nhà trường hoặc tổ trưởng chuyên môn mới được ghi buổi sinh hoạt."))
    if department_of(school) is None or department_of(school).pk != year.department_id:
        raise StudyError(_("Năm học không thuộc Sở quản lý trường này."))
    if not (title or "").strip():
        raise StudyError(_("Hãy ghi nội dung buổi sinh hoạt."))
    if content not in (1, 2, 3):
        raise StudyError(
            _("Hãy chọn %(one)s, %(two)s hoặc %(three)s.")
            % {"one": content_name(year, 1), "two": content_name(year, 2), "three": content_name(year, 3)}
            if year.ruleset != Ruleset.TT26_2012
            else _("Hãy chọn nội dung bồi dưỡng 1, 2 hoặc 3.")
        )
    if module is not None and content != 3:
        raise StudyError(_("Mô đun chỉ dùng cho %(content)s.") % {"content": content_name(year, 3)})
    if topic is not None and (content == 3 or topic.content != content or topic.year_id != year.pk):
        raise StudyError(
            _("Chuyên đề không thuộc %(content)s của năm học này.") % {"content": content_name(year, content)}
        )
    group = _group_of(by)
    if group is not None and (subject_group or group) != group:
        raise StudyError(_("Tổ trưởng chỉ ghi buổi sinh hoạt của tổ mình."))
    if not attendees:
        raise StudyError(_("Hãy đánh dấu những người tham dự."))
    for member in attendees:
        if member.unit_id != school.pk:
            raise StudyError(_("%(name)s không thuộc trường này.") % {"name": member.full_name})
        if group is not None and member.subject_group != group:
            raise StudyError(_("%(name)s không thuộc tổ của bạn.") % {"name": member.full_name})
    return group


def topic_key(topic):
    """What makes two topics the same chuyên đề: the Sở publishes each one per level and audience (GV, CBQL)
    under one title, and a session on it counts for teachers and managers alike."""
    return topic.content, " ".join(topic.title.split()).casefold()


def _matching_item(plan_items, session):
    """The item a session counts for: same content, and the same module/topic when the session names one."""
    same_content = [item for item in plan_items if item.content == session.content]
    if session.module_id:
        return next((item for item in same_content if item.module_id == session.module_id), None)
    if session.topic_id:
        exact = next((item for item in same_content if item.topic_id == session.topic_id), None)
        key = topic_key(session.topic)
        return exact or next((item for item in same_content if item.topic_id and topic_key(item.topic) == key), None)
    return same_content[0] if same_content else None


def _no_item_reason(session):
    if session.module_id:
        return _("kế hoạch không có mô đun %(code)s") % {"code": session.module.code}
    if session.topic_id:
        return _("kế hoạch không có chuyên đề “%(title)s”") % {"title": session.topic.title}
    return _("kế hoạch không có %(content)s") % {"content": content_name(session.year, session.content)}


def _nobody_has_it(session):
    if session.module_id:
        what = _("mô đun %(code)s") % {"code": session.module.code}
    elif session.topic_id:
        what = _("chuyên đề “%(title)s”") % {"title": session.topic.title}
    else:
        what = content_name(session.year, session.content)
    return StudyError(
        _(
            "Không người tham dự nào có %(what)s trong kế hoạch nên buổi sinh hoạt không được tính cho ai. "
            "Hãy chọn đúng nội dung, chuyên đề hoặc mô đun của buổi, hoặc kiểm tra danh sách tham dự."
        )
        % {"what": what}
    )


def _sync_session_logs(session, by):
    """Make the session's logs exactly one per credited attendee; report the others.

    A session whose content, topic or module is in none of the attendees' plans would credit nobody: it is
    refused (the caller's transaction rolls back), rather than saved with a message nobody reads.
    """
    result = SessionResult(session=session)
    attendees = list(session.attendees.order_by("sort_key", "id"))
    items = PlanItem.objects.select_related("topic")
    plans = {
        plan.staff_id: plan
        # Locked as a self-study entry locks its plan: the tiết left on an item are read once, here.
        for plan in Plan.objects.select_for_update()
        .filter(year=session.year, staff__in=attendees)
        .prefetch_related(Prefetch("items", queryset=items))
    }
    # Tiết already on each item of the session's content, this session's own logs left out (re-recording).
    logged = dict(
        StudyLog.objects.filter(item__plan__in=list(plans.values()), item__content=session.content)
        .exclude(session=session)
        .values("item")
        .annotate(total=Sum("hours"))
        .values_list("item", "total")
    )
    now = timezone.now()
    kept = []
    someone_has_it = False
    for member in attendees:
        plan = plans.get(member.pk)
        if plan is None:
            result.not_logged.append((member, _("chưa có kế hoạch")))
            continue
        items = sorted(plan.items.all(), key=lambda item: (item.content, item.order, item.pk))
        item = _matching_item(items, session)
        someone_has_it = someone_has_it or item is not None
        if plan.status != PlanStatus.APPROVED:
            result.not_logged.append((member, _("kế hoạch chưa được phê duyệt")))
            continue
        if item is None:
            result.not_logged.append((member, _no_item_reason(session)))
            continue
        room = Decimal(item.hours) - logged.get(item.pk, 0)
        if session.hours > room:
            # As for self-study: never beyond the tiết the plan gives the item (the plan's total counts them).
            values = {"title": item.title, "n": hours_text(room), "planned": item.hours}
            reason = (
                _("“%(title)s” chỉ còn %(n)s tiết theo kế hoạch")
                if room > 0
                else _("“%(title)s” đã ghi đủ %(planned)s tiết theo kế hoạch")
            )
            result.not_logged.append((member, reason % values))
            continue
        log, _created = StudyLog.objects.update_or_create(
            item=item,
            session=session,
            defaults={
                "date": session.date,
                "hours": session.hours,
                "description": session.title,
                "status": LogStatus.CONFIRMED,
                "confirmed_by": by,
                "confirmed_at": now,
            },
        )
        kept.append(log.pk)
        result.logged.append(log)
    if plans and not someone_has_it:
        raise _nobody_has_it(session)
    StudyLog.objects.filter(session=session).exclude(pk__in=kept).delete()
    signals.hours_changed.send(StudyLog, plan_ids={plan.pk for plan in plans.values()})
    return result


def training_session_record(
    *,
    school,
    year,
    by,
    title,
    date,
    hours,
    content,
    attendees,
    topic=None,
    module=None,
    subject_group="",
    session=None,
):
    """Ghi buổi sinh hoạt chuyên môn (or re-record ``session``) and credit its tiết to every attendee.

    Returns a SessionResult; attendees without an approved plan or a matching item are listed in it.
    """
    attendees = list(attendees)
    group = _check_session(
        school=school,
        year=year,
        by=by,
        title=title,
        content=content,
        topic=topic,
        module=module,
        subject_group=subject_group,
        attendees=attendees,
    )
    hours = clean_hours(hours)
    date = clean_date(date, year)
    values = {
        "title": title.strip(),
        "date": date,
        "hours": hours,
        "content": content,
        "topic": topic,
        "module": module,
        "subject_group": (subject_group or group or "").strip(),
    }
    with transaction.atomic():
        if session is None:
            session = TrainingSession.objects.create(school=school, year=year, created_by=by, **values)
        else:
            session = TrainingSession.objects.select_for_update().get(pk=session.pk)
            if session.school_id != school.pk or session.year_id != year.pk:
                raise StudyError(_("Buổi sinh hoạt thuộc trường hoặc năm học khác."))
            _require_session_group(session, by)
            for name, value in values.items():
                setattr(session, name, value)
            session.save()
        session.attendees.set(attendees)
        return _sync_session_logs(session, by)


def _require_session_group(session, by):
    group = _group_of(by)
    if group is not None and session.subject_group != group:
        raise StudyError(_("Tổ trưởng chỉ sửa buổi sinh hoạt của tổ mình."))


def training_session_update_attendance(*, session, by, attendees):
    """Change who attended; logs follow (added, kept, or removed for those taken off the list)."""
    attendees = list(attendees)
    _check_session(
        school=session.school,
        year=session.year,
        by=by,
        title=session.title,
        content=session.content,
        topic=session.topic,
        module=session.module,
        subject_group=session.subject_group,
        attendees=attendees,
    )
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        _require_session_group(session, by)
        session.attendees.set(attendees)
        return _sync_session_logs(session, by)

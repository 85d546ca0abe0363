"""Writes for core teachers: designations, and the support plan and report workflow.

Workflow (the same for the plan and the report, like personal plans): the core teacher saves a draft and
submits it; the school manager of the core teacher's school approves it or returns it with a comment; the
teacher may withdraw a submission nobody has acted on; the manager may reopen an approved one with a reason.
Every change checks the current status inside a locked transaction and is recorded as a Transition, so a
double-clicked POST is a clear Vietnamese error, never a second change.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scoping
from accounts.models import Level, Staff, path_ids
from accounts.permissions import Cap, can
from accounts.services import staff_save
from audit import services as audit
from core.errors import DomainError
from core.vietnamese import fold

from .models import Designation, Status, Subject, SupportPlan, SupportReport, Transition


class CoreTeacherError(DomainError):
    """A translatable error of the core teacher services, shown to the user as a message."""


EDITABLE = {Status.DRAFT, Status.RETURNED}


# --- Who may do what ---------------------------------------------------------------------------------------------


def can_designate(user):
    """School managers in their school, Phòng and Sở officers in their subtree, system admins."""
    return scoping.can_manage_staff(user)


def designatable_staff(user):
    """Active staff the user may designate as core teachers."""
    return scoping.manageable_staff(user).filter(is_active=True)


def is_owner(user, designation):
    return user.staff_id is not None and user.staff_id == designation.staff_id


def is_approver(user, designation):
    """The school manager (HT/PHT) of the core teacher's school, never the core teacher; a system admin."""
    if is_owner(user, designation):
        return False
    return user.is_admin_role or (user.unit_id == designation.school_id and can(user, Cap.APPROVE))


def can_revoke(user, designation):
    """Whoever may designate where the designation's school is, at the level that designated it or above
    (a principal cannot undo a designation made by the Phòng or the Sở)."""
    if user.is_admin_role:
        return True
    if not can_designate(user) or user.unit_id is None:
        return False
    if not designation.school.is_within(user.unit):
        return False
    designator_unit = designation.designated_by.unit
    return designator_unit is not None and designator_unit.is_within(user.unit)


# --- Designations ------------------------------------------------------------------------------------------------


def designation_create(*, staff, year, subject, by, level="", decision="", note=""):
    """Phân công a staff member as core teacher of ``subject`` at ``level`` (the staff's own level when blank)."""
    from years.selectors import department_of

    if not can_designate(by) or not designatable_staff(by).filter(pk=staff.pk).exists():
        raise CoreTeacherError(_("Bạn không có quyền phân công giáo viên cốt cán cho người này."))
    if subject not in Subject.values:
        raise CoreTeacherError(_("Hãy chọn môn học / lĩnh vực."))
    level = level or staff.level
    if level not in Level.values:
        raise CoreTeacherError(_("Cấp học không hợp lệ."))
    if department_of(staff.unit) != year.department:
        raise CoreTeacherError(_("Năm học này không thuộc Sở quản lý trường của giáo viên."))
    with transaction.atomic():
        existing = (
            Designation.objects.select_for_update().filter(year=year, staff=staff, subject=subject, level=level).first()
        )
        if existing is not None and existing.active:
            raise CoreTeacherError(
                _("%(name)s đã là giáo viên cốt cán môn %(subject)s, cấp %(level)s năm học %(year)s.")
                % {
                    "name": staff.full_name,
                    "subject": existing.get_subject_display(),
                    "level": existing.get_level_display(),
                    "year": year.name,
                }
            )
        designation = existing or Designation(year=year, staff=staff, subject=subject, level=level)
        designation.school = staff.unit
        designation.decision, designation.note = decision.strip()[:128], note.strip()
        designation.active = True
        designation.designated_by, designation.designated_at = by, timezone.now()
        designation.revoked_by, designation.revoked_at, designation.revoke_reason = None, None, ""
        try:
            with transaction.atomic():
                designation.save()
        except IntegrityError:
            raise CoreTeacherError(_("Giáo viên này vừa được phân công ở nơi khác. Hãy tải lại trang.")) from None
        _sync_core_flag(designation, by=by, reason=_("Phân công giáo viên cốt cán"))
    return designation


def designation_revoke(*, designation, by, reason):
    """Thôi phân công: the designation stays on record (with its plan and report), marked inactive."""
    if not can_revoke(by, designation):
        raise CoreTeacherError(_("Chỉ đơn vị đã phân công (hoặc cấp trên) mới được thôi phân công giáo viên cốt cán."))
    if not reason.strip():
        raise CoreTeacherError(_("Hãy ghi lý do thôi phân công."))
    with transaction.atomic():
        designation = Designation.objects.select_for_update().select_related("year").get(pk=designation.pk)
        if not designation.active:
            raise CoreTeacherError(_("Giáo viên này đã thôi là cốt cán theo phân công này."))
        designation.active = False
        designation.revoked_by, designation.revoked_at = by, timezone.now()
        designation.revoke_reason = reason.strip()
        designation.save(update_fields=["active", "revoked_by", "revoked_at", "revoke_reason"])
        _sync_core_flag(designation, by=by, reason=_("Thôi phân công giáo viên cốt cán"))
    return designation


# Words of a subject group's name (without diacritics) → the subject its core teacher leads.
GROUP_SUBJECTS = [
    ("toan", Subject.TOAN),
    ("ngu van", Subject.NGU_VAN),
    ("tieng viet", Subject.TIENG_VIET),
    ("ngoai ngu", Subject.NGOAI_NGU),
    ("tieng anh", Subject.NGOAI_NGU),
    ("khoa hoc tu nhien", Subject.KHTN),
    ("tin hoc", Subject.TIN_HOC),
    ("the duc", Subject.GDTC),
    ("the chat", Subject.GDTC),
    ("am nhac", Subject.AM_NHAC),
    ("mi thuat", Subject.MI_THUAT),
    ("my thuat", Subject.MI_THUAT),
]


def subject_for(staff):
    """The subject given to a designation nobody chose one for (the staff import): managers lead management,
    preschool is one field, a subject group's name tells the rest, otherwise "Khác" until the school corrects it."""
    if staff.is_manager:
        return Subject.QUAN_LY
    if staff.level == Level.MN:
        return Subject.MAM_NON
    group = fold(staff.subject_group)
    for words, subject in GROUP_SUBJECTS:
        if words in group:
            return subject
    return Subject.OTHER


def designations_follow_import(*, flags_by_code, by):
    """The staff import's "Cốt cán" column, applied where core teachers live: the designations of the current year.

    "x" designates the person for the current year of their Sở (unless already designated); an empty cell revokes
    nothing (that needs a reason, on the core-teacher page) and the flag goes back to what the designations say.
    With no current year there is nothing to designate into and the flag keeps what the file said.
    Returns the number of designations made."""
    from years.models import TrainingYear

    # Three queries whatever the size of the file: the records, every current year (years belong to Sở units, so
    # the year of a record is the one whose Sở is on its unit's path), who is designated already.
    staff_list = list(Staff.objects.filter(code__in=list(flags_by_code)).select_related("unit"))
    years = {year.department_id: year for year in TrainingYear.objects.filter(is_current=True)}
    year_of = {}
    for staff in staff_list:
        year_of[staff.pk] = next((years[i] for i in path_ids(staff.unit.path) if i in years), None)
    designated = set(
        Designation.objects.filter(
            staff_id__in=[pk for pk, year in year_of.items() if year is not None],
            year__in=list(years.values()),
            active=True,
        ).values_list("staff_id", flat=True)
    )
    made = 0
    for staff in staff_list:
        year = year_of[staff.pk]
        if year is None:
            continue
        if flags_by_code[staff.code] and staff.pk not in designated and staff.is_active:
            try:
                designation_create(
                    staff=staff, year=year, subject=subject_for(staff), by=by, note=_("Nhập từ Excel (cột Cốt cán)")
                )
            except CoreTeacherError:
                continue
            made += 1
        elif staff.pk in designated and not staff.is_core_teacher:
            staff.is_core_teacher = True
            staff_save(staff=staff, changed_by=by, reason=_("Vẫn là giáo viên cốt cán theo phân công năm học"))
    return made


def _sync_core_flag(designation, *, by, reason):
    """Keep Staff.is_core_teacher equal to "has an active designation in the current year".

    Designations of other years leave the flag alone (it is the quick flag for now). The change goes through
    accounts.services.staff_save so the staff history records who made it and why."""
    if not designation.year.is_current:
        return
    staff = Staff.objects.select_for_update().get(pk=designation.staff_id)
    wanted = Designation.objects.filter(staff=staff, active=True, year__is_current=True).exists()
    if staff.is_core_teacher != wanted:
        staff.is_core_teacher = wanted
        staff_save(staff=staff, changed_by=by, reason=reason)


# --- The shared workflow -----------------------------------------------------------------------------------------

NOUNS = {Transition.Kind.PLAN: gettext_lazy("Kế hoạch hỗ trợ"), Transition.Kind.REPORT: gettext_lazy("Báo cáo hỗ trợ")}


def _kind(document):
    return Transition.Kind.PLAN if isinstance(document, SupportPlan) else Transition.Kind.REPORT


def _noun(document):
    return str(NOUNS[_kind(document)])


def _lock(document):
    return type(document).objects.select_for_update().select_related("designation").get(pk=document.pk)


def _require_status(document, allowed, verb):
    if document.status not in allowed:
        raise CoreTeacherError(
            _("%(doc)s đang ở trạng thái “%(status)s” nên không thể %(verb)s.")
            % {"doc": _noun(document), "status": document.get_status_display().lower(), "verb": verb}
        )


def _require_owner(by, designation, verb):
    if not is_owner(by, designation):
        raise CoreTeacherError(_("Chỉ giáo viên cốt cán được phân công mới được %(verb)s.") % {"verb": verb})


def _require_active(designation):
    if not designation.active:
        raise CoreTeacherError(_("Phân công giáo viên cốt cán này đã bị thôi nên không thể thay đổi."))


def _require_approver(by, designation):
    if is_owner(by, designation):
        raise CoreTeacherError(_("Giáo viên cốt cán không tự phê duyệt kế hoạch, báo cáo của mình."))
    if not is_approver(by, designation):
        raise CoreTeacherError(_("Chỉ lãnh đạo trường của giáo viên cốt cán mới được xử lý việc này."))


def _audit(transition):
    """The audit log's entry for a support plan or report transition (``coreteachers.plan.approved`` …)."""
    designation = transition.designation
    audit.record(
        f"coreteachers.{transition.kind.lower()}.{transition.action}",
        actor=transition.by,
        obj=designation,
        unit=designation.school_id,
        person=designation.staff_id,
        reason=transition.comment,
    )


def _record(document, *, by, to_status, action, comment=""):
    _audit(
        Transition.objects.create(
            designation_id=document.designation_id,
            kind=_kind(document),
            from_status=document.status,
            to_status=to_status,
            action=action,
            by=by,
            comment=comment,
        )
    )
    document.status = to_status
    document.version += 1


def _submit(document, *, by, problems):
    _require_owner(by, document.designation, _("nộp"))
    with transaction.atomic():
        document = _lock(document)
        _require_active(document.designation)
        _require_status(document, EDITABLE, _("nộp"))
        found = problems(document)
        if found:
            raise CoreTeacherError(" ".join(found))
        _record(document, by=by, to_status=Status.SUBMITTED, action="submitted")
        document.submitted_at = timezone.now()
        document.save()
    return document


def _withdraw(document, *, by):
    _require_owner(by, document.designation, _("rút lại"))
    with transaction.atomic():
        document = _lock(document)
        _require_status(document, {Status.SUBMITTED}, _("rút lại"))
        returned_before = Transition.objects.filter(
            designation_id=document.designation_id, kind=_kind(document), to_status=Status.RETURNED
        ).exists()
        _record(document, by=by, to_status=Status.RETURNED if returned_before else Status.DRAFT, action="withdrawn")
        document.save()
    return document


def _return(document, *, by, comment):
    _require_approver(by, document.designation)
    if not comment.strip():
        raise CoreTeacherError(_("Hãy ghi lý do trả lại để giáo viên biết cần sửa gì."))
    with transaction.atomic():
        document = _lock(document)
        _require_active(document.designation)
        _require_status(document, {Status.SUBMITTED}, _("trả lại"))
        _record(document, by=by, to_status=Status.RETURNED, action="returned", comment=comment.strip())
        document.decided_at, document.decided_by = timezone.now(), by
        document.save()
    return document


def _approve(document, *, by, comment=""):
    _require_approver(by, document.designation)
    with transaction.atomic():
        document = _lock(document)
        _require_active(document.designation)
        _require_status(document, {Status.SUBMITTED}, _("phê duyệt"))
        _record(document, by=by, to_status=Status.APPROVED, action="approved", comment=comment.strip())
        document.decided_at, document.decided_by = timezone.now(), by
        document.save()
    return document


def _reopen(document, *, by, reason, extra_check=None):
    _require_approver(by, document.designation)
    if not reason.strip():
        raise CoreTeacherError(_("Hãy ghi lý do mở lại."))
    with transaction.atomic():
        document = _lock(document)
        _require_active(document.designation)
        _require_status(document, {Status.APPROVED}, _("mở lại"))
        if extra_check:
            extra_check(document)
        _record(document, by=by, to_status=Status.RETURNED, action="reopened", comment=reason.strip())
        document.save()
    return document


def _lock_designation_for_owner(designation, by, verb):
    _require_owner(by, designation, verb)
    designation = Designation.objects.select_for_update().get(pk=designation.pk)
    _require_active(designation)
    return designation


def _check_version(document, expected_version):
    if expected_version is not None and document.version != expected_version:
        raise CoreTeacherError(
            _("%(doc)s đã được thay đổi ở nơi khác. Hãy tải lại trang để xem bản mới nhất.") % {"doc": _noun(document)}
        )


# --- Support plan ------------------------------------------------------------------------------------------------


def colleague_choices(*, designation):
    """Đồng nghiệp a core teacher may support: the active staff of the designation's school but themselves."""
    return Staff.objects.filter(unit_id=designation.school_id, is_active=True).exclude(pk=designation.staff_id)


def support_plan_save(
    *, designation, by, goals, activities, schedule="", colleagues=(), other_targets="", expected_version=None
):
    """Create or update the core teacher's support plan (a draft or a returned plan)."""
    colleague_ids = {colleague.pk for colleague in colleagues}
    allowed = set(colleague_choices(designation=designation).filter(pk__in=colleague_ids).values_list("pk", flat=True))
    if colleague_ids - allowed:
        raise CoreTeacherError(_("Chỉ chọn được đồng nghiệp đang công tác cùng trường (không chọn chính mình)."))
    with transaction.atomic():
        designation = _lock_designation_for_owner(designation, by, _("lập kế hoạch hỗ trợ"))
        plan = SupportPlan.objects.select_for_update().filter(designation=designation).first()
        if plan is None:
            plan = SupportPlan(designation=designation)
            creating = True
        else:
            creating = False
            _check_version(plan, expected_version)
            _require_status(plan, EDITABLE, _("sửa"))
            plan.version += 1
        plan.goals, plan.activities = goals.strip(), _lines(activities)
        plan.schedule, plan.other_targets = schedule.strip(), other_targets.strip()
        plan.save()
        plan.colleagues.set(sorted(allowed))
        if creating:
            _audit(
                Transition.objects.create(
                    designation=designation,
                    kind=Transition.Kind.PLAN,
                    from_status=Status.DRAFT,
                    to_status=Status.DRAFT,
                    action="created",
                    by=by,
                )
            )
    return plan


def _lines(text):
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def support_plan_problems(*, plan):
    """Vietnamese reasons the plan cannot be submitted yet (empty when it can)."""
    problems = []
    if not plan.goals.strip():
        problems.append(_("Chưa ghi mục tiêu hỗ trợ."))
    if not plan.activity_list:
        problems.append(_("Chưa ghi hoạt động hỗ trợ nào."))
    if not plan.schedule.strip():
        problems.append(_("Chưa ghi thời gian thực hiện."))
    if not plan.colleagues.exists() and not plan.other_targets.strip():
        problems.append(_("Chưa chọn đồng nghiệp hoặc ghi đối tượng được hỗ trợ."))
    return problems


def support_plan_submit(*, plan, by):
    return _submit(plan, by=by, problems=lambda locked: support_plan_problems(plan=locked))


def support_plan_withdraw(*, plan, by):
    return _withdraw(plan, by=by)


def support_plan_return(*, plan, by, comment):
    return _return(plan, by=by, comment=comment)


def support_plan_approve(*, plan, by, comment=""):
    return _approve(plan, by=by, comment=comment)


def support_plan_reopen(*, plan, by, reason):
    def report_not_filed(locked):
        report = SupportReport.objects.filter(designation_id=locked.designation_id).first()
        if report is not None and report.status in {Status.SUBMITTED, Status.APPROVED}:
            raise CoreTeacherError(
                _("Báo cáo hỗ trợ đã nộp hoặc đã được phê duyệt: hãy trả lại / mở lại báo cáo trước.")
            )

    return _reopen(plan, by=by, reason=reason, extra_check=report_not_filed)


# --- Support report ----------------------------------------------------------------------------------------------


def _require_plan_approved(designation):
    plan = SupportPlan.objects.filter(designation=designation).first()
    if plan is None or plan.status != Status.APPROVED:
        raise CoreTeacherError(_("Kế hoạch hỗ trợ đồng nghiệp chưa được phê duyệt nên chưa thể lập, nộp báo cáo."))


def support_report_save(
    *, designation, by, summary, sessions_held=0, colleagues_supported=0, evidence="", expected_version=None
):
    """Create or update the core teacher's report on the approved support plan."""
    if sessions_held < 0 or colleagues_supported < 0:
        raise CoreTeacherError(_("Số buổi và số đồng nghiệp không được âm."))
    with transaction.atomic():
        designation = _lock_designation_for_owner(designation, by, _("lập báo cáo hỗ trợ"))
        _require_plan_approved(designation)
        report = SupportReport.objects.select_for_update().filter(designation=designation).first()
        creating = report is None
        if creating:
            report = SupportReport(designation=designation)
        else:
            _check_version(report, expected_version)
            _require_status(report, EDITABLE, _("sửa"))
            report.version += 1
        report.summary, report.evidence = summary.strip(), _lines(evidence)
        report.sessions_held, report.colleagues_supported = sessions_held, colleagues_supported
        report.save()
        if creating:
            _audit(
                Transition.objects.create(
                    designation=designation,
                    kind=Transition.Kind.REPORT,
                    from_status=Status.DRAFT,
                    to_status=Status.DRAFT,
                    action="created",
                    by=by,
                )
            )
    return report


def support_report_problems(*, report):
    problems = []
    if not report.summary.strip():
        problems.append(_("Chưa ghi kết quả đã thực hiện."))
    if report.sessions_held == 0:
        problems.append(_("Chưa ghi số buổi hỗ trợ đã tổ chức."))
    if report.colleagues_supported == 0:
        problems.append(_("Chưa ghi số đồng nghiệp được hỗ trợ."))
    return problems


def support_report_submit(*, report, by):
    def problems(locked):
        _require_plan_approved(locked.designation)
        return support_report_problems(report=locked)

    return _submit(report, by=by, problems=problems)


def support_report_withdraw(*, report, by):
    return _withdraw(report, by=by)


def support_report_return(*, report, by, comment):
    return _return(report, by=by, comment=comment)


def support_report_approve(*, report, by, comment=""):
    return _approve(report, by=by, comment=comment)


def support_report_reopen(*, report, by, reason):
    return _reopen(report, by=by, reason=reason)

"""Writes for training courses and their học viên. Every change is kept by django-simple-history."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts import scoping
from accounts.permissions import Cap, can
from core.errors import DomainError
from core.money import format_vnd
from years.selectors import department_of

from .models import (
    MAX_CLASSES,
    MAX_COST_PER_PERSON,
    MAX_PARTICIPANTS,
    Course,
    CourseAudience,
    CourseStatus,
    Enrollment,
    FundingSource,
)
from .selectors import ORGANISER_KINDS, can_manage_course

COURSE_FIELDS = (
    "name",
    "audience",
    "audience_other",
    "funding_source",
    "funding_other",
    "provider",
    "class_count",
    "planned_participants",
    "cost_per_person",
    "start_date",
    "end_date",
    "status",
    "notes",
)


class CourseError(DomainError):
    """A translatable error raised by course services, shown to the user as a message."""


def _clean_text(value):
    return " ".join(str(value or "").split())


def _whole_number(value, *, label, minimum, maximum):
    if isinstance(value, bool) or not isinstance(value, int):
        raise CourseError(_("%(label)s phải là số nguyên.") % {"label": label})
    if value < minimum:
        raise CourseError(_("%(label)s phải từ %(n)s trở lên.") % {"label": label, "n": minimum})
    if value > maximum:
        raise CourseError(
            _("%(label)s không được quá %(n)s.") % {"label": label, "n": f"{maximum:,}".replace(",", ".")}
        )
    return value


def _validated(values):
    """The course fields, cleaned and checked; CourseError on the first problem."""
    data = {field: values.get(field) for field in COURSE_FIELDS}
    data["name"] = _clean_text(data["name"])[:255]
    if not data["name"]:
        raise CourseError(_("Hãy nhập tên lớp."))
    if data["audience"] not in CourseAudience.values:
        raise CourseError(_("Đối tượng không hợp lệ."))
    data["audience_other"] = (
        _clean_text(data["audience_other"])[:128] if data["audience"] == CourseAudience.OTHER else ""
    )
    if data["audience"] == CourseAudience.OTHER and not data["audience_other"]:
        raise CourseError(_("Đối tượng là “Khác”: hãy ghi rõ đối tượng."))
    if data["funding_source"] not in FundingSource.values:
        raise CourseError(_("Nguồn kinh phí không hợp lệ."))
    is_other = data["funding_source"] == FundingSource.OTHER
    data["funding_other"] = _clean_text(data["funding_other"])[:128] if is_other else ""
    if is_other and not data["funding_other"]:
        raise CourseError(_("Nguồn kinh phí là “Khác”: hãy ghi rõ nguồn."))
    data["provider"] = _clean_text(data["provider"])[:255]
    data["class_count"] = _whole_number(data["class_count"], label=_("Số lớp"), minimum=1, maximum=MAX_CLASSES)
    data["planned_participants"] = _whole_number(
        data["planned_participants"], label=_("Số người"), minimum=1, maximum=MAX_PARTICIPANTS
    )
    cost = data["cost_per_person"]
    if isinstance(cost, bool) or not isinstance(cost, int):
        raise CourseError(_("Kinh phí/người phải là số nguyên đồng."))
    if cost < 0:
        raise CourseError(_("Kinh phí/người không được âm."))
    if cost > MAX_COST_PER_PERSON:
        raise CourseError(_("Kinh phí/người không được quá %(n)s.") % {"n": format_vnd(MAX_COST_PER_PERSON)})
    if data["start_date"] and data["end_date"] and data["end_date"] < data["start_date"]:
        raise CourseError(_("Ngày kết thúc không được trước ngày bắt đầu."))
    data["status"] = data["status"] or CourseStatus.PLANNED
    if data["status"] not in CourseStatus.values:
        raise CourseError(_("Trạng thái không hợp lệ."))
    data["notes"] = str(data["notes"] or "").strip()
    return data


def _check_organiser(*, organiser, year, by):
    if organiser is None or organiser.kind not in ORGANISER_KINDS:
        raise CourseError(_("Lớp bồi dưỡng do Sở, Phòng GD&ĐT hoặc UBND xã tổ chức."))
    if not can(by, Cap.ORGANISE, organiser):
        raise CourseError(_("Bạn chỉ lập lớp bồi dưỡng cho đơn vị của mình."))
    if year is None or department_of(organiser) != year.department:
        raise CourseError(_("Năm học không thuộc Sở của đơn vị tổ chức."))


def course_create(*, organiser, year, by, **values):
    """Lập một lớp bồi dưỡng for ``organiser`` (a Sở or Phòng) in ``year``."""
    _check_organiser(organiser=organiser, year=year, by=by)
    data = _validated(values)
    course = Course(organiser=organiser, year=year, created_by=by, **data)
    course._history_user = by
    course.save()
    return course


def course_update(*, course, by, year=None, **values):
    """Sửa lớp: the organiser's officers only."""
    if not can_manage_course(by, course):
        raise CourseError(_("Chỉ đơn vị tổ chức mới sửa được lớp này."))
    year = year or course.year
    _check_organiser(organiser=course.organiser, year=year, by=by)
    data = _validated(values)
    back_to_planned = data["status"] == CourseStatus.PLANNED and course.status != CourseStatus.PLANNED
    if back_to_planned and Enrollment.objects.filter(course=course, completed=True).exists():
        raise CourseError(_("Lớp đã có học viên hoàn thành nên không chuyển về “Dự kiến” được."))
    for field, value in data.items():
        setattr(course, field, value)
    course.year = year
    course._history_user = by
    course.save()
    return course


def course_delete(*, course, by):
    if not can_manage_course(by, course):
        raise CourseError(_("Chỉ đơn vị tổ chức mới xoá được lớp này."))
    if Enrollment.objects.filter(course=course).exists():
        raise CourseError(_("Lớp đã có học viên. Hãy xoá học viên khỏi lớp trước khi xoá lớp."))
    course._history_user = by
    course.delete()


# --- học viên ----------------------------------------------------------------------------------------------


def enrollment_add(*, course, staff_ids, by):
    """Ghi danh: add staff to the course; returns how many were added (those already in it are skipped).

    Every id must be an active staff record both in ``by``'s scope and under the organiser, otherwise
    nothing is added.
    """
    if not can_manage_course(by, course):
        raise CourseError(_("Chỉ đơn vị tổ chức mới ghi danh học viên được."))
    try:
        wanted = {int(staff_id) for staff_id in staff_ids}
    except (TypeError, ValueError):
        raise CourseError(_("Danh sách học viên không hợp lệ.")) from None
    if not wanted:
        raise CourseError(_("Hãy chọn ít nhất một người."))
    allowed = set(
        scoping.visible_staff(by)
        .filter(scoping.subtree_q(course.organiser, via="unit"), pk__in=wanted, is_active=True)
        .values_list("pk", flat=True)
    )
    if allowed != wanted:
        raise CourseError(
            _("Có %(n)s người không thuộc phạm vi của đơn vị tổ chức (hoặc đã nghỉ) nên không ghi danh được.")
            % {"n": len(wanted - allowed)}
        )
    with transaction.atomic():
        existing = set(Enrollment.objects.filter(course=course, staff_id__in=wanted).values_list("staff_id", flat=True))
        new = [Enrollment(course=course, staff_id=staff_id, enrolled_by=by) for staff_id in sorted(wanted - existing)]
        try:
            bulk_create_with_history(new, Enrollment, default_user=by)
        except IntegrityError:
            raise CourseError(_("Danh sách học viên vừa được người khác thay đổi. Hãy thử lại.")) from None
    return len(new)


def _selected(*, course, enrollment_ids):
    try:
        ids = {int(pk) for pk in enrollment_ids}
    except (TypeError, ValueError):
        raise CourseError(_("Danh sách học viên không hợp lệ.")) from None
    if not ids:
        raise CourseError(_("Hãy chọn ít nhất một học viên."))
    enrollments = list(Enrollment.objects.filter(course=course, pk__in=ids).select_for_update())
    if len(enrollments) != len(ids):
        raise CourseError(_("Có học viên không thuộc lớp này."))
    return enrollments


def _save_enrollment(enrollment, by, reason):
    enrollment._history_user = by
    enrollment._change_reason = reason
    enrollment.save()


def enrollment_set_completed(*, course, enrollment_ids, completed, by, note=None):
    """Ghi nhận (or withdraw) completion for the selected học viên; returns how many changed.

    Completion needs a course that has started. Recording it again keeps the first time; ``note``, when
    given, replaces the result note of each selected học viên.
    """
    if not can_manage_course(by, course):
        raise CourseError(_("Chỉ đơn vị tổ chức mới ghi nhận kết quả được."))
    if completed and course.status == CourseStatus.PLANNED:
        raise CourseError(
            _("Lớp đang ở trạng thái “Dự kiến”. Hãy chuyển lớp sang “Đang học” hoặc “Đã kết thúc” rồi ghi nhận.")
        )
    note = _clean_text(note)[:255] if note is not None else None
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for enrollment in _selected(course=course, enrollment_ids=enrollment_ids):
            before = (enrollment.completed, enrollment.result_note)
            if completed and not enrollment.completed:
                enrollment.completed, enrollment.completed_at, enrollment.completed_by = True, now, by
            elif not completed and enrollment.completed:
                enrollment.completed, enrollment.completed_at, enrollment.completed_by = False, None, None
            if note:
                enrollment.result_note = note
            if (enrollment.completed, enrollment.result_note) != before:
                _save_enrollment(enrollment, by, _("Ghi nhận kết quả"))
                changed += 1
    return changed


def enrollment_update(*, enrollment, completed, result_note, by):
    """One học viên's completion and result note."""
    course = enrollment.course
    if not can_manage_course(by, course):
        raise CourseError(_("Chỉ đơn vị tổ chức mới ghi nhận kết quả được."))
    if completed and not enrollment.completed and course.status == CourseStatus.PLANNED:
        raise CourseError(
            _("Lớp đang ở trạng thái “Dự kiến”. Hãy chuyển lớp sang “Đang học” hoặc “Đã kết thúc” rồi ghi nhận.")
        )
    if completed and not enrollment.completed:
        enrollment.completed, enrollment.completed_at, enrollment.completed_by = True, timezone.now(), by
    elif not completed and enrollment.completed:
        enrollment.completed, enrollment.completed_at, enrollment.completed_by = False, None, None
    enrollment.result_note = _clean_text(result_note)[:255]
    _save_enrollment(enrollment, by, _("Ghi nhận kết quả"))
    return enrollment


def enrollment_remove(*, course, enrollment_ids, by):
    """Xoá học viên khỏi lớp; those with a recorded completion stay (withdraw it first)."""
    if not can_manage_course(by, course):
        raise CourseError(_("Chỉ đơn vị tổ chức mới xoá học viên được."))
    with transaction.atomic():
        enrollments = _selected(course=course, enrollment_ids=enrollment_ids)
        if any(enrollment.completed for enrollment in enrollments):
            raise CourseError(
                _("Có học viên đã được ghi nhận hoàn thành. Hãy bỏ ghi nhận hoàn thành trước khi xoá khỏi lớp.")
            )
        for enrollment in enrollments:
            enrollment._history_user = by
            enrollment.delete()
    return len(enrollments)

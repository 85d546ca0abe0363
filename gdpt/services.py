"""Writes of the GDPT 2018 module reviews: campaigns, school reviews (reasons, corrections, submission) and the
LMS status import.

The closing date is enforced here, not in the templates: every write to a school review first calls
``_ensure_open``, which compares the campaign's closing date with ``today()`` in Asia/Ho_Chi_Minh. Editing is
allowed up to and including the closing date; from the next day the campaign is locked.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.models import OrgUnit
from audit import services as audit
from core.errors import DomainError

from . import selectors
from .models import (
    Campaign,
    ImportBatch,
    ModuleStatus,
    Reason,
    ReviewEntry,
    ReviewEvent,
    ReviewStatus,
    SchoolReview,
)

TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


class GdptError(DomainError):
    """A translatable error of the GDPT module reviews, shown to the user as a message."""


class CampaignLockedError(GdptError):
    """The campaign's closing date has passed: nothing of it may change any more."""


def today():
    """Today in Vietnam (one place, so tests can fix the date)."""
    return timezone.localdate(timezone=TIME_ZONE)


def _date(value):
    return value.strftime("%d/%m/%Y")


def campaign_locked_from(campaign):
    """The first day the campaign is locked: the day after its closing date."""
    return campaign.closing_date + datetime.timedelta(days=1)


def campaign_is_locked(*, campaign, on=None):
    return (on or today()) > campaign.closing_date


def campaign_locked_message(campaign):
    return _("Đợt rà soát đã khoá từ ngày %(date)s (hạn chót %(closing)s) nên không sửa được nữa.") % {
        "date": _date(campaign_locked_from(campaign)),
        "closing": _date(campaign.closing_date),
    }


def _ensure_open(campaign):
    if campaign_is_locked(campaign=campaign):
        raise CampaignLockedError(campaign_locked_message(campaign))


# ---------------------------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------------------------


def _check_campaign_fields(*, module, title, closing_date):
    if module is None or module.level != "GDPT2018_MD":
        raise GdptError(_("Hãy chọn một mô đun GDPT 2018 (MĐ1–MĐ9)."))
    if not (title or "").strip():
        raise GdptError(_("Hãy nhập tên đợt rà soát."))
    if closing_date is None:
        raise GdptError(_("Hãy nhập hạn chót."))


def campaign_create(*, user, department, module, title, closing_date, note=""):
    """Mở đợt rà soát: a Sở officer for their Sở (an admin for any Sở); the closing date is today or later."""
    if department is None or department.kind != OrgUnit.Kind.DEPARTMENT:
        raise GdptError(_("Hãy chọn Sở mở đợt rà soát."))
    if not selectors.can_manage_campaign(user, department=department):
        raise GdptError(_("Chỉ chuyên viên Sở được mở đợt rà soát của Sở mình."))
    _check_campaign_fields(module=module, title=title, closing_date=closing_date)
    if closing_date < today():
        raise GdptError(_("Hạn chót không được trước hôm nay (%(today)s).") % {"today": _date(today())})
    return Campaign.objects.create(
        department=department,
        module=module,
        title=title.strip(),
        closing_date=closing_date,
        note=(note or "").strip(),
        created_by=user,
    )


def campaign_update(*, user, campaign, title, closing_date, note=""):
    """Change the title or the closing date (extending it reopens the campaign; an earlier date locks it)."""
    if not selectors.can_manage_campaign(user, campaign):
        raise GdptError(_("Chỉ chuyên viên Sở được sửa đợt rà soát của Sở mình."))
    _check_campaign_fields(module=campaign.module, title=title, closing_date=closing_date)
    campaign.title = title.strip()
    campaign.closing_date = closing_date
    campaign.note = (note or "").strip()
    campaign.save(update_fields=["title", "closing_date", "note"])
    return campaign


# ---------------------------------------------------------------------------------------------------------------
# School reviews
# ---------------------------------------------------------------------------------------------------------------


def _school_in_campaign(campaign, school):
    if school is None or school.kind != OrgUnit.Kind.SCHOOL or not school.is_within(campaign.department):
        raise GdptError(_("Trường này không thuộc đợt rà soát."))


def _locked_review(*, campaign, school):
    """The school's review row, created on first write, locked for the rest of the transaction."""
    review, _created = SchoolReview.objects.get_or_create(campaign=campaign, school=school)
    return SchoolReview.objects.select_for_update().get(pk=review.pk)


def _editable_review(*, user, campaign, school):
    """Every check before a school changes its review; returns the locked review row."""
    _school_in_campaign(campaign, school)
    if not selectors.can_edit_review(user, school):
        raise GdptError(_("Chỉ lãnh đạo nhà trường được sửa kết quả rà soát của trường."))
    # Lock the campaign row: a closing date moved meanwhile is seen before anything is written.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _ensure_open(campaign)
    review = _locked_review(campaign=campaign, school=school)
    if review.status == ReviewStatus.SUBMITTED:
        raise GdptError(
            _("Trường đã gửi kết quả rà soát lên %(unit)s; hãy bấm “Rút lại để sửa” trước khi sửa.")
            % {"unit": school.parent.name if school.parent_id else _("cấp trên")}
        )
    return campaign, review


def _clean_text(value, limit):
    return " ".join((value or "").split())[:limit]


@dataclass(frozen=True)
class EntryInput:
    reason: str = ""
    reason_note: str = ""
    corrected_full_name: str = ""
    corrected_birth_date: datetime.date | None = None
    corrected_birth_place: str = ""

    @property
    def is_empty(self):
        return not (
            self.reason
            or self.reason_note
            or self.corrected_full_name
            or self.corrected_birth_date
            or self.corrected_birth_place
        )


def _entry_summary(values):
    parts = []
    if values.reason:
        label = str(Reason(values.reason).label)
        parts.append(
            _("lý do: %(reason)s") % {"reason": f"{label} ({values.reason_note})" if values.reason_note else label}
        )
    if values.corrected_full_name:
        parts.append(_("họ tên đúng: %(value)s") % {"value": values.corrected_full_name})
    if values.corrected_birth_date:
        parts.append(_("ngày sinh đúng: %(value)s") % {"value": _date(values.corrected_birth_date)})
    if values.corrected_birth_place:
        parts.append(_("nơi sinh đúng: %(value)s") % {"value": values.corrected_birth_place})
    return "; ".join(parts)[:1000]


def review_entry_save(
    *,
    user,
    campaign,
    school,
    staff,
    reason="",
    reason_note="",
    corrected_full_name="",
    corrected_birth_date=None,
    corrected_birth_place="",
):
    """Ghi lý do chưa hoàn thành và/hoặc thông tin cần điều chỉnh của một người; all blank clears the entry.

    Refused after the closing date, once the review is submitted, for a person outside the school's list,
    and for a reason given to someone the LMS shows as completed.
    """
    values = EntryInput(
        reason=reason or "",
        reason_note=_clean_text(reason_note, 500),
        corrected_full_name=_clean_text(corrected_full_name, 128),
        corrected_birth_date=corrected_birth_date,
        corrected_birth_place=_clean_text(corrected_birth_place, 255),
    )
    if values.reason and values.reason not in Reason.values:
        raise GdptError(_("Lý do không hợp lệ."))
    if values.reason_note and not values.reason:
        raise GdptError(_("Hãy chọn lý do trước khi ghi rõ lý do."))
    if values.reason == Reason.OTHER and not values.reason_note:
        raise GdptError(_("Lý do “Khác” cần ghi rõ lý do."))
    if values.corrected_birth_date and not (
        datetime.date(1940, 1, 1) <= values.corrected_birth_date <= today() - datetime.timedelta(days=365 * 17)
    ):
        raise GdptError(_("Ngày sinh đúng không hợp lệ."))
    with transaction.atomic():
        campaign, review = _editable_review(user=user, campaign=campaign, school=school)
        if not selectors.review_staff(user=user, campaign=campaign).filter(pk=staff.pk, unit=school).exists():
            raise GdptError(_("%(name)s không có trong danh sách rà soát của trường.") % {"name": staff.full_name})
        if values.reason:
            status = ModuleStatus.objects.filter(staff=staff, module=campaign.module).first()
            if status is not None and status.is_done:
                raise GdptError(
                    _("%(name)s đã “%(status)s” mô đun này trên LMS nên không cần ghi lý do chưa hoàn thành.")
                    % {"name": staff.full_name, "status": status.get_status_display()}
                )
        entry = ReviewEntry.objects.filter(review=review, staff=staff).first()
        if values.is_empty:
            if entry is not None:
                entry.delete()
                _audit(
                    ReviewEvent.objects.create(
                        review=review, action=ReviewEvent.Action.ENTRY_CLEARED, staff=staff, actor=user
                    )
                )
            return None
        if entry is None:
            entry = ReviewEntry(review=review, staff=staff)
        for name in (
            "reason",
            "reason_note",
            "corrected_full_name",
            "corrected_birth_date",
            "corrected_birth_place",
        ):
            setattr(entry, name, getattr(values, name))
        entry.updated_by = user
        entry.save()
        _audit(
            ReviewEvent.objects.create(
                review=review,
                action=ReviewEvent.Action.ENTRY_SAVED,
                staff=staff,
                actor=user,
                detail=_entry_summary(values),
            )
        )
        SchoolReview.objects.filter(pk=review.pk).update(updated_at=timezone.now())
    return entry


def _audit(event):
    """The audit log's entry for a review event (``gdpt.review.submitted`` …)."""
    review = event.review
    audit.record(
        f"gdpt.review.{event.action.lower()}",
        actor=event.actor,
        obj=review,
        unit=review.school_id,
        person=event.staff_id,
        reason=event.detail,
    )


def review_submit(*, user, campaign, school):
    """Gửi kết quả rà soát lên cấp trên (Phòng for TH/THCS schools, the Sở for THPT and GDTX: the school's parent).

    Every person not completed needs a reason first.
    """
    with transaction.atomic():
        campaign, review = _editable_review(user=user, campaign=campaign, school=school)
        missing = list(
            selectors.missing_reasons(campaign=campaign, school=school, review=review).values_list(
                "full_name", flat=True
            )[:6]
        )
        if missing:
            names = ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")
            raise GdptError(
                _("Còn người chưa hoàn thành mô đun mà chưa ghi lý do (%(names)s). Hãy ghi lý do rồi gửi lại.")
                % {"names": names}
            )
        previous = review.status
        review.status = ReviewStatus.SUBMITTED
        review.submitted_to = school.parent
        review.submitted_by = user
        review.submitted_at = timezone.now()
        review.save(update_fields=["status", "submitted_to", "submitted_by", "submitted_at", "updated_at"])
        _audit(
            ReviewEvent.objects.create(
                review=review,
                action=ReviewEvent.Action.SUBMITTED,
                actor=user,
                from_status=previous,
                to_status=review.status,
                detail=school.parent.name if school.parent_id else "",
            )
        )
    return review


def review_reopen(*, user, campaign, school, comment=""):
    """Rút lại (the school) or trả lại (an office above it) a submitted review, before the closing date."""
    _school_in_campaign(campaign, school)
    if not selectors.can_reopen_review(user, school):
        raise GdptError(_("Bạn không được mở lại kết quả rà soát của trường này."))
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _ensure_open(campaign)
        review = SchoolReview.objects.select_for_update().filter(campaign=campaign, school=school).first()
        if review is None or review.status != ReviewStatus.SUBMITTED:
            raise GdptError(_("Trường chưa gửi kết quả rà soát nên không có gì để mở lại."))
        review.status = ReviewStatus.DRAFT
        review.submitted_at = None
        review.submitted_by = None
        review.submitted_to = None
        review.save(update_fields=["status", "submitted_to", "submitted_by", "submitted_at", "updated_at"])
        _audit(
            ReviewEvent.objects.create(
                review=review,
                action=ReviewEvent.Action.REOPENED,
                actor=user,
                from_status=ReviewStatus.SUBMITTED,
                to_status=ReviewStatus.DRAFT,
                detail=_clean_text(comment, 1000),
            )
        )
    return review


# ---------------------------------------------------------------------------------------------------------------
# LMS import
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    batch: ImportBatch
    created: int
    updated: int
    unchanged: int


def module_statuses_import(*, user, rows, filename=""):
    """Write checked LMS rows in one transaction: new (staff, module) pairs are created, the others updated.

    ``rows``: [(staff_id, module_id, status, lms_full_name)], already checked by ``importers.lms_import_parse``
    (unique pairs, staff in the user's scope). Scope is checked again here before anything is written.
    """
    if not selectors.can_import_lms(user):
        raise GdptError(_("Chỉ chuyên viên Sở được nhập dữ liệu từ hệ thống LMS."))
    if not rows:
        raise GdptError(_("Tệp không có dòng nào để nhập."))
    staff_ids = {row[0] for row in rows}
    module_ids = {row[1] for row in rows}
    pairs = {(row[0], row[1]) for row in rows}
    if len(pairs) != len(rows):
        raise GdptError(_("Tệp có dòng trùng người và mô đun."))
    with transaction.atomic():
        if _in_scope(user, staff_ids) != staff_ids:
            raise GdptError(_("Có người không thuộc phạm vi của bạn nên chưa nhập dòng nào."))
        if selectors.gdpt_modules().filter(pk__in=module_ids).count() != len(module_ids):
            raise GdptError(_("Có mô đun không thuộc các mô đun GDPT 2018 nên chưa nhập dòng nào."))
        batch = ImportBatch.objects.create(
            department=user.unit if user.unit_id and user.unit.kind == OrgUnit.Kind.DEPARTMENT else None,
            uploaded_by=user,
            filename=(filename or "")[:255],
            rows=len(rows),
        )
        existing = {
            (status.staff_id, status.module_id): status
            for status in ModuleStatus.objects.filter(
                module_id__in=module_ids, staff__in=scoping.visible_staff(user).values("pk")
            )
            if (status.staff_id, status.module_id) in pairs
        }
        now = timezone.now()
        to_create, to_update, unchanged = [], [], 0
        for staff_id, module_id, status, lms_name in rows:
            current = existing.get((staff_id, module_id))
            if current is None:
                to_create.append(
                    ModuleStatus(
                        staff_id=staff_id, module_id=module_id, status=status, lms_full_name=lms_name, batch=batch
                    )
                )
            elif current.status != status or (lms_name and current.lms_full_name != lms_name):
                current.status = status
                if lms_name:
                    current.lms_full_name = lms_name
                current.batch = batch
                current.updated_at = now
                to_update.append(current)
            else:
                unchanged += 1
        ModuleStatus.objects.bulk_create(to_create, batch_size=1000)
        ModuleStatus.objects.bulk_update(to_update, ["status", "lms_full_name", "batch", "updated_at"], batch_size=1000)
        batch.created, batch.updated, batch.unchanged = len(to_create), len(to_update), unchanged
        batch.save(update_fields=["created", "updated", "unchanged"])
    return ImportSummary(batch=batch, created=len(to_create), updated=len(to_update), unchanged=unchanged)


def _in_scope(user, staff_ids, chunk=900):
    """The ids among ``staff_ids`` the user may see (in chunks, below every database's parameter limit)."""
    ids = sorted(staff_ids)
    found = set()
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        found.update(scoping.visible_staff(user).filter(pk__in=part).values_list("pk", flat=True))
    return found

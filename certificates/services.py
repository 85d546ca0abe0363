"""Writes: personal-data answers and decisions, issuing certificates and issuing corrected versions.

Every service checks the current state inside its transaction, so a double-clicked POST or a re-run job is a
no-op or a clear ``CertificateError``.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import letterheads
from accounts.models import OrgUnit, Staff
from accounts.services import AccountsError, staff_save
from assessment.models import YearResult
from assessment.rules import label
from assessment.selectors import is_locked
from audit import services as audit
from core.vietnamese import nfc
from years.deadlines import require_evaluation_window
from years.rulesets import Ruleset
from years.services import read_only_message

from . import selectors, signals
from .models import (
    Certificate,
    CertificateError,
    CertificateStatus,
    CheckStatus,
    PersonalDataCheck,
    PersonalDataEvent,
)

CURRENT_LAYOUT = "v1"
# The layout a new certificate gets by its year's regime: TT 19/2019 prints "Kết quả: Hoàn thành kế hoạch BDTX"
# (v2), TT 26/2012 keeps its "Xếp loại: …" page (v1). A regime not listed gets CURRENT_LAYOUT.
LAYOUTS = {Ruleset.TT19_2019: "v2"}


def layout_for(year):
    return LAYOUTS.get(year.ruleset, CURRENT_LAYOUT)


# ---------------------------------------------------------------------------------------------------------------
# Personal data
# ---------------------------------------------------------------------------------------------------------------


def _clean(text):
    return " ".join(nfc(text or "").split())


def _locked_check(*, staff, year):
    check, _created = PersonalDataCheck.objects.get_or_create(staff=staff, year=year)
    return PersonalDataCheck.objects.select_for_update().get(pk=check.pk)


def _record(check, *, from_status, user, comment=""):
    PersonalDataEvent.objects.create(
        check_record=check, from_status=from_status, to_status=check.status, by=user, at=timezone.now(), comment=comment
    )
    audit.record(
        f"certificates.personal_data.{check.status.lower()}",
        actor=user,
        obj=check,
        unit=check.staff.unit_id,
        person=check.staff_id,
        reason=comment,
    )


def _may_answer(*, user, staff):
    """The person themselves, or their school manager recording the person's answer on paper."""
    return user.staff_id == staff.pk or selectors.can_decide_corrections(user=user, staff=staff)


def personal_data_confirm(*, staff, year, user):
    """The person confirms that the name, date and place of birth on record are what must be printed."""
    if not _may_answer(user=user, staff=staff):
        raise CertificateError(_("Chỉ chính người đó hoặc lãnh đạo nhà trường mới xác nhận được thông tin này."))
    missing = selectors.missing_personal_data(staff)
    if missing:
        raise CertificateError(
            _("Hồ sơ còn thiếu %(missing)s nên chưa xác nhận được. Hãy đề nghị bổ sung.")
            % {"missing": ", ".join(missing)}
        )
    with transaction.atomic():
        staff = Staff.objects.select_for_update().get(pk=staff.pk)
        check = _locked_check(staff=staff, year=year)
        if check.holds_for(staff):
            return check
        previous = check.status
        check.status = CheckStatus.CONFIRMED
        check.shown_full_name = staff.full_name
        check.shown_birth_date = staff.birth_date
        check.shown_birth_place = staff.birth_place
        check.requested_full_name, check.requested_birth_date, check.requested_birth_place = "", None, ""
        check.note = ""
        check.answered_by, check.answered_at = user, timezone.now()
        check.save()
        comment = "" if user.staff_id == staff.pk else _("Lãnh đạo nhà trường xác nhận thay")
        _record(check, from_status=previous, user=user, comment=comment)
    return check


def personal_data_request_correction(*, staff, year, user, full_name, birth_date, birth_place, note):
    """The person asks for the printed data to be corrected; the school manager decides."""
    if not _may_answer(user=user, staff=staff):
        raise CertificateError(_("Chỉ chính người đó hoặc lãnh đạo nhà trường mới đề nghị điều chỉnh được."))
    full_name, birth_place, note = _clean(full_name), _clean(birth_place), (note or "").strip()
    if not full_name:
        raise CertificateError(_("Họ và tên không được để trống."))
    if birth_date is None or not birth_place:
        raise CertificateError(_("Hãy ghi đủ ngày sinh và nơi sinh đúng."))
    if not note:
        raise CertificateError(_("Hãy ghi lý do điều chỉnh (ví dụ: theo giấy khai sinh)."))
    with transaction.atomic():
        staff = Staff.objects.select_for_update().get(pk=staff.pk)
        if (full_name, birth_date, birth_place) == (staff.full_name, staff.birth_date, staff.birth_place):
            raise CertificateError(
                _("Thông tin đề nghị giống hệt hồ sơ hiện tại. Nếu thông tin đã đúng, hãy bấm “Xác nhận đúng”.")
            )
        check = _locked_check(staff=staff, year=year)
        previous = check.status
        check.status = CheckStatus.CORRECTION_REQUESTED
        check.shown_full_name = staff.full_name
        check.shown_birth_date = staff.birth_date
        check.shown_birth_place = staff.birth_place
        check.requested_full_name, check.requested_birth_date, check.requested_birth_place = (
            full_name,
            birth_date,
            birth_place,
        )
        check.note = note
        check.answered_by, check.answered_at = user, timezone.now()
        check.decision_note, check.decided_by, check.decided_at = "", None, None
        check.save()
        _record(check, from_status=previous, user=user, comment=note)
    return check


def _locked_request(check):
    check = PersonalDataCheck.objects.select_for_update().select_related("staff").get(pk=check.pk)
    if check.status != CheckStatus.CORRECTION_REQUESTED:
        raise CertificateError(_("Đề nghị này đã được xử lý (%(status)s).") % {"status": check.get_status_display()})
    return check


def _refuse_own_correction(check, user):
    if selectors.decides_own_correction(user=user, staff=check.staff):
        raise CertificateError(
            _(
                "Bạn không thể tự xử lý đề nghị điều chỉnh của chính mình; đề nghị này do lãnh đạo khác của trường "
                "hoặc đơn vị cấp trên xử lý."
            )
        )


def personal_data_apply(*, check, user):
    """The school manager applies a correction to the staff record (the staff history keeps the change)."""
    _refuse_own_correction(check, user)
    if not selectors.can_decide_corrections(user=user, staff=check.staff):
        raise CertificateError(_("Chỉ lãnh đạo trường của người này mới điều chỉnh được hồ sơ."))
    with transaction.atomic():
        check = _locked_request(check)
        staff = Staff.objects.select_for_update().get(pk=check.staff_id)
        staff.full_name = check.requested_full_name
        staff.birth_date = check.requested_birth_date
        staff.birth_place = check.requested_birth_place
        try:
            staff_save(
                staff=staff,
                changed_by=user,
                reason=_("Điều chỉnh thông tin in giấy chứng nhận BDTX năm học %(year)s") % {"year": check.year.name},
            )
        except AccountsError as error:
            raise CertificateError(str(error)) from error
        # The record normalises the name: what it now says is what the person agreed to.
        check.requested_full_name = staff.full_name
        check.status = CheckStatus.CORRECTED
        check.decided_by, check.decided_at, check.decision_note = user, timezone.now(), ""
        check.save()
        _record(check, from_status=CheckStatus.CORRECTION_REQUESTED, user=user)
    return check


def personal_data_reject(*, check, user, reason):
    _refuse_own_correction(check, user)
    if not selectors.can_decide_corrections(user=user, staff=check.staff):
        raise CertificateError(_("Chỉ lãnh đạo trường của người này mới xử lý được đề nghị."))
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Hãy ghi lý do từ chối để người đề nghị biết."))
    with transaction.atomic():
        check = _locked_request(check)
        check.status = CheckStatus.REJECTED
        check.decided_by, check.decided_at, check.decision_note = user, timezone.now(), reason
        check.save()
        _record(check, from_status=CheckStatus.CORRECTION_REQUESTED, user=user, comment=reason)
    return check


# ---------------------------------------------------------------------------------------------------------------
# Issuing
# ---------------------------------------------------------------------------------------------------------------


def issuer_headings(issuer):
    """(line above, unit line) of the certificate's heading: the issuer's letterhead (accounts.letterheads)."""
    head = letterheads.letterhead(issuer, day=timezone.localdate())
    return head.superior, head.issuer


def issue_defaults(issuer):
    """Place, signer's title and name the issue form starts with: the issuer's letterhead settings."""
    values = letterheads.resolved(issuer)
    return {"place": values["place"], "signer_title": values["signer_title"], "signer_name": values["signer_name"]}


@dataclass
class IssueSummary:
    issued: list = field(default_factory=list)
    already: int = 0
    not_agreed: list = field(default_factory=list)  # staff whose printed data is not confirmed


def _next_sequence(*, issuer, year):
    last = Certificate.objects.filter(issuer=issuer, year=year).aggregate(m=Max("sequence"))["m"]
    return (last or 0) + 1


def _snapshot(*, result, staff, school, year, issuer, user, now, sequence, version, options):
    parent_heading, heading = issuer_headings(issuer)
    return Certificate(
        number=f"BDTX-{year.start_year}-{issuer.code}-{sequence:06d}",
        sequence=sequence,
        version=version,
        staff=staff,
        year=year,
        school=school,
        issuer=issuer,
        full_name=staff.full_name,
        birth_date=staff.birth_date,
        birth_place=staff.birth_place,
        school_name=school.name,
        year_name=year.name,
        classification=result.classification,
        classification_label=str(label(result.classification, year.ruleset)),
        completed_hours=result.completed_hours,
        issuer_name=issuer.name,
        issuer_parent_heading=parent_heading,
        issuer_heading=heading,
        signer_title=options["signer_title"],
        signer_name=options["signer_name"],
        place=options["place"],
        issue_date=options["issue_date"],
        layout=layout_for(year),
        issued_by=user,
        issued_at=now,
    )


def _options(*, issuer, issue_date, place, signer_title, signer_name, base=None):
    place, signer_title = _clean(place), _clean(signer_title).upper()
    # What is left empty comes from the certificate corrected, else from the issuer's letterhead (read once).
    fallback = base
    if fallback is None and not (place and signer_title):
        fallback = SimpleNamespace(**issue_defaults(issuer))
    return {
        "issue_date": issue_date or timezone.localdate(),
        "place": place or fallback.place,
        "signer_title": signer_title or fallback.signer_title,
        "signer_name": _clean(signer_name) if signer_name is not None else (base.signer_name if base else ""),
    }


def _require_issuer(*, user, school):
    issuer = selectors.issuer_of(school)
    if issuer is None:
        raise CertificateError(
            _("Trường này không trực thuộc UBND xã, Phòng hay Sở GD&ĐT nào nên chưa cấp được giấy chứng nhận.")
        )
    if not selectors.can_issue(user=user, school=school):
        raise CertificateError(
            _("Giấy chứng nhận của trường này do %(issuer)s cấp; tài khoản của bạn không cấp được.")
            % {"issuer": issuer.name}
        )
    return issuer


def _require_locked(*, school, year):
    if not is_locked(school=school, year=year):
        raise CertificateError(
            _("Trường chưa xác nhận kết quả BDTX năm học %(year)s nên chưa cấp được giấy chứng nhận.")
            % {"year": year.name}
        )


def certificates_issue(*, school, year, user, issue_date=None, place="", signer_title="", signer_name="", reason=""):
    """Issue a certificate to everyone of the school who completed the year and confirmed their printed data.

    Idempotent: people who already hold a valid certificate for the year are skipped, so running it again (or
    after more people confirm) issues only the missing ones. Numbers are consecutive per issuer and year. Issuing
    while some who completed have not confirmed their printed data (they wait for a later batch) needs a
    ``reason``, recorded with each certificate's audit entry.
    """
    if year.is_read_only:  # the issuer of that year is gone: its certificates are kept as they were issued
        raise CertificateError(read_only_message(year))
    issuer = _require_issuer(user=user, school=school)
    require_evaluation_window(year=year, unit=school, what=_("cấp giấy chứng nhận"), error=CertificateError)
    _require_locked(school=school, year=year)
    options = _options(
        issuer=issuer, issue_date=issue_date, place=place, signer_title=signer_title, signer_name=signer_name
    )
    summary = IssueSummary()
    with transaction.atomic():
        # One issuer numbers one certificate at a time: the lock on its row serialises concurrent batches.
        OrgUnit.objects.select_for_update().filter(pk=issuer.pk).first()
        _require_locked(school=school, year=year)
        results = list(
            selectors.completed_results(school=school, year=year)
            .select_related("staff")
            .order_by("staff__sort_key", "staff_id")
        )
        staff_ids = [result.staff_id for result in results]
        holders = set(
            Certificate.objects.filter(year=year, staff_id__in=staff_ids, status=CertificateStatus.VALID).values_list(
                "staff_id", flat=True
            )
        )
        agreed = set(
            selectors.agreed_checks(year=year).filter(staff_id__in=staff_ids).values_list("staff_id", flat=True)
        )
        sequence = _next_sequence(issuer=issuer, year=year)
        now = timezone.now()
        new = []
        for result in results:
            if result.staff_id in holders:
                summary.already += 1
                continue
            if result.staff_id not in agreed:
                summary.not_agreed.append(result.staff)
                continue
            new.append(
                _snapshot(
                    result=result,
                    staff=result.staff,
                    school=school,
                    year=year,
                    issuer=issuer,
                    user=user,
                    now=now,
                    sequence=sequence,
                    version=1,
                    options=options,
                )
            )
            sequence += 1
        reason = (reason or "").strip() if summary.not_agreed else ""
        if summary.not_agreed and new and not reason:
            raise CertificateError(
                _(
                    "Còn %(n)s người hoàn thành kế hoạch nhưng chưa xác nhận thông tin in trên giấy nên lần này chưa "
                    "được cấp. Nếu vẫn cấp cho những người đã sẵn sàng, hãy ghi lý do."
                )
                % {"n": len(summary.not_agreed)}
            )
        summary.issued = Certificate.objects.bulk_create(new)
        audit.record_bulk(
            audit.entry(
                "certificates.certificate.issued",
                actor=user,
                obj=certificate,
                unit=school,
                person=certificate.staff_id,
                at=now,
                reason=reason,
            )
            for certificate in summary.issued
        )
        if summary.issued:
            signals.certificates_issued.send(Certificate, certificates=summary.issued, reissued=False, by=user)
    return summary


def certificate_correct(*, certificate, user, reason, issue_date=None, place="", signer_title="", signer_name=None):
    """Issue a corrected version (new number, version + 1) from today's data and revoke the old one.

    The person's printed data must be confirmed (again, after a correction) and their result must still be a
    completed one of a confirmed school.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Hãy ghi lý do cấp lại."))
    school = certificate.school
    issuer = _require_issuer(user=user, school=school)
    year = certificate.year
    _require_locked(school=school, year=year)
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=issuer.pk).first()
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.status != CertificateStatus.VALID:
            raise CertificateError(_("Giấy chứng nhận số %(number)s đã bị thu hồi.") % {"number": old.number})
        staff = Staff.objects.get(pk=old.staff_id)
        result = YearResult.objects.filter(staff=staff, year=year).first()
        if result is None or result.classification not in selectors.COMPLETED_CLASSES:
            raise CertificateError(_("Kết quả hiện tại của người này không còn là hoàn thành kế hoạch."))
        if not selectors.agreed_checks(year=year).filter(staff=staff).exists():
            raise CertificateError(_("Thông tin cá nhân của người này chưa được xác nhận (lại) nên chưa cấp lại được."))
        options = _options(
            issuer=issuer,
            issue_date=issue_date,
            place=place,
            signer_title=signer_title,
            signer_name=signer_name,
            base=old,
        )
        now = timezone.now()
        old.status = CertificateStatus.REVOKED
        old.revoked_at = now
        old.revoke_reason = reason
        old.save()
        new = _snapshot(
            result=result,
            staff=staff,
            school=school,
            year=year,
            issuer=issuer,
            user=user,
            now=now,
            sequence=_next_sequence(issuer=issuer, year=year),
            version=old.version + 1,
            options=options,
        )
        new.save()
        old.revoked_by_certificate = new
        old.save()
        for action, certificate in (("revoked", old), ("reissued", new)):
            audit.record(
                f"certificates.certificate.{action}",
                actor=user,
                obj=certificate,
                unit=school,
                person=staff,
                reason=reason,
            )
        signals.certificates_issued.send(Certificate, certificates=[new], reissued=True, by=user)
    return new

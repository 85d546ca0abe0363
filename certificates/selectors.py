"""Reads for personal-data checks and certificates, always starting from accounts.scoping.

Who issues (regulations.md §2.7, UNCONFIRMED): the school's parent unit: the Phòng for MN/TH/THCS schools,
the Sở for THPT/GDTX (and for every school of a province without Phòng). Its officers issue the certificates of a
school once the school's results are confirmed; the school manager checks the people's data, downloads and prints.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q

from accounts import scoping
from accounts.models import MANAGER_POSITIONS
from accounts.permissions import Cap, Scope, can, scope_of
from assessment.models import SchoolConfirmation, YearResult
from assessment.rules import Classification, label
from assessment.selectors import plan_results_locked
from plans.selectors import schools_of_year

from .models import CORRECTION_STATUSES, Certificate, CertificateStatus, CheckStatus, PersonalDataCheck

# Classes that count as "completed the plan" and so earn a certificate.
COMPLETED_CLASSES = (
    Classification.GIOI,
    Classification.KHA,
    Classification.TRUNG_BINH,
    Classification.DAT,
    Classification.HOAN_THANH,
)

# A check whose agreed values still equal the staff record, as a filter on PersonalDataCheck.
AGREED_Q = Q(
    status=CheckStatus.CONFIRMED,
    shown_full_name=F("staff__full_name"),
    shown_birth_date=F("staff__birth_date"),
    shown_birth_place=F("staff__birth_place"),
) | Q(
    status=CheckStatus.CORRECTED,
    requested_full_name=F("staff__full_name"),
    requested_birth_date=F("staff__birth_date"),
    requested_birth_place=F("staff__birth_place"),
)


# ---------------------------------------------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------------------------------------------


def issuer_of(school):
    """The unit that issues the school's certificates (its Phòng, UBND xã or Sở), or None."""
    parent = school.parent
    if parent is None or not parent.is_office:
        return None
    return parent


def can_issue(*, user, school):
    """The unit the school reports to (its Phòng, or its Sở), or an admin."""
    return can(user, Cap.ISSUE, school)


def can_print(*, user, school):
    """The school's manager and the offices above it may download the school's certificates."""
    return can(user, Cap.REPORT, school)


def decides_own_correction(*, user, staff):
    return user.is_authenticated and user.staff_id is not None and user.staff_id == staff.pk


def can_decide_corrections(*, user, staff):
    """Who applies or rejects a correction request: whoever approves the person's plan (a manager of their school,
    an admin), never the person; an office only for the managers of the schools it approves (those under it)."""
    if not user.is_authenticated or decides_own_correction(user=user, staff=staff):
        return False
    if scope_of(user, Cap.APPROVE) == Scope.REPORTING:
        return staff.is_manager and staff.unit.parent_id == user.unit_id
    return can(user, Cap.APPROVE, staff)


def issuable_schools(*, user):
    """Schools whose certificates the user's unit issues (admin: every school)."""
    schools = scoping.visible_schools(user)
    if user.is_admin_role:
        return schools
    if not can(user, Cap.ISSUE):
        return schools.none()
    return schools.filter(parent_id=user.unit_id)


# ---------------------------------------------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------------------------------------------


def certificates_visible_to(*, user):
    """Certificates of the schools the user may see (school managers, offices), or the user's own (teachers)."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    if user.is_admin_role:
        return Certificate.objects.all()
    if can(user, Cap.REPORT):
        own = Q(staff_id=user.staff_id) if user.staff_id else Q(pk__in=[])
        return Certificate.objects.filter(Q(school__in=scoping.visible_schools(user)) | own)
    if user.staff_id:
        return Certificate.objects.filter(staff_id=user.staff_id)
    return Certificate.objects.none()


def get_certificate_for_user(*, user, pk):
    return scoping.get_in_scope_or_404(
        certificates_visible_to(user=user).select_related("school", "issuer", "revoked_by_certificate"), pk
    )


def own_certificates(*, user):
    if not user.staff_id:
        return Certificate.objects.none()
    return Certificate.objects.filter(staff_id=user.staff_id).order_by("-year__start_year", "-version")


def certificate_versions(*, certificate):
    """Every version of this person's certificate for the year, newest first."""
    return Certificate.objects.filter(staff_id=certificate.staff_id, year_id=certificate.year_id).order_by("-version")


def school_certificates(*, user, school, year):
    """Valid certificates of one school and year, in the order of the school's list (Vietnamese name order)."""
    return (
        certificates_visible_to(user=user)
        .filter(school=school, year=year, status=CertificateStatus.VALID)
        .select_related("staff")
        .order_by("staff__sort_key", "staff_id")
    )


def get_by_token(*, token):
    """The certificate behind a public verification token, or None."""
    if not token or len(token) > 64:
        return None
    return Certificate.objects.select_related("revoked_by_certificate").filter(token=token).first()


# ---------------------------------------------------------------------------------------------------------------
# Eligibility and the school's list
# ---------------------------------------------------------------------------------------------------------------


def completed_results(*, school, year):
    """Completed results ready for a certificate. A manager's (CBQL) result counts only once the unit that scores
    managers has confirmed it: the principal's confirmation covers the teachers only."""
    results = YearResult.objects.filter(school=school, year=year, classification__in=COMPLETED_CLASSES)
    if not SchoolConfirmation.objects.filter(school=school, year=year, managers_locked=True).exists():
        results = results.exclude(staff__position__in=MANAGER_POSITIONS)
    return results


def agreed_checks(*, year):
    return PersonalDataCheck.objects.filter(AGREED_Q, year=year)


@dataclass
class RosterRow:
    result: YearResult
    staff: object
    check: PersonalDataCheck | None
    certificate: Certificate | None
    ruleset: str | None = None  # the year's: how the class is named

    @property
    def label(self):
        return label(self.result.classification, self.ruleset)

    @property
    def completed(self):
        return self.result.classification in COMPLETED_CLASSES

    @property
    def data_agreed(self):
        return self.check is not None and self.check.holds_for(self.staff)

    @property
    def data_stale(self):
        """Agreed once, but the staff record changed since: must be confirmed again."""
        return self.check is not None and self.check.agreed_values is not None and not self.data_agreed

    @property
    def ready(self):
        return self.completed and self.data_agreed and self.certificate is None


def school_roster(*, school, year):
    """Every year result of the school with the person's data check and valid certificate, in name order."""
    results = list(
        YearResult.objects.filter(school=school, year=year)
        .select_related("staff")
        .order_by("staff__sort_key", "staff_id")
    )
    staff_ids = [result.staff_id for result in results]
    checks = {c.staff_id: c for c in PersonalDataCheck.objects.filter(year=year, staff_id__in=staff_ids)}
    certificates = {
        c.staff_id: c
        for c in Certificate.objects.filter(year=year, staff_id__in=staff_ids, status=CertificateStatus.VALID)
    }
    return [
        RosterRow(result, result.staff, checks.get(result.staff_id), certificates.get(result.staff_id), year.ruleset)
        for result in results
    ]


def roster_counts(rows):
    return {
        "results": len(rows),
        "completed": sum(row.completed for row in rows),
        "agreed": sum(row.completed and row.data_agreed for row in rows),
        "issued": sum(row.certificate is not None for row in rows),
        "ready": sum(row.ready for row in rows),
        # Completed, no certificate yet, printed data not confirmed: left out of an issue now.
        "waiting_data": sum(row.completed and not row.data_agreed and row.certificate is None for row in rows),
    }


def school_overview(*, user, year):
    """For an issuing office: its schools with their counts, in four grouped queries whatever the number."""
    schools = list(schools_of_year(issuable_schools(user=user), year=year).order_by("path"))
    ids = [school.pk for school in schools]
    locked = set(
        SchoolConfirmation.objects.filter(year=year, school_id__in=ids, is_locked=True).values_list(
            "school_id", flat=True
        )
    )
    completed = dict(
        YearResult.objects.filter(year=year, school_id__in=ids, classification__in=COMPLETED_CLASSES)
        .values_list("school_id")
        .annotate(n=Count("id"))
    )
    has_agreed = Exists(agreed_checks(year=year).filter(staff_id=OuterRef("staff_id")))
    agreed = dict(
        YearResult.objects.filter(year=year, school_id__in=ids, classification__in=COMPLETED_CLASSES)
        .filter(has_agreed)
        .values_list("school_id")
        .annotate(n=Count("id"))
    )
    issued = dict(
        Certificate.objects.filter(year=year, school_id__in=ids, status=CertificateStatus.VALID)
        .values_list("school_id")
        .annotate(n=Count("id"))
    )
    return [
        {
            "school": school,
            "locked": school.pk in locked,
            "completed": completed.get(school.pk, 0),
            "agreed": agreed.get(school.pk, 0),
            "issued": issued.get(school.pk, 0),
        }
        for school in schools
    ]


def schools_to_issue(rows):
    """The rows of ``school_overview`` whose results are confirmed with more people ready (completed, printed data
    confirmed) than certificates issued: where the issuer has work."""
    return [row for row in rows if row["locked"] and row["agreed"] > row["issued"]]


# ---------------------------------------------------------------------------------------------------------------
# Personal data
# ---------------------------------------------------------------------------------------------------------------


def own_check(*, staff, year):
    return PersonalDataCheck.objects.filter(staff=staff, year=year).first()


@dataclass
class OwnYear:
    """A person's year as "Giấy chứng nhận của tôi" shows it: the result once confirmed (the rule of "Kết quả của
    tôi"), the check of their printed data, whether a certificate waits on them confirming it, and the school the
    certificate names (the school of the year's result, else the person's school today)."""

    check: object
    agreed: bool
    result: object  # YearResult or None (none yet, or not confirmed)
    result_unconfirmed: bool
    staff: object = None
    year_result: object = None  # the year's result, confirmed or not

    @property
    def school(self):
        return self.year_result.school if self.year_result is not None else self.staff.unit

    @property
    def completed(self):
        return self.result is not None and self.result.classification in COMPLETED_CLASSES

    @property
    def data_to_confirm(self):
        return self.completed and not self.agreed


def own_year(*, staff, year):
    check = own_check(staff=staff, year=year)
    result = YearResult.objects.filter(staff=staff, year=year).select_related("plan__staff", "school").first()
    unconfirmed = result is not None and not plan_results_locked(result.plan)
    return OwnYear(
        check=check,
        agreed=check is not None and check.holds_for(staff),
        result=None if unconfirmed else result,
        result_unconfirmed=unconfirmed,
        staff=staff,
        year_result=result,
    )


def in_roster(*, school, year, staff):
    """Whether ``staff`` is on ``school``'s list of ``year``: a result there, or working there today."""
    return staff.unit_id == school.pk or YearResult.objects.filter(school=school, year=year, staff=staff).exists()


def own_valid_certificates(*, user, year):
    return own_certificates(user=user).filter(year=year, status=CertificateStatus.VALID)


def check_events(*, check):
    if check is None:
        return []
    return list(check.events.select_related("by"))


def checks_visible_to(*, user, year):
    return PersonalDataCheck.objects.filter(year=year, staff__in=scoping.visible_staff(user)).select_related(
        "staff", "staff__unit"
    )


def corrections_visible_to(*, user, year, unit=None, statuses=CORRECTION_STATUSES):
    """Correction requests of the staff the user may see (optionally within ``unit``'s subtree)."""
    checks = checks_visible_to(user=user, year=year).filter(status__in=statuses)
    if unit is not None:
        checks = checks.filter(scoping.subtree_q(unit, via="staff__unit"))
    return checks.select_related("decided_by").order_by("staff__unit__path", "staff__sort_key", "staff_id")


def get_check_for_user(*, user, pk):
    return scoping.get_in_scope_or_404(
        PersonalDataCheck.objects.filter(staff__in=scoping.visible_staff(user)).select_related(
            "staff", "staff__unit", "year"
        ),
        pk,
    )


def missing_personal_data(staff):
    """Labels of what the certificate needs but the record lacks (date or place of birth)."""
    from django.utils.translation import gettext as _

    missing = []
    if staff.birth_date is None:
        missing.append(_("ngày sinh"))
    if not (staff.birth_place or "").strip():
        missing.append(_("nơi sinh"))
    return missing

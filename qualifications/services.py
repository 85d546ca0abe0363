"""Writes of the qualifications app: qualifications, certificates (converted when entered), the Sở's table, targets.

Callers pass objects already looked up through accounts.scoping; each service checks the right to write again
(``QualificationError`` or PermissionDenied), so a view can never write outside the user's scope.

English teachers are those whose qualification record has ``teaches_english`` ticked. The tick is a person's
decision (a "Tổ Ngoại ngữ" may hold French teachers; an "Anh - Tin" group only some English teachers); when a
record is first created its tick is guessed from the subject group (``guess_teaches_english``), and
``english_teachers_mark_from_groups`` ticks, in one go, the staff of a unit who have no record yet.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.models import Role
from core.errors import DomainError
from core.vietnamese import fold
from years.selectors import current_year_for

from . import cefr
from .models import Indicator, LanguageCertificate, Qualification, Target, TargetAudience, UnitType, YearConversionTable

ENGLISH_GROUP_WORDS = ("ngoai ngu", "tieng anh", "anh van")


class QualificationError(DomainError):
    """A translatable error of the qualifications app, shown to the user as a message.

    ``errors``: {field name: message} when the error belongs to form fields.
    """

    def __init__(self, message, errors=None):
        self.errors = errors or {}
        super().__init__(message)


def guess_teaches_english(subject_group):
    """Whether a subject group's name says it teaches English ("Tổ Ngoại ngữ", "Tiếng Anh", "Anh văn")."""
    folded = fold(subject_group or "")
    return any(word in folded for word in ENGLISH_GROUP_WORDS)


def _check_can_edit(*, user, staff):
    if not scoping.manageable_staff(user).filter(pk=staff.pk).exists():
        raise PermissionDenied


def _qualification_for_update(staff):
    """The staff member's record, locked; a new unsaved one (English guessed from the group) when there is none."""
    qualification = Qualification.objects.select_for_update().filter(staff=staff).first()
    if qualification is None:
        qualification = Qualification(staff=staff, teaches_english=guess_teaches_english(staff.subject_group))
    return qualification


# ---------------------------------------------------------------------------------------------------------------
# Qualifications


@transaction.atomic
def qualification_save(*, staff, user, degree="", major="", political_theory="", teaches_english=False):
    """Record a person's highest degree, major, political theory level and whether they teach English."""
    _check_can_edit(user=user, staff=staff)
    qualification = _qualification_for_update(staff)
    qualification.degree = degree or ""
    qualification.major = (major or "").strip()
    qualification.political_theory = political_theory or ""
    qualification.teaches_english = bool(teaches_english)
    qualification.updated_by = user
    qualification._history_user = user
    qualification.save()
    return qualification


def qualification_refresh_cefr(*, staff):
    """Store on the qualification the best level among the person's recorded conversions (the only writer)."""
    best = (
        LanguageCertificate.objects.filter(staff=staff)
        .exclude(cefr_level="")
        .order_by("-cefr_rank", "-issued_on", "-id")
        .values_list("cefr_level", "cefr_rank")
        .first()
    )
    level, rank = best or ("", 0)
    qualification = _qualification_for_update(staff)
    if qualification.pk is None:
        qualification.cefr_level, qualification.cefr_rank = level, rank
        qualification.save()  # first record of this person: kept in the history as its creation
    elif (qualification.cefr_level, qualification.cefr_rank) != (level, rank):
        qualification.cefr_level, qualification.cefr_rank = level, rank
        qualification.skip_history_when_saving = True
        try:
            qualification.save(update_fields=["cefr_level", "cefr_rank"])
        finally:
            del qualification.skip_history_when_saving
    return qualification


@transaction.atomic
def english_teachers_mark_from_groups(*, user, staff_queryset):
    """Tick "teaches English" for staff of an English subject group who have no qualification record yet.

    ``staff_queryset`` comes from scoping (e.g. the staff list's filter); only staff the user may edit are
    touched, and records someone already filled in are left as they are. Returns the number ticked.
    """
    candidates = [
        staff
        for staff in scoping.manageable_staff(user)
        .filter(pk__in=staff_queryset.values("pk"), is_active=True, qualification__isnull=True)
        .select_related(None)
        .only("id", "subject_group")
        if guess_teaches_english(staff.subject_group)
    ]
    Qualification.objects.bulk_create(
        [Qualification(staff=staff, teaches_english=True, updated_by=user) for staff in candidates],
        ignore_conflicts=True,
    )
    return len(candidates)


# ---------------------------------------------------------------------------------------------------------------
# The Sở's choice of conversion table


def conversion_table_for(*, year):
    """The table chosen for ``year`` (Table S when the Sở has not chosen or there is no year)."""
    key = None
    if year is not None:
        key = YearConversionTable.objects.filter(year=year).values_list("table_key", flat=True).first()
    return cefr.get_table(key or cefr.DEFAULT_TABLE_KEY)


def _check_department_officer(*, user, department):
    if user.is_admin_role:
        return
    if user.role != Role.DEPARTMENT_OFFICER or user.unit_id != department.pk:
        raise PermissionDenied


@transaction.atomic
def conversion_table_choose(*, year, table_key, user):
    """The Sở picks the table for certificates entered in ``year``; conversions already recorded keep theirs."""
    _check_department_officer(user=user, department=year.department)
    if table_key not in cefr.TABLES:
        raise QualificationError(_("Bảng quy đổi không hợp lệ."))
    choice, _created = YearConversionTable.objects.update_or_create(
        year=year, defaults={"department": year.department, "table_key": table_key, "chosen_by": user}
    )
    return choice


# ---------------------------------------------------------------------------------------------------------------
# Certificates


@transaction.atomic
def certificate_add(*, staff, user, test, scores, issued_on, issuer="", evidence_note="", year=None, now=None):
    """Record a certificate and convert it with the table the Sở chose for the year; the conversion is kept.

    ``scores``: {skill: text} as typed (checked with ``cefr.parse_scores``). ``year``: the training year whose
    table applies (default: the current year of the staff's Sở).
    """
    _check_can_edit(user=user, staff=staff)
    if test not in cefr.TESTS:
        raise QualificationError(_("Loại chứng chỉ không hợp lệ."), {"test": _("Loại chứng chỉ không hợp lệ.")})
    try:
        parsed = cefr.parse_scores(test, scores)
    except cefr.ScoreError as error:
        raise QualificationError(_("Điểm chứng chỉ chưa hợp lệ: %(e)s") % {"e": error}, error.errors) from None
    now = now or timezone.now()
    if issued_on is None:
        raise QualificationError(_("Hãy nhập ngày cấp."), {"issued_on": _("Hãy nhập ngày cấp.")})
    if issued_on > timezone.localdate(now):
        message = _("Ngày cấp không thể sau hôm nay.")
        raise QualificationError(message, {"issued_on": message})
    if year is None:
        year = current_year_for(unit=staff.unit)
    table = conversion_table_for(year=year)
    result = cefr.convert(table, test, parsed)
    certificate = LanguageCertificate(
        staff=staff,
        test=test,
        scores=cefr.scores_to_json(parsed),
        issued_on=issued_on,
        issuer=(issuer or "").strip(),
        evidence_note=(evidence_note or "").strip(),
        conversion_table=result.table_key,
        conversion_source=result.source,
        conversion_year=year,
        cefr_level=result.level or "",
        cefr_rank=result.rank,
        conversion_explanation=result.explanation,
        converted_at=now,
        created_by=user,
    )
    certificate._history_user = user
    certificate.save()
    qualification_refresh_cefr(staff=staff)
    return certificate


@transaction.atomic
def certificate_delete(*, certificate, user):
    staff = certificate.staff
    _check_can_edit(user=user, staff=staff)
    certificate._history_user = user
    certificate.delete()
    qualification_refresh_cefr(staff=staff)


# ---------------------------------------------------------------------------------------------------------------
# Targets


def department_for_targets(*, user, year):
    """The Sở whose targets ``user`` may set for ``year`` (PermissionDenied otherwise)."""
    _check_department_officer(user=user, department=year.department)
    return year.department


@transaction.atomic
def target_save(*, user, year, indicator, target_percent, unit_type=UnitType.ALL, audience=TargetAudience.ALL, note=""):
    """Create or update the Sở's target for (year, cấp học, audience, indicator)."""
    department = department_for_targets(user=user, year=year)
    errors = {}
    if indicator not in Indicator.values:
        errors["indicator"] = _("Chỉ tiêu không hợp lệ.")
    if unit_type not in UnitType.values:
        errors["unit_type"] = _("Cấp học không hợp lệ.")
    if audience not in TargetAudience.values:
        errors["audience"] = _("Đối tượng không hợp lệ.")
    if target_percent is None or not (0 <= target_percent <= 100):
        errors["target_percent"] = _("Tỷ lệ phấn đấu phải từ 0 đến 100.")
    if indicator == Indicator.ENGLISH and audience == TargetAudience.MANAGERS:
        errors["audience"] = _("Chuẩn CEFR của cấp học chỉ áp dụng cho giáo viên tiếng Anh.")
    if errors:
        raise QualificationError(" ".join(str(message) for message in errors.values()), errors)
    target, _created = Target.objects.update_or_create(
        year=year,
        unit_type=unit_type,
        audience=audience,
        indicator=indicator,
        defaults={
            "department": department,
            "target_percent": target_percent,
            "note": (note or "").strip(),
            "updated_by": user,
        },
    )
    return target


@transaction.atomic
def target_delete(*, user, target):
    department_for_targets(user=user, year=target.year)
    target.delete()


@transaction.atomic
def targets_copy_from_year(*, user, year, source_year):
    """Copy the targets of another year of the same Sở into ``year`` (existing ones of ``year`` are kept)."""
    department_for_targets(user=user, year=year)
    if source_year.department_id != year.department_id:
        raise PermissionDenied
    existing = set(Target.objects.filter(year=year).values_list("unit_type", "audience", "indicator"))
    copies = [
        Target(
            department=year.department,
            year=year,
            unit_type=target.unit_type,
            audience=target.audience,
            indicator=target.indicator,
            target_percent=target.target_percent,
            note=target.note,
            updated_by=user,
        )
        for target in Target.objects.filter(year=source_year)
        if (target.unit_type, target.audience, target.indicator) not in existing
    ]
    Target.objects.bulk_create(copies)
    return len(copies)


# The targets of the HCMC Sở's training plan 2013–2015 (a seed document), offered as a starting point.
# "đạt trình độ Thạc sĩ là 33%" is read as "thạc sĩ trở lên" (the MASTER indicator counts doctors too); colleges
# and TCCN schools are not unit types here and are left out.
HCMC_2013_2015_SOURCE = "KH ĐTBD 2013–2015 Sở GD&ĐT TP.HCM"
HCMC_2013_2015_TARGETS = (
    # (indicator, cấp học, audience, percent, section of the plan)
    (Indicator.DOCTORATE, UnitType.THPT, TargetAudience.MANAGERS, "4", "II.2"),
    (Indicator.MASTER, UnitType.THPT, TargetAudience.MANAGERS, "33", "II.2"),
    (Indicator.DOCTORATE, UnitType.THPT, TargetAudience.TEACHERS, "0.3", "II.2"),
    (Indicator.MASTER, UnitType.THPT, TargetAudience.TEACHERS, "12", "II.2"),
    (Indicator.DOCTORATE, UnitType.GDTX, TargetAudience.MANAGERS, "2", "II.2"),
    (Indicator.MASTER, UnitType.GDTX, TargetAudience.MANAGERS, "20", "II.2"),
    (Indicator.DOCTORATE, UnitType.GDTX, TargetAudience.TEACHERS, "0.5", "II.2"),
    (Indicator.MASTER, UnitType.GDTX, TargetAudience.TEACHERS, "12", "II.2"),
    (Indicator.POLITICAL, UnitType.ALL, TargetAudience.MANAGERS, "100", "II.4"),
    (Indicator.ENGLISH, UnitType.ALL, TargetAudience.TEACHERS, "100", "II.5"),
)


@transaction.atomic
def targets_load_hcmc_2013_2015(*, user, year):
    """Add the HCMC 2013–2015 plan's targets to ``year``; targets the Sở already set are kept. Returns the count."""
    department_for_targets(user=user, year=year)
    return hcmc_targets_add(year=year, user=user)


def hcmc_targets_add(*, year, user=None):
    """Write the preset targets missing from ``year`` (no permission check: callers check, or seed demo data)."""
    existing = set(Target.objects.filter(year=year).values_list("unit_type", "audience", "indicator"))
    targets = [
        Target(
            department=year.department,
            year=year,
            indicator=indicator,
            unit_type=unit_type,
            audience=audience,
            target_percent=Decimal(percent),
            note=f"{HCMC_2013_2015_SOURCE}, mục {section}",
            updated_by=user,
        )
        for indicator, unit_type, audience, percent, section in HCMC_2013_2015_TARGETS
        if (unit_type, audience, indicator) not in existing
    ]
    Target.objects.bulk_create(targets)
    return len(targets)

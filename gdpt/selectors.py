"""Reads of the GDPT 2018 module reviews, always starting from accounts.scoping.

Who sees what:
- campaigns: the Sở's own campaigns, seen by its officers, its Phòng officers and its school managers (all for admins);
- school reviews: the schools of ``scoping.visible_schools`` inside the campaign's Sở (a school manager: their school);
- people: ``scoping.visible_staff``, active, of the levels the GDPT 2018 programme covers (TH, THCS, THPT, GDTX).
Teachers and group heads have no access to these pages.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Subquery, Value, When

from accounts import scoping
from accounts.models import MANAGER_POSITIONS, Level, OrgUnit, Role, Staff
from accounts.permissions import Cap, Scope, can, scope_of
from modules.models import CatalogLevel, Module
from years.selectors import department_of

from .models import DONE_STATUSES, Campaign, LmsStatus, ModuleStatus, Reason, ReviewEntry, SchoolReview

# Levels whose staff follow the GDPT 2018 modules; the Sở's letters count TH, THCS and THPT (GDTX shown when present).
ELIGIBLE_LEVELS = (Level.TH, Level.THCS, Level.THPT, Level.GDTX)
LETTER_LEVELS = (Level.TH, Level.THCS, Level.THPT)
ROLE_MANAGER = "CBQL"
ROLE_TEACHER = "GV"
ROLE_LABELS = {ROLE_MANAGER: "CBQL", ROLE_TEACHER: "GV"}


# ---------------------------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------------------------


def require_review_access(user):
    """403 for roles without these pages (teachers, group heads)."""
    if not can(user, Cap.REPORT):
        raise PermissionDenied


def can_import_lms(user):
    """The LMS export is loaded by the Sở (or an admin)."""
    return can(user, Cap.SET_UP)


def can_manage_campaign(user, campaign=None, department=None):
    """Sở officers open and change their Sở's campaigns; admins any."""
    if not can(user, Cap.SET_UP):
        return False
    if user.is_admin_role:
        return True
    target = campaign.department_id if campaign is not None else getattr(department, "pk", None)
    return target is None or target == user.unit_id


def can_edit_review(user, school):
    """Only the school's own managers change its review: it is the school's own submission (no office, no admin)."""
    return scope_of(user, Cap.SUBMIT) == Scope.UNIT and can(user, Cap.SUBMIT, school)


def can_reopen_review(user, school):
    """The school itself, or an office above it (it returns the review for corrections)."""
    return can(user, Cap.REPORT, school)


# ---------------------------------------------------------------------------------------------------------------
# Modules and campaigns
# ---------------------------------------------------------------------------------------------------------------


def gdpt_modules():
    return Module.objects.filter(level=CatalogLevel.GDPT2018, is_retired=False).order_by("sequence", "code")


def departments_for(user):
    """Sở the user may open campaigns for."""
    if user.is_admin_role:
        return OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT, is_active=True)
    if user.role == Role.DEPARTMENT_OFFICER and user.unit_id and user.unit.kind == OrgUnit.Kind.DEPARTMENT:
        return OrgUnit.objects.filter(pk=user.unit_id)
    return OrgUnit.objects.none()


def campaigns_visible_to(*, user):
    """Đợt rà soát of the user's Sở (every Sở for admins), newest closing date first."""
    queryset = Campaign.objects.select_related("department", "module")
    if not can(user, Cap.REPORT):
        return queryset.none()
    if user.is_admin_role:
        return queryset
    department = department_of(user.unit)
    if department is None:
        return queryset.none()
    return queryset.filter(department=department)


def get_campaign_for_user(*, user, pk):
    return scoping.get_in_scope_or_404(campaigns_visible_to(user=user), pk)


def get_rw_campaign_for_user(*, user, pk):
    campaign = get_campaign_for_user(user=user, pk=pk)
    if not can_manage_campaign(user, campaign):
        raise PermissionDenied
    return campaign


# ---------------------------------------------------------------------------------------------------------------
# Schools and people of a campaign
# ---------------------------------------------------------------------------------------------------------------


def review_schools(*, user, campaign, root=None):
    """Schools taking part in the campaign that the user may see (under ``root`` when given).

    A school takes part when one of its levels is TH, THCS, THPT or GDTX ('TH' is in all of the first three).
    """
    queryset = scoping.visible_schools(user).filter(scoping.subtree_q(root or campaign.department), is_active=True)
    if root is not None and not root.is_within(campaign.department):
        return queryset.none()
    return queryset.filter(Q(levels__contains="TH") | Q(levels__contains="GDTX")).order_by("path")


def get_review_school_for_user(*, user, campaign, pk):
    return scoping.get_in_scope_or_404(review_schools(user=user, campaign=campaign), pk)


def review_staff(*, user, campaign, root=None):
    """People counted by the campaign that the user may see: active, of a GDPT level, in the Sở (or ``root``)."""
    return scoping.visible_staff(user).filter(
        scoping.subtree_q(root or campaign.department, via="unit"),
        is_active=True,
        level__in=ELIGIBLE_LEVELS,
    )


def _done_exists(module):
    return Exists(ModuleStatus.objects.filter(staff=OuterRef("pk"), module=module, status__in=DONE_STATUSES))


def _role_expression():
    return Case(
        When(position__in=list(MANAGER_POSITIONS), then=Value(ROLE_MANAGER)),
        default=Value(ROLE_TEACHER),
        output_field=CharField(),
    )


def get_review(*, campaign, school):
    return SchoolReview.objects.filter(campaign=campaign, school=school).select_related("submitted_by").first()


@dataclass
class ReviewRow:
    staff: Staff
    status: ModuleStatus | None
    entry: ReviewEntry | None

    @property
    def is_done(self):
        return self.status is not None and self.status.is_done

    @property
    def status_code(self):
        return self.status.status if self.status is not None else LmsStatus.NOT_ENROLLED

    @property
    def status_label(self):
        return LmsStatus(self.status_code).label

    @property
    def role(self):
        return ROLE_MANAGER if self.staff.is_manager else ROLE_TEACHER

    @property
    def flagged(self):
        return self.entry is not None and bool(self.entry.reason)

    @property
    def needs_reason(self):
        return not self.is_done and not self.flagged

    @property
    def lms_name_differs(self):
        return bool(self.status and self.status.lms_full_name and self.status.lms_full_name != self.staff.full_name)


def review_rows(*, user, campaign, school, review=None):
    """Every person of the school in the campaign with their LMS status and the school's entry: three queries."""
    staff = list(review_staff(user=user, campaign=campaign).filter(unit=school).order_by("sort_key", "id"))
    ids = [person.pk for person in staff]
    statuses = {
        status.staff_id: status
        for status in ModuleStatus.objects.filter(module=campaign.module, staff__in=ids).select_related("batch")
    }
    entries = {}
    if review is not None:
        entries = {entry.staff_id: entry for entry in ReviewEntry.objects.filter(review=review, staff__in=ids)}
    return [ReviewRow(person, statuses.get(person.pk), entries.get(person.pk)) for person in staff]


def review_row(*, user, campaign, school, staff_pk, review=None):
    """One person's row (404 when the person is not in this school's list)."""
    staff = scoping.get_in_scope_or_404(review_staff(user=user, campaign=campaign).filter(unit=school), staff_pk)
    status = ModuleStatus.objects.filter(module=campaign.module, staff=staff).first()
    entry = ReviewEntry.objects.filter(review=review, staff=staff).first() if review is not None else None
    return ReviewRow(staff, status, entry)


@dataclass
class ReviewSummary:
    total: int = 0
    done: int = 0
    not_done: int = 0
    flagged: int = 0
    needs_reason: int = 0
    corrections: int = 0


def review_summary(rows):
    summary = ReviewSummary(total=len(rows))
    for row in rows:
        if row.is_done:
            summary.done += 1
        else:
            summary.not_done += 1
            summary.flagged += row.flagged
            summary.needs_reason += row.needs_reason
        summary.corrections += bool(row.entry and row.entry.has_correction)
    return summary


def missing_reasons(*, campaign, school, review):
    """People of the school not completed and without a reason (for the submission check): one query."""
    flagged = ReviewEntry.objects.filter(review=review, staff=OuterRef("pk")).exclude(reason="")
    return (
        Staff.objects.filter(unit=school, is_active=True, level__in=ELIGIBLE_LEVELS)
        .exclude(_done_exists(campaign.module))
        .exclude(Exists(flagged))
        .order_by("sort_key", "id")
    )


# ---------------------------------------------------------------------------------------------------------------
# Counts for the Sở and the Phòng (as in the Sở's review letters)
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class LevelCount:
    level: str
    label: str
    managers_total: int = 0
    managers_not_done: int = 0
    teachers_total: int = 0
    teachers_not_done: int = 0

    @property
    def total(self):
        return self.managers_total + self.teachers_total

    @property
    def not_done(self):
        return self.managers_not_done + self.teachers_not_done


@dataclass
class SchoolCount:
    school: OrgUnit
    total: int = 0
    not_done: int = 0
    flagged: int = 0
    corrections: int = 0
    review: SchoolReview | None = None

    @property
    def needs_reason(self):
        return max(self.not_done - self.flagged, 0)


@dataclass
class CampaignCounts:
    levels: list
    total: LevelCount
    reasons: list  # [(label, [n per level of reason_levels], total)]
    reason_levels: list
    schools: list = field(default_factory=list)
    submitted: int = 0


def campaign_counts(*, user, campaign, root=None):
    """Not-completed people per level × role, reasons given, and each school's figures, in five queries.

    Not completed: no LMS row for the module, or a status other than Hoàn thành / Đạt.
    """
    staff = review_staff(user=user, campaign=campaign, root=root)
    done = _done_exists(campaign.module)
    grouped = (
        staff.annotate(role=_role_expression())
        .values("level", "role")
        .annotate(total=Count("pk"), not_done=Count("pk", filter=~done))
        .order_by()
    )
    by_level = {level: LevelCount(level, str(Level(level).label)) for level in LETTER_LEVELS}
    for row in grouped:
        count = by_level.setdefault(row["level"], LevelCount(row["level"], str(Level(row["level"]).label)))
        if row["role"] == ROLE_MANAGER:
            count.managers_total += row["total"]
            count.managers_not_done += row["not_done"]
        else:
            count.teachers_total += row["total"]
            count.teachers_not_done += row["not_done"]
    levels = [by_level[level] for level in ELIGIBLE_LEVELS if level in by_level]
    total = LevelCount("", "")
    for count in levels:
        total.managers_total += count.managers_total
        total.managers_not_done += count.managers_not_done
        total.teachers_total += count.teachers_total
        total.teachers_not_done += count.teachers_not_done

    # Reasons the schools gave, for people still not completed.
    entries = ReviewEntry.objects.filter(review__campaign=campaign, staff__in=staff.exclude(done))
    reason_rows = entries.exclude(reason="").values("reason", "staff__level").annotate(n=Count("pk")).order_by()
    reason_table = {}
    for row in reason_rows:
        reason_table.setdefault(row["reason"], {})[row["staff__level"]] = row["n"]
    reason_levels = [count.level for count in levels]
    reasons = [
        (str(label), [reason_table[code].get(level, 0) for level in reason_levels], sum(reason_table[code].values()))
        for code, label in Reason.choices
        if code in reason_table
    ]

    # Per school: people and not completed, then reasons and corrections given, then each school's review.
    schools = list(review_schools(user=user, campaign=campaign, root=root).select_related("parent"))
    per_school = {school.pk: SchoolCount(school) for school in schools}
    for row in staff.values("unit_id").annotate(total=Count("pk"), not_done=Count("pk", filter=~done)).order_by():
        if row["unit_id"] in per_school:
            per_school[row["unit_id"]].total = row["total"]
            per_school[row["unit_id"]].not_done = row["not_done"]
    reviews = SchoolReview.objects.filter(campaign=campaign, school__in=[school.pk for school in schools]).annotate(
        flagged=Count("entries", filter=~Q(entries__reason="") & Q(entries__staff__in=staff.exclude(done))),
        corrections=Count(
            "entries",
            filter=~Q(entries__corrected_full_name="")
            | Q(entries__corrected_birth_date__isnull=False)
            | ~Q(entries__corrected_birth_place=""),
        ),
    )
    submitted = 0
    for review in reviews:
        line = per_school[review.school_id]
        line.review, line.flagged, line.corrections = review, review.flagged, review.corrections
        submitted += review.status == "SUBMITTED"
    return CampaignCounts(
        levels=levels,
        total=total,
        reasons=reasons,
        reason_levels=reason_levels,
        schools=list(per_school.values()),
        submitted=submitted,
    )


# ---------------------------------------------------------------------------------------------------------------
# Lists for Phụ lục 4 (corrections) and Phụ lục 5 (not completed, with reasons)
# ---------------------------------------------------------------------------------------------------------------


def correction_entries(*, user, campaign, root=None):
    """Entries asking for a correction of name / date / place of birth, for people the user may see."""
    staff = review_staff(user=user, campaign=campaign, root=root)
    return (
        ReviewEntry.objects.filter(review__campaign=campaign, staff__in=staff)
        .filter(~Q(corrected_full_name="") | Q(corrected_birth_date__isnull=False) | ~Q(corrected_birth_place=""))
        .select_related("staff", "staff__unit")
        .order_by("staff__unit__path", "staff__sort_key", "staff__id")
    )


def not_completed_people(*, user, campaign, root=None):
    """People not completed, with their LMS status and the reason their school gave, in one query."""
    staff = review_staff(user=user, campaign=campaign, root=root).exclude(_done_exists(campaign.module))
    statuses = ModuleStatus.objects.filter(module=campaign.module, staff=OuterRef("pk"))
    entries = ReviewEntry.objects.filter(review__campaign=campaign, staff=OuterRef("pk"))
    return (
        staff.annotate(
            lms_status=Subquery(statuses.values("status")[:1]),
            reason=Subquery(entries.values("reason")[:1]),
            reason_note=Subquery(entries.values("reason_note")[:1]),
        )
        .select_related("unit")
        .order_by("unit__path", "sort_key", "id")
    )


def lms_completed_hours(items):
    """{item id: its planned tiết} of the plan items (PlanItem objects) whose module the person completed on the
    national LMS (Hoàn thành / Đạt in the last import): a study-hours source of ``study.selectors``. Two queries."""
    from plans.models import Plan

    with_module = [item for item in items if item.module_id]
    if not with_module:
        return {}
    staff_of_plan = dict(
        Plan.objects.filter(pk__in={item.plan_id for item in with_module}).values_list("pk", "staff_id")
    )
    done = set(
        ModuleStatus.objects.filter(
            staff_id__in=set(staff_of_plan.values()),
            module_id__in={item.module_id for item in with_module},
            status__in=DONE_STATUSES,
        ).values_list("staff_id", "module_id")
    )
    return {item.pk: item.hours for item in with_module if (staff_of_plan[item.plan_id], item.module_id) in done}

"""Reads for training courses: who sees which course, the enrolment pick list and the budget plan.

Everything starts from ``accounts.scoping``. A course is visible to
- the offices whose subtree holds its organiser (the Phòng itself, the Sở above it) and the offices below
  the organiser (a Phòng sees its Sở's courses), and school managers below the organiser — read-only except
  for the organiser's own officers;
- a teacher or group head enrolled in it (their own enrolment only).
Enrolments are always filtered by ``visible_staff``: a Phòng looking at the Sở's course sees its own people.

Money is summed in the database as integers (``TOTAL`` = số người × kinh phí/người).
"""

from django.db.models import BigIntegerField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce

from accounts import scoping
from accounts import selectors as account_selectors
from accounts.models import OFFICE_KINDS, OFFICE_ROLES, OrgUnit, Role
from accounts.permissions import Cap, can

from .models import Course, Enrollment, FundingSource

ORGANISER_KINDS = tuple(OFFICE_KINDS)

# Thành tiền of one course, computed by the database in integer arithmetic.
TOTAL = ExpressionWrapper(F("planned_participants") * F("cost_per_person"), output_field=BigIntegerField())


def _sum(expression):
    return Coalesce(Sum(expression), Value(0), output_field=BigIntegerField())


# --- permissions -------------------------------------------------------------------------------------------


def can_organise(user):
    """Whether the user may create courses: a Sở or Phòng officer (for their own unit), or an admin."""
    if not can(user, Cap.ORGANISE):
        return False
    return user.is_admin_role or (user.unit_id is not None and user.unit.kind in ORGANISER_KINDS)


def can_manage_course(user, course):
    """The organiser's own officers (and admins) change a course, its enrolments and completions."""
    return can(user, Cap.ORGANISE, course.organiser)


def organiser_choices(user):
    """Units the user may organise courses for: their own Sở or Phòng; every Sở and Phòng for admins."""
    if not can_organise(user):
        return OrgUnit.objects.none()
    units = scoping.visible_units(user).filter(kind__in=ORGANISER_KINDS)
    if not user.is_admin_role:
        units = units.filter(pk=user.unit_id)
    return units.order_by("path")


# --- courses -----------------------------------------------------------------------------------------------


def courses_visible_to(*, user, year=None):
    """Lớp bồi dưỡng the user may open (see the module docstring)."""
    if not user.is_authenticated:
        return Course.objects.none()
    queryset = Course.objects.select_related("organiser", "year")
    if year is not None:
        queryset = queryset.filter(year=year)
    if user.is_admin_role:
        return queryset
    if user.unit_id is None:
        return Course.objects.none()
    above = Q(organiser_id__in=user.unit.ancestor_ids)
    if user.role in OFFICE_ROLES:
        return queryset.filter(Q(organiser__in=scoping.visible_units(user)) | above)
    if user.role == Role.SCHOOL_MANAGER:
        return queryset.filter(above)
    if user.staff_id:
        return queryset.filter(Exists(Enrollment.objects.filter(course=OuterRef("pk"), staff_id=user.staff_id)))
    return Course.objects.none()


def get_course_for_user(user, pk):
    """One visible course; 404 otherwise."""
    return scoping.get_in_scope_or_404(courses_visible_to(user=user), pk)


def course_list(*, user, year, status=""):
    """Courses of the year with their thành tiền and enrolment counts (all enrolments: counts are not names)."""
    queryset = courses_visible_to(user=user, year=year)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.annotate(
        total=TOTAL,
        enrolled_count=Count("enrollments"),
        completed_count=Count("enrollments", filter=Q(enrollments__completed=True)),
    ).order_by("organiser__path", "id")


def course_counts(*, course):
    """(enrolled, completed) over every enrolment of the course."""
    counts = Enrollment.objects.filter(course=course).aggregate(
        enrolled=Count("id"), completed=Count("id", filter=Q(completed=True))
    )
    return counts["enrolled"], counts["completed"]


# --- enrolments --------------------------------------------------------------------------------------------


def enrollments_visible_to(*, user, course):
    """The course's học viên the user may see, sorted by given name."""
    return (
        Enrollment.objects.filter(course=course, staff__in=scoping.visible_staff(user))
        .select_related("staff", "staff__unit", "completed_by")
        .order_by("staff__sort_key", "staff_id")
    )


def enrollment_candidates(*, user, course, query="", unit=None, position=""):
    """Active staff the user may enrol in the course: in their scope *and* under the organiser.

    ``query`` matches names and codes without diacritics (Staff.search_text is folded); ``unit`` narrows to
    a subtree. Each row carries ``is_enrolled``.
    """
    organiser = course.organiser
    if unit is not None and not unit.is_within(organiser):
        unit = None
    staff = account_selectors.staff_search(
        user=user, query=query, unit=unit or organiser, position=position, active=True
    ).filter(scoping.subtree_q(organiser, via="unit"))
    enrolled = Enrollment.objects.filter(course=course, staff=OuterRef("pk"))
    return staff.annotate(is_enrolled=Exists(enrolled))


def candidate_unit_choices(*, user, course, max_schools=200):
    """Units offered to narrow the pick list: the visible units under the organiser (offices only when the
    schools are too many for one list)."""
    units = (
        scoping.visible_units(user)
        .filter(scoping.subtree_q(course.organiser))
        .only("id", "name", "kind", "depth", "path")
        .order_by("path")
    )
    if units.filter(kind=OrgUnit.Kind.SCHOOL).count() > max_schools:
        units = units.exclude(kind=OrgUnit.Kind.SCHOOL)
    return list(units)


# --- budget plan -------------------------------------------------------------------------------------------


def budget_units(*, user, year):
    """Offices whose budget plan the user may open for the year (inside the year's Sở)."""
    if not can(user, Cap.MONITOR):
        return OrgUnit.objects.none()
    return (
        scoping.visible_units(user)
        .filter(scoping.subtree_q(year.department), kind__in=ORGANISER_KINDS)
        .order_by("path")
    )


def budget_courses(*, user, year, unit, include_below=False):
    """The courses of a budget plan: organised by ``unit`` (or by any unit under it), in the user's scope."""
    queryset = courses_visible_to(user=user, year=year)
    if include_below:
        return queryset.filter(scoping.subtree_q(unit, via="organiser"))
    return queryset.filter(organiser=unit)


def budget_plan(*, courses):
    """Dự trù kinh phí: rows per course, subtotals by funding source and the grand total, summed by the database.

    Returns ``{"rows": queryset, "by_funding": [dict], "totals": dict}``; every amount is an int of đồng.
    """
    rows = courses.annotate(
        total=TOTAL,
        enrolled_count=Count("enrollments"),
        completed_count=Count("enrollments", filter=Q(enrollments__completed=True)),
    ).order_by("organiser__path", "id")
    base = courses.order_by()
    by_funding = list(
        base.values("funding_source", "funding_other").annotate(
            course_count=Count("id"),
            classes=_sum("class_count"),
            participants=_sum("planned_participants"),
            total=_sum(TOTAL),
        )
    )
    order = {value: index for index, value in enumerate(FundingSource.values)}
    labels = dict(FundingSource.choices)
    for group in by_funding:
        label = str(labels.get(group["funding_source"], group["funding_source"]))
        group["label"] = f"{label}: {group['funding_other']}" if group["funding_other"] else label
    by_funding.sort(key=lambda group: (order.get(group["funding_source"], 99), group["funding_other"]))
    totals = base.aggregate(
        course_count=Count("id"),
        classes=_sum("class_count"),
        participants=_sum("planned_participants"),
        total=_sum(TOTAL),
    )
    return {"rows": rows, "by_funding": by_funding, "totals": totals}

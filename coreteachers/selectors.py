"""Reads for core teachers, always starting from accounts.scoping; counts per unit in GROUP BY queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from accounts import scoping
from accounts.models import Level, OrgUnit, path_ids
from accounts.permissions import Cap, can
from core.vietnamese import fold

from .models import Designation, Status, Subject


def designations_visible_to(*, user, year=None):
    """Phân công cốt cán of the staff the user may see; managers and offices also see those made in their
    schools for staff who moved away since (their plans and reports were approved there)."""
    staff = scoping.visible_staff(user)
    condition = Q(staff__in=staff)
    if can(user, Cap.REPORT):
        condition |= Q(school__in=scoping.visible_schools(user))
    queryset = Designation.objects.filter(condition)
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.select_related(
        "staff", "school", "year", "designated_by", "support_plan", "support_report"
    ).order_by("staff__sort_key", "staff_id", "id")


def get_designation_for_user(*, user, pk):
    """One designation in scope, 404 otherwise."""
    return scoping.get_in_scope_or_404(designations_visible_to(user=user), pk)


def my_designations(*, user, year):
    if not user.staff_id:
        return Designation.objects.none()
    return designations_visible_to(user=user, year=year).filter(staff_id=user.staff_id)


def document_of(designation, attribute):
    """The designation's support plan or report (``attribute`` is 'support_plan' / 'support_report') or None."""
    return getattr(designation, attribute, None)


def transitions_of(*, designation, kind):
    return designation.transitions.filter(kind=kind).select_related("by").order_by("at", "id")


def filter_designations(queryset, *, school=None, level="", subject="", state=""):
    """Apply the list page's filters. ``state``: 'active' / 'revoked' / 'plan_waiting' / 'report_waiting'."""
    if school is not None:
        queryset = queryset.filter(school=school)
    if level:
        queryset = queryset.filter(level=level)
    if subject:
        queryset = queryset.filter(subject=subject)
    if state == "active":
        queryset = queryset.filter(active=True)
    elif state == "revoked":
        queryset = queryset.filter(active=False)
    elif state == "plan_waiting":
        queryset = queryset.filter(active=True, support_plan__status=Status.SUBMITTED)
    elif state == "report_waiting":
        queryset = queryset.filter(active=True, support_report__status=Status.SUBMITTED)
    return queryset


# --- Counts per unit ---------------------------------------------------------------------------------------------

COUNT_FIELDS = ["designated", "plans_submitted", "plans_approved", "reports_submitted", "reports_approved"]


@dataclass
class CountRow:
    """One line of the counts: a school, an office aggregated over its schools, or a (level, subject) pair."""

    unit: OrgUnit = None
    level: str = ""
    subject: str = ""
    designated: int = 0
    plans_submitted: int = 0
    plans_approved: int = 0
    reports_submitted: int = 0
    reports_approved: int = 0
    schools: int = 0
    children: list = field(default_factory=list, repr=False)

    @property
    def is_office(self):
        return self.unit is not None and self.unit.kind != OrgUnit.Kind.SCHOOL

    @property
    def level_label(self):
        return Level(self.level).label if self.level in Level.values else self.level

    @property
    def subject_label(self):
        return Subject(self.subject).label if self.subject in Subject.values else self.subject

    def add(self, values):
        for name in COUNT_FIELDS:
            setattr(
                self, name, getattr(self, name) + (values[name] if isinstance(values, dict) else getattr(values, name))
            )


@dataclass
class CoreCounts:
    year: object
    root: OrgUnit
    rows: list  # the root's direct children (schools, or Phòng aggregated over their schools); empty for a school
    by_level_subject: list  # CountRow per (level, subject) over the whole subtree
    total: CountRow


def _grouped(*, year, root):
    """Active designations of the year in root's subtree, grouped by school, level and subject: one query."""
    return list(
        Designation.objects.filter(year=year, active=True, school__is_active=True)
        .filter(scoping.subtree_q(root, via="school"))
        .values("school_id", "level", "subject")
        .annotate(
            designated=Count("id"),
            plans_submitted=Count("id", filter=Q(support_plan__status=Status.SUBMITTED)),
            plans_approved=Count("id", filter=Q(support_plan__status=Status.APPROVED)),
            reports_submitted=Count("id", filter=Q(support_report__status=Status.SUBMITTED)),
            reports_approved=Count("id", filter=Q(support_report__status=Status.APPROVED)),
        )
        .order_by()
    )


def core_counts(*, year, root):
    """Số giáo viên cốt cán, kế hoạch và báo cáo đã duyệt for a school, a Phòng or a Sở, in two queries.

    Rows are root's direct children: under a Phòng its schools; under a Sở each Phòng aggregated over its
    schools (in ``row.children``) and each school placed directly under the Sở. Inactive units are left out.
    """
    grouped = _grouped(year=year, root=root)
    total = CountRow(unit=root)
    pairs = {}
    for values in grouped:
        total.add(values)
        key = (values["level"], values["subject"])
        pairs.setdefault(key, CountRow(level=key[0], subject=key[1])).add(values)
    level_order = {level: index for index, level in enumerate(Level.values)}
    by_level_subject = sorted(
        pairs.values(), key=lambda row: (level_order.get(row.level, 99), fold(str(row.subject_label)))
    )
    rows = []
    if root.kind != OrgUnit.Kind.SCHOOL:
        rows = _unit_rows(root, grouped)
    return CoreCounts(year=year, root=root, rows=rows, by_level_subject=by_level_subject, total=total)


def _unit_rows(root, grouped):
    per_school = {}
    for values in grouped:
        per_school.setdefault(values["school_id"], []).append(values)
    units = list(
        OrgUnit.objects.filter(scoping.subtree_q(root), is_active=True)
        .exclude(pk=root.pk)
        .only("id", "name", "code", "kind", "path", "parent_id")
    )
    units_by_id = {unit.pk: unit for unit in units}
    top_rows = {unit.pk: CountRow(unit=unit) for unit in units if unit.parent_id == root.pk}
    for unit in units:
        if unit.kind != OrgUnit.Kind.SCHOOL:
            continue
        ids = path_ids(unit.path)
        below_root = ids[ids.index(root.pk) + 1 :]
        top = top_rows.get(below_root[0]) if below_root else None
        if top is None or any(ancestor not in units_by_id for ancestor in below_root):
            continue  # under an inactive office
        row = top if top.unit.pk == unit.pk else CountRow(unit=unit)
        for values in per_school.get(unit.pk, []):
            row.add(values)
        if row is not top:
            top.children.append(row)
            top.add(row)
            top.schools += 1
    rows = list(top_rows.values())
    for row in rows:
        row.children.sort(key=lambda child: fold(child.unit.name))
    rows.sort(key=lambda row: (not row.is_office, fold(row.unit.name)))
    return rows


def count_roots(*, user):
    """Units the user may open the counts for, the user's own unit first."""
    return scoping.visible_units(user).exclude(kind=OrgUnit.Kind.MINISTRY)

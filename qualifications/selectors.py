"""Reads of the qualifications app, always starting from accounts.scoping, and the share-vs-target dashboard.

The dashboard runs a fixed number of queries whatever the size of the subtree: the units, one GROUP BY over the
active staff (by school, cấp học and position) joined to their qualification record, and the year's targets.
Shares are then summed per row in Python over those few grouped rows.

Who counts:
* the population of a target is the **active** staff of the unit's subtree whose own cấp học (Staff.level) is the
  target's cấp học (or any, for "Mọi cấp học"), and whose position is the target's audience: CBQL are principals,
  deputies and centre directors (accounts.models.MANAGER_POSITIONS), GV everyone else;
* staff with no qualification record count in the population and not as reaching the indicator;
* "English teachers meeting the level" counts, among staff ticked as teaching English at a level with a
  requirement (TH, THCS: B2; THPT, GDTX: C1), those whose best recorded conversion reaches it.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q

from accounts import scoping
from accounts.models import MANAGER_POSITIONS, OrgUnit, Staff, path_ids
from accounts.selectors import staff_search
from core.history import change_entries
from core.vietnamese import fold
from years.selectors import department_of

from . import cefr
from .models import (
    MASTER_OR_HIGHER,
    POLITICAL_MID_OR_HIGHER,
    Degree,
    Indicator,
    LanguageCertificate,
    Target,
    TargetAudience,
    UnitType,
    YearConversionTable,
)

ENGLISH_FILTERS = {"1": True, "0": False}


# ---------------------------------------------------------------------------------------------------------------
# Lists and single records


def qualification_list(*, user, query="", unit=None, level="", english=None):
    """Active staff in scope with their qualification record (or None), sorted the Vietnamese way.

    ``english``: True for staff ticked as English teachers only, False for the others, None for everyone.
    """
    queryset = staff_search(user=user, query=query, unit=unit, level=level, active=True).select_related(
        "unit", "qualification"
    )
    if english is True:
        queryset = queryset.filter(qualification__teaches_english=True)
    elif english is False:
        queryset = queryset.exclude(qualification__teaches_english=True)
    return queryset


def staff_with_certificates(*, user, pk):
    """One staff member in scope (404 otherwise) with the qualification record and certificates loaded."""
    certificates = LanguageCertificate.objects.select_related("conversion_year", "created_by")
    queryset = (
        scoping.visible_staff(user)
        .select_related("qualification", "qualification__updated_by")
        .prefetch_related(Prefetch("language_certificates", queryset=certificates))
    )
    return scoping.get_in_scope_or_404(queryset, pk)


def certificate_for_user(*, user, pk):
    """A certificate of a staff member in scope (404 otherwise)."""
    queryset = LanguageCertificate.objects.select_related("staff", "staff__unit").filter(
        staff__in=scoping.visible_staff(user)
    )
    return scoping.get_in_scope_or_404(queryset, pk)


def qualification_of(staff):
    """The staff member's qualification record, or None when nobody has filled it in yet."""
    try:
        return staff.qualification
    except staff._meta.model.qualification.RelatedObjectDoesNotExist:
        return None


def english_status(*, staff, qualification):
    """(required level or None, meets: True / False / None) for a staff member ticked as an English teacher."""
    if qualification is None or not qualification.teaches_english:
        return None, None
    required = cefr.required_level(staff.level)
    if required is None:
        return None, None
    return required.level, cefr.level_rank(qualification.cefr_level) >= required.rank


def staff_history(*, staff):
    """Each recorded change of the qualification record as (record, [(field label, old, new), …]), newest first."""
    qualification = qualification_of(staff)
    if qualification is None:
        return []
    records = list(qualification.history.select_related("history_user").order_by("-history_date", "-history_id"))
    labels = {f.name: str(f.verbose_name) for f in type(qualification)._meta.fields}

    def describe(newer, older):
        changes = []
        for change in newer.diff_against(older, excluded_fields=["updated_by"]).changes:
            field_object = type(qualification)._meta.get_field(change.field)
            display = dict(field_object.choices or [])
            old = display.get(change.old, change.old)
            new = display.get(change.new, change.new)
            if field_object.name == "teaches_english":
                old, new = ("có" if change.old else "không"), ("có" if change.new else "không")
            changes.append((labels.get(change.field, change.field), old, new))
        return changes

    return change_entries(records, describe)


# ---------------------------------------------------------------------------------------------------------------
# Years, tables and targets


def department_for(*, user, year=None):
    """The Sở whose tables and targets the user works with: the year's Sở, else the user's."""
    if year is not None:
        return year.department
    return department_of(user.unit) if user.unit_id else None


def year_table_choice(*, year):
    """(table, YearConversionTable or None): the table used for certificates entered in ``year``."""
    choice = YearConversionTable.objects.filter(year=year).select_related("chosen_by").first() if year else None
    return cefr.get_table(choice.table_key if choice else cefr.DEFAULT_TABLE_KEY), choice


def targets_for(*, year):
    if year is None:
        return Target.objects.none()
    return Target.objects.filter(year=year).order_by("indicator", "unit_type", "audience")


# ---------------------------------------------------------------------------------------------------------------
# Dashboard

COUNT_KEYS = ("total", "recorded", "master", "doctorate", "political", "english", "english_ok")
NUMERATOR = {
    Indicator.MASTER: "master",
    Indicator.DOCTORATE: "doctorate",
    Indicator.POLITICAL: "political",
    Indicator.ENGLISH: "english_ok",
}
DENOMINATOR = {
    Indicator.MASTER: "total",
    Indicator.DOCTORATE: "total",
    Indicator.POLITICAL: "total",
    Indicator.ENGLISH: "english",
}
_PERCENT = Decimal("0.1")


@dataclass(frozen=True)
class Column:
    """One indicator for one cấp học and audience, with the Sở's target for the year (or none)."""

    indicator: str
    unit_type: str = UnitType.ALL
    audience: str = TargetAudience.ALL
    target_percent: Decimal | None = None
    note: str = ""

    @property
    def indicator_label(self):
        return Indicator(self.indicator).label

    @property
    def scope_label(self):
        return f"{UnitType(self.unit_type).label} · {TargetAudience(self.audience).label}"


@dataclass(frozen=True)
class Cell:
    numerator: int
    denominator: int
    target_percent: Decimal | None

    @property
    def share(self):
        """Current share in percent, one decimal (None when nobody is concerned)."""
        if not self.denominator:
            return None
        return (Decimal(100 * self.numerator) / Decimal(self.denominator)).quantize(_PERCENT, ROUND_HALF_UP)

    @property
    def met(self):
        """Whether the share reaches the target (exact comparison); None without a target or population."""
        if self.target_percent is None or not self.denominator:
            return None
        return Decimal(100 * self.numerator) >= self.target_percent * self.denominator

    @property
    def gap(self):
        """Percentage points still missing (0 when met); None when not applicable."""
        if self.met is None:
            return None
        return max(Decimal(0), self.target_percent - self.share)


@dataclass
class DashboardRow:
    unit: OrgUnit
    schools: int = 0
    buckets: dict = field(default_factory=dict, repr=False)  # {(level, audience): {count key: n}}
    cells: list = field(default_factory=list)
    children: list = field(default_factory=list, repr=False)

    @property
    def is_office(self):
        return self.unit.kind != OrgUnit.Kind.SCHOOL

    def _sum(self, key, unit_type=UnitType.ALL, audience=TargetAudience.ALL):
        return sum(
            counts[key]
            for (level, who), counts in self.buckets.items()
            if (unit_type == UnitType.ALL or level == unit_type) and (audience == TargetAudience.ALL or who == audience)
        )

    @property
    def staff(self):
        return self._sum("total")

    @property
    def recorded(self):
        return self._sum("recorded")

    def add(self, other):
        for key, counts in other.buckets.items():
            mine = self.buckets.setdefault(key, dict.fromkeys(COUNT_KEYS, 0))
            for name in COUNT_KEYS:
                mine[name] += counts[name]

    def fill(self, columns):
        self.cells = [
            Cell(
                numerator=self._sum(NUMERATOR[column.indicator], column.unit_type, column.audience),
                denominator=self._sum(DENOMINATOR[column.indicator], column.unit_type, column.audience),
                target_percent=column.target_percent,
            )
            for column in columns
        ]
        for child in self.children:
            child.fill(columns)


@dataclass
class Dashboard:
    year: object
    root: OrgUnit
    columns: list
    rows: list
    total: DashboardRow
    has_targets: bool
    hidden: list = field(default_factory=list)  # columns of targets that concern nobody under root


def _english_ok_filter():
    by_level = [
        Q(level=level, qualification__cefr_rank__gte=cefr.level_rank(required))
        for level, required in cefr.required_levels().items()
    ]
    condition = by_level[0]
    for other in by_level[1:]:
        condition |= other
    return Q(qualification__teaches_english=True) & condition


def _staff_counts(*, root):
    """[(unit id, level, audience, {count key: n})] for active staff under ``root``, in one GROUP BY query."""
    english_levels = list(cefr.required_levels())
    rows = (
        # ``root`` was resolved through scoping by the caller; the aggregate covers its subtree.
        Staff.objects.filter(scoping.subtree_q(root, via="unit"), is_active=True)
        .values("unit_id", "level", "position")
        .annotate(
            total=Count("id"),
            recorded=Count("qualification"),
            master=Count("id", filter=Q(qualification__degree__in=MASTER_OR_HIGHER)),
            doctorate=Count("id", filter=Q(qualification__degree=Degree.TIEN_SI)),
            political=Count("id", filter=Q(qualification__political_theory__in=POLITICAL_MID_OR_HIGHER)),
            english=Count("id", filter=Q(qualification__teaches_english=True, level__in=english_levels)),
            english_ok=Count("id", filter=_english_ok_filter()),
        )
        .order_by()
    )
    managers = {str(position) for position in MANAGER_POSITIONS}
    result = []
    for row in rows:
        audience = TargetAudience.MANAGERS if row["position"] in managers else TargetAudience.TEACHERS
        result.append((row["unit_id"], row["level"], audience, {key: row[key] for key in COUNT_KEYS}))
    return result


def dashboard_columns(*, year):
    """The year's targets as columns; without targets, the four indicators over everyone, with no target."""
    targets = list(targets_for(year=year))
    if targets:
        return [
            Column(
                indicator=target.indicator,
                unit_type=target.unit_type,
                audience=target.audience,
                target_percent=target.target_percent,
                note=target.note,
            )
            for target in targets
        ], True
    return [Column(indicator=indicator) for indicator in Indicator.values], False


def qualification_dashboard(*, year, root):
    """Current share vs target for each unit directly below ``root`` (a Sở, a Phòng) or for ``root`` itself (a
    school). Under a Sở, each Phòng is one row aggregating its schools (in ``row.children``)."""
    columns, has_targets = dashboard_columns(year=year)
    if root.kind == OrgUnit.Kind.SCHOOL:
        units = [root]
    else:
        units = list(
            OrgUnit.objects.filter(scoping.subtree_q(root), is_active=True)
            .exclude(pk=root.pk)
            .only("id", "name", "code", "kind", "path", "depth", "parent_id")
        )
    units_by_id = {unit.pk: unit for unit in units}
    if root.kind == OrgUnit.Kind.SCHOOL:
        top_rows = {root.pk: DashboardRow(unit=root)}
    else:
        top_rows = {unit.pk: DashboardRow(unit=unit) for unit in units if unit.parent_id == root.pk}

    school_rows = {}
    for unit_id, level, audience, counts in _staff_counts(root=root):
        unit = units_by_id.get(unit_id)
        if unit is None:
            continue  # inactive unit, or staff recorded on the root office itself
        ids = path_ids(unit.path)
        below = ids[ids.index(root.pk) + 1 :] if root.pk in ids else []
        if root.kind == OrgUnit.Kind.SCHOOL:
            top = top_rows[root.pk]
        else:
            if not below or any(ancestor not in units_by_id for ancestor in below):
                continue  # under an inactive office
            top = top_rows.get(below[0])
            if top is None:
                continue
        if top.unit.pk == unit_id:
            row = top
        else:
            row = school_rows.get(unit_id)
            if row is None:
                row = school_rows[unit_id] = DashboardRow(unit=unit)
                top.children.append(row)
        bucket = row.buckets.setdefault((level, audience), dict.fromkeys(COUNT_KEYS, 0))
        for name in COUNT_KEYS:
            bucket[name] += counts[name]

    total = DashboardRow(unit=root)
    rows = list(top_rows.values())
    for row in rows:
        for child in row.children:
            row.add(child)
        row.schools = len(row.children) if row.is_office else 1
        row.children.sort(key=lambda child: fold(child.unit.name))
        total.add(row)
        total.schools += row.schools
        row.fill(columns)
    total.fill(columns)
    rows.sort(key=lambda row: (not row.is_office, fold(row.unit.name)))
    # Targets nobody under root is concerned by (a THPT target seen from a Phòng) are left out of the table.
    keep = [index for index, cell in enumerate(total.cells) if cell.denominator]
    hidden = [column for index, column in enumerate(columns) if index not in keep] if keep else []
    if hidden:
        columns = [columns[index] for index in keep]
        children = [child for top in rows for child in top.children]
        for row in [total, *rows, *children]:
            row.cells = [row.cells[index] for index in keep]
    return Dashboard(
        year=year, root=root, columns=columns, rows=rows, total=total, has_targets=has_targets, hidden=hidden
    )


def dashboard_root_for(*, user):
    """The unit a user's dashboard starts from: their own unit (office or school); None for others."""
    if user.unit_id and (user.unit.is_office or user.unit.is_school):
        return user.unit
    return None

"""Reads for the module catalog and the content 1/2 topics, always starting from the user's place in the tree.

Who sees what:
- national modules (no owner) are seen by everyone; a Sở's local modules by the people of that Sở (and admins);
- topics are seen by the units below their publisher (a teacher sees her Sở's and her Phòng's topics) and by
  the offices above it (a Sở sees what its Phòng published); never across provinces.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Max, Q, Sum, Value, When
from django.http import Http404

from accounts import scoping
from accounts.models import DISTRICT_LEVELS, MIDDLE_TIER_KINDS, OFFICE_ROLES, Audience, Level, OrgUnit, Role
from accounts.permissions import Cap, can
from core.vietnamese import fold
from years.selectors import department_of, years_visible_to

from .catalogs import catalogs_for
from .models import CatalogLevel, Module, Topic

# Catalogs in the order of the school system, then the 2019 programme catalogs, the GDPT 2018 modules last.
_LEVEL_ORDER = [level for level in CatalogLevel.values if level != CatalogLevel.GDPT2018] + [CatalogLevel.GDPT2018]
_LEVEL_RANK = Case(
    *(When(level=level, then=Value(rank)) for rank, level in enumerate(_LEVEL_ORDER)),
    default=Value(len(CatalogLevel.values)),
    output_field=IntegerField(),
)
CATALOG_ORDER = (_LEVEL_RANK.asc(), "sequence", "code")

# ---------------------------------------------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------------------------------------------


def _chain_ids(user):
    """Ids of the user's unit and every unit above it."""
    if not user.is_authenticated or user.unit_id is None:
        return []
    return [*user.unit.ancestor_ids, user.unit_id]


def user_department(user):
    """The Sở the user works in (their own unit when they are a Sở officer), or None."""
    if not user.is_authenticated or user.unit_id is None:
        return None
    return department_of(user.unit)


def can_manage_catalog(user):
    """Sở officers and admins edit the catalog: titles and hours, local modules, retiring, Excel import."""
    if not can(user, Cap.SET_UP):
        return False
    return user.is_admin_role or (user.unit_id is not None and user.unit.kind == OrgUnit.Kind.DEPARTMENT)


def can_edit_module(user, module):
    """National modules (no owner): the Ministry-level admin only, since every province uses them; a local module:
    officers of the Sở that added it, or admins."""
    if not can_manage_catalog(user):
        return False
    return user.is_admin_role or (module.owner_id is not None and module.owner_id == user.unit_id)


def can_publish_topics(user, year):
    """Sở officers (content 1 and 2), Phòng officers (content 2) and admins, for a year of their own Sở."""
    if not can(user, Cap.PUBLISH):
        return False
    if user.is_admin_role:
        return True
    if user.unit_id is None:
        return False
    expected_kinds = {OrgUnit.Kind.DEPARTMENT} if user.role == Role.DEPARTMENT_OFFICER else MIDDLE_TIER_KINDS
    if user.unit.kind not in expected_kinds:
        return False
    department = user_department(user)
    return department is not None and year.department_id == department.pk


def topic_contents_for(user):
    """Contents the user may publish: 1 and 2 for a Sở and admins, only 2 for a middle-tier unit (Phòng, UBND xã)."""
    if user.is_authenticated and user.role == Role.DISTRICT_OFFICER and not user.is_admin_role:
        return [2]
    return [1, 2]


def topic_levels_for(user):
    """Levels the user may publish for: a middle-tier unit only has MN, TH and THCS schools."""
    if user.is_authenticated and user.role == Role.DISTRICT_OFFICER and not user.is_admin_role:
        return [level for level in Level.values if level in DISTRICT_LEVELS]
    return list(Level.values)


def can_edit_topic(user, topic):
    """The publishing unit's officers (and admins) edit and delete a topic."""
    if not can_publish_topics(user, topic.year):
        return False
    return user.is_admin_role or topic.publisher_id == user.unit_id


# ---------------------------------------------------------------------------------------------------------------
# Modules
# ---------------------------------------------------------------------------------------------------------------


def modules_visible_to(*, user):
    """National modules plus the local modules of the user's Sở (everything for admins)."""
    if not user.is_authenticated:
        return Module.objects.none()
    queryset = Module.objects.select_related("owner")
    if user.is_admin_role:
        return queryset
    return queryset.filter(Q(owner__isnull=True) | Q(owner_id__in=_chain_ids(user)))


def get_module_for_user(user, pk):
    return scoping.get_in_scope_or_404(modules_visible_to(user=user), pk)


def get_rw_module_for_user(user, pk):
    module = get_module_for_user(user, pk)
    if not can_edit_module(user, module):
        raise PermissionDenied
    return module


def module_search(*, query="", level="", include_retired=False, needs_title=False, queryset=None):
    """Modules matching every word of ``query`` in their code or title, without diacritics.

    An exact code ("TH2", "md4") comes first, then the catalog order. ``queryset`` narrows the search
    (views pass ``modules_visible_to(user=…)``); without it the whole catalog is searched.
    """
    queryset = Module.objects.all() if queryset is None else queryset
    if level:
        queryset = queryset.filter(level=level)
    if not include_retired:
        queryset = queryset.filter(is_retired=False)
    if needs_title:
        queryset = queryset.filter(title="")
    folded = fold(query)
    if not folded:
        return queryset.order_by(*CATALOG_ORDER)
    for word in folded.split():
        queryset = queryset.filter(search_text__contains=word)
    exact_code = Q(search_text=folded) | Q(search_text__startswith=f"{folded} ")
    return queryset.annotate(
        exact=Case(When(exact_code, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("exact", *CATALOG_ORDER)


def modules_for(*, ruleset, level, audience, unit=None):
    """Active modules a staff member of ``level`` and ``audience`` may choose for content 3 in a year run under
    ``ruleset`` (modules.catalogs.catalogs_for), in catalog order.

    With ``unit`` (the staff member's school) the local modules of the Sở above it are included too;
    without it, only national modules.
    """
    catalogs = catalogs_for(ruleset, level, audience)
    owners = Q(owner__isnull=True)
    if unit is not None:
        owners |= Q(owner_id__in=[*unit.ancestor_ids, unit.pk])
    # A module with neither a title nor a group is not offered: nobody can choose what they cannot read. One
    # without a confirmed title but with its group (GVPT13) is offered by code and group.
    return (
        Module.objects.filter(owners, level__in=catalogs, is_retired=False)
        .exclude(title="", group="")
        .order_by(*CATALOG_ORDER)
    )


def modules_for_level(*, level, unit=None):
    """The TT 26/2012 catalogs of a level (teachers' view): ``modules_for`` of a TT 26/2012 year."""
    return modules_for(ruleset="TT26_2012", level=level, audience=Audience.TEACHER, unit=unit)


def modules_taken_before(*, staff, before_year=None):
    """Modules in this staff member's plans of school years before ``before_year`` (all years when None),
    each annotated with ``last_start_year``: the latest such year it appeared in."""
    items = Q(plan_items__plan__staff=staff)
    if before_year is not None:
        items &= Q(plan_items__plan__year__start_year__lt=before_year.start_year)
    # One filter() call, so the Max reads the same plan items the filter kept.
    return (
        Module.objects.filter(items)
        .annotate(last_start_year=Max("plan_items__plan__year__start_year"))
        .order_by(*CATALOG_ORDER)
    )


# ---------------------------------------------------------------------------------------------------------------
# Topics (content 1 and 2)
# ---------------------------------------------------------------------------------------------------------------


def topics_for_staff(*, staff, year):
    """The content 1/2 topics that apply to a staff member in a training year: published by a unit above their
    school, for their level and audience (CBQL for managers, GV otherwise). Sở topics come before Phòng ones."""
    unit = staff.unit
    audience = staff.audience
    return (
        Topic.objects.filter(
            year=year,
            publisher_id__in=unit.ancestor_ids,
            level=staff.level,
            audience=audience,
        )
        .filter(Q(content=2) | Q(publisher__kind=OrgUnit.Kind.DEPARTMENT))
        .select_related("publisher")
        .order_by("content", "publisher__depth", "order", "id")
    )


def topic_years_for(*, user):
    """Training years whose topics the user may look at: their Sở's years (all years for admins)."""
    return years_visible_to(user=user).select_related("department")


def topics_visible_to(*, user, year):
    """Topics of a year the user may see: from the units above them, and for offices from the units below."""
    queryset = Topic.objects.filter(year=year).select_related("publisher")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_admin_role:
        return queryset
    if user.unit_id is None:
        return queryset.none()
    visible = Q(publisher_id__in=_chain_ids(user))
    if user.role in OFFICE_ROLES:
        visible |= scoping.subtree_q(user.unit, via="publisher")
    return queryset.filter(visible)


def get_topic_for_user(user, pk):
    """A topic in a year of the user's Sở and visible to them (404 otherwise)."""
    topic = scoping.get_in_scope_or_404(
        Topic.objects.filter(year__in=topic_years_for(user=user)).select_related("year", "publisher"), pk
    )
    if not topics_visible_to(user=user, year=topic.year).filter(pk=topic.pk).exists():
        raise Http404
    return topic


def get_rw_topic_for_user(user, pk):
    topic = get_topic_for_user(user, pk)
    if not can_edit_topic(user, topic):
        raise PermissionDenied
    return topic


@dataclass(frozen=True)
class QuotaCell:
    total: int
    quota: int

    @property
    def gap(self):
        return self.total - self.quota

    @property
    def missing(self):
        return max(self.quota - self.total, 0)

    @property
    def excess(self):
        return max(self.total - self.quota, 0)


@dataclass(frozen=True)
class QuotaRow:
    """Tiết a staff member of one level and audience gets from one chain of publishers (Sở, or Sở + a Phòng)."""

    unit: object
    level: str
    level_label: str
    audience: str
    audience_label: str
    content1: QuotaCell
    content2: QuotaCell


def topic_quota_rows(*, user, year):
    """Totals of tiết per level and audience against the year's quotas, as a teacher would receive them.

    A Phòng officer sees one row per level and audience of their Phòng's schools (Sở topics + own).
    A Sở officer or admin sees the Sở's own rows (what a THPT teacher or a school of a silent Phòng gets) and,
    for each Phòng that published, the rows it changed (Sở + that Phòng).
    """
    sums = {}
    totals = (
        topics_visible_to(user=user, year=year)
        .order_by()
        .values("publisher_id", "content", "level", "audience")
        .annotate(total=Sum("hours"))
    )
    for row in totals:
        sums[(row["publisher_id"], row["content"], row["level"], row["audience"])] = row["total"]
    department_id = year.department_id
    level_labels = dict(Level.choices)
    audience_labels = dict(Audience.choices)

    def row_for(unit, level, audience, extra_publisher=None):
        def total(content):
            value = sums.get((department_id, content, level, audience), 0)
            if extra_publisher is not None:
                value += sums.get((extra_publisher, content, level, audience), 0)
            return value

        return QuotaRow(
            unit=unit,
            level=level,
            level_label=level_labels[level],
            audience=audience,
            audience_label=audience_labels[audience],
            content1=QuotaCell(total(1), year.quota_content1),
            content2=QuotaCell(total(2), year.quota_content2),
        )

    audiences = [Audience.TEACHER, Audience.MANAGER]
    if not user.is_admin_role and user.role == Role.DISTRICT_OFFICER and user.unit_id:
        return [
            row_for(user.unit, level, audience, extra_publisher=user.unit_id)
            for level in topic_levels_for(user)
            for audience in audiences
        ]
    rows = [row_for(year.department, level, audience) for level in Level.values for audience in audiences]
    district_ids = sorted({key[0] for key in sums if key[0] != department_id})
    districts = OrgUnit.objects.in_bulk(district_ids)
    for district_id in district_ids:
        keys = sorted({(key[2], key[3]) for key in sums if key[0] == district_id})
        for level, audience in keys:
            rows.append(row_for(districts[district_id], level, audience, extra_publisher=district_id))
    return rows


@dataclass(frozen=True)
class QuotaBreach:
    """A topic change that would give some staff more tiết of one content than the year's quota."""

    unit: object  # the lowest publisher of the chain that overflows (the Sở, or one of its Phòng)
    parts: list  # [(publisher, tiết)] from the top of the chain down, the change included
    total: int
    quota: int
    room: int  # tiết the change could still have had (0 when the chain was already full)


def topic_quota_breach(*, year, publisher, content, level, audience, hours, replacing=None):
    """Would ``hours`` more tiết of (content, level, audience) from ``publisher`` exceed the year's quota anywhere?

    Staff receive the topics of every publisher above their school (content 1 from the Sở only), so each chain
    of publishers through ``publisher`` is checked: the Sở's own (schools under no Phòng, or under a Phòng that
    published nothing) and, for a Sở topic, each Phòng's. ``replacing`` is the topic being edited: its own tiết
    are not counted twice. A chain already over the quota (published before this check) may still shrink.
    Returns the worst QuotaBreach, or None.
    """
    quota = year.quota_content1 if int(content) == 1 else year.quota_content2
    topics = Topic.objects.filter(year=year, content=content, level=level, audience=audience)
    if int(content) == 1:
        topics = topics.filter(publisher__kind=OrgUnit.Kind.DEPARTMENT)
    if replacing is not None:
        topics = topics.exclude(pk=replacing.pk)
    base = dict(topics.order_by().values_list("publisher_id").annotate(total=Sum("hours")))
    units = OrgUnit.objects.in_bulk(set(base) | {publisher.pk})
    before = dict(base)
    if replacing is not None and (replacing.content, replacing.level, replacing.audience) == (
        int(content),
        level,
        audience,
    ):
        before[replacing.publisher_id] = before.get(replacing.publisher_id, 0) + replacing.hours

    def chain(unit):
        return sorted((other for other in units.values() if unit.is_within(other)), key=lambda u: u.depth)

    worst = None
    for unit in units.values():
        if not unit.is_within(publisher):
            continue  # a chain that does not go through the publisher is not changed
        members = chain(unit)
        without = sum(base.get(member.pk, 0) for member in members)
        total = without + hours
        if total <= quota or total <= sum(before.get(member.pk, 0) for member in members):
            continue
        parts = [
            (member, base.get(member.pk, 0) + (hours if member.pk == publisher.pk else 0))
            for member in members
            if base.get(member.pk, 0) or member.pk == publisher.pk
        ]
        breach = QuotaBreach(unit=unit, parts=parts, total=total, quota=quota, room=max(quota - without, 0))
        if worst is None or breach.total > worst.total:
            worst = breach
    return worst

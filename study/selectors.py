"""Reads for study logs, evidence and training sessions, always starting from accounts.scoping."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from accounts import scoping
from accounts.models import Role
from plans.models import PlanItem, PlanStatus
from plans.selectors import plans_visible_to

from .models import Evidence, LogStatus, StudyLog, TrainingSession

_ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=6, decimal_places=1))


def item_progress(*, plan):
    """The plan's items with ``logged`` tiết (one GROUP BY query), ``confirmed`` tiết (``confirmed_hours``: the
    confirmed logs or a registered source such as the LMS) and ``percent`` of planned."""
    items = list(
        PlanItem.objects.filter(plan=plan)
        .select_related("module", "topic")
        .annotate(logged=Coalesce(Sum("logs__hours"), _ZERO))
        .order_by("content", "order", "id")
    )
    confirmed = confirmed_hours(items)
    for item in items:
        item.confirmed = confirmed.get(item.pk, Decimal(0))
        item.percent = min(100, int(item.logged * 100 / item.hours)) if item.hours else 0
        item.done = item.hours and item.logged >= item.hours
    return items


# Other records of completed training, each a function of plan items → {item id: tiết} (``register_hours_source``).
_HOURS_SOURCES = []


def register_hours_source(source):
    """Let another record of completed training count: ``source(items)`` gives {item id: tiết} for the plan items
    it vouches for (the national LMS's module completions, ``gdpt``). An item takes the larger of its confirmed
    logs and each source, so the same training is never counted twice."""
    if source not in _HOURS_SOURCES:
        _HOURS_SOURCES.append(source)


def confirmed_hours(items):
    """{item id: confirmed tiết} of plan items (PlanItem objects): the study logs the group head confirmed (a school
    session's attendance is a confirmed log of each attendee) or a registered source. One query, and one per
    source. Not capped: the result caps each item at its planned tiết."""
    ids = [item.pk for item in items]
    if not ids:
        return {}
    hours = dict(
        StudyLog.objects.filter(item_id__in=ids, status=LogStatus.CONFIRMED)
        .values_list("item_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    for source in _HOURS_SOURCES:
        for item_id, given in source(items).items():
            hours[item_id] = max(hours.get(item_id, Decimal(0)), Decimal(given))
    return hours


def item_hours(items):
    """{item id: (logged, confirmed)} tiết of plan items: every log entry, and ``confirmed_hours``. Two queries and
    one per registered source."""
    logged = dict(
        StudyLog.objects.filter(item_id__in=[item.pk for item in items])
        .values_list("item_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    confirmed = confirmed_hours(items)
    return {item.pk: (logged.get(item.pk, Decimal(0)), confirmed.get(item.pk, Decimal(0))) for item in items}


def item_room(*, item):
    """(logged, left): tiết already logged on one plan item and tiết its plan still leaves for it."""
    logged = StudyLog.objects.filter(item=item).aggregate(total=Coalesce(Sum("hours"), _ZERO))["total"]
    return logged, max(Decimal(item.hours) - logged, Decimal(0))


def logs_visible_to(*, user):
    """Nhật ký of the staff the user may see."""
    return StudyLog.objects.filter(item__plan__staff__in=scoping.visible_staff(user)).select_related(
        "item__plan__staff", "item__plan__year", "item__module", "item__topic", "session", "confirmed_by"
    )


def get_log_for_user(*, user, pk):
    return scoping.get_in_scope_or_404(logs_visible_to(user=user), pk)


def get_evidence_for_user(*, user, pk):
    """One evidence file whose log's plan belongs to someone the user may see; 404 otherwise."""
    queryset = Evidence.objects.filter(log__item__plan__staff__in=scoping.visible_staff(user)).select_related(
        "log__item__plan"
    )
    return scoping.get_in_scope_or_404(queryset, pk)


def own_plan(*, user, year):
    """The user's own plan for the year, or None."""
    if not user.staff_id or year is None:
        return None

    return plans_visible_to(user=user, year=year).filter(staff_id=user.staff_id).first()


def own_logs(*, plan):
    return (
        StudyLog.objects.filter(item__plan=plan)
        .select_related("item__module", "item__topic", "session", "confirmed_by")
        .prefetch_related("evidence")
        .order_by("-date", "-id")
    )


def get_own_item(*, user, pk):
    """An item of the user's own plan; 404 for anyone else's."""
    if not user.staff_id:
        return scoping.get_in_scope_or_404(PlanItem.objects.none(), pk)
    queryset = PlanItem.objects.filter(plan__staff_id=user.staff_id, plan__staff__in=scoping.visible_staff(user))
    return scoping.get_in_scope_or_404(queryset.select_related("plan__year", "module", "topic"), pk)


def logs_to_confirm(*, user, year=None, subject_group=""):
    """Pending entries the user may confirm: their group (TTCM) or their school (HT/PHT), never their own."""
    if user.is_admin_role:
        queryset = StudyLog.objects.all()
    elif user.role in (Role.SCHOOL_MANAGER, Role.GROUP_HEAD) and user.unit_id:
        queryset = StudyLog.objects.filter(
            item__plan__staff__in=scoping.visible_staff(user), item__plan__school_id=user.unit_id
        )
        if user.role == Role.GROUP_HEAD:
            group = user.staff.subject_group if user.staff_id else ""
            if not group:
                return StudyLog.objects.none()
            queryset = queryset.filter(item__plan__staff__subject_group=group)
        if user.staff_id:
            queryset = queryset.exclude(item__plan__staff_id=user.staff_id)
    else:
        return StudyLog.objects.none()
    queryset = queryset.filter(status=LogStatus.PENDING, item__plan__status=PlanStatus.APPROVED)
    if year is not None:
        queryset = queryset.filter(item__plan__year=year)
    if subject_group:
        queryset = queryset.filter(item__plan__staff__subject_group=subject_group)
    return (
        queryset.select_related("item__plan__staff", "item__module", "item__topic")
        .prefetch_related("evidence")
        .order_by("item__plan__staff__sort_key", "item__plan__staff_id", "date", "id")
    )


def sessions_visible_to(*, user, year=None):
    """Buổi sinh hoạt of the schools the user may see (a group head: their group's), newest first."""
    queryset = TrainingSession.objects.filter(school__in=scoping.visible_units(user))
    if user.role == Role.GROUP_HEAD and not user.is_admin_role:
        queryset = queryset.filter(subject_group=user.staff.subject_group if user.staff_id else "")
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.select_related("module", "topic", "school").annotate(
        attendee_count=Count("attendees", distinct=True), log_count=Count("logs", distinct=True)
    )


def get_session_for_user(*, user, pk):
    return scoping.get_in_scope_or_404(sessions_visible_to(user=user), pk)


def session_staff(*, user, school, subject_group="", include=()):
    """Staff of the school the user may list on an attendance sheet, sorted the Vietnamese way.

    ``include`` keeps people already on the list visible whatever the group filter, so saving never drops them.
    """
    queryset = scoping.visible_staff(user).filter(unit=school)
    if subject_group:
        queryset = queryset.filter(Q(subject_group=subject_group) | Q(pk__in=list(include)))
    return queryset.filter(Q(is_active=True) | Q(pk__in=list(include))).order_by("sort_key", "id")


def subject_groups(*, user, school):
    """Tổ chuyên môn names in the school, as the staff records spell them."""
    return list(
        scoping.visible_staff(user)
        .filter(unit=school, is_active=True)
        .exclude(subject_group="")
        .values_list("subject_group", flat=True)
        .distinct()
        .order_by("subject_group")
    )


def session_choices(*, school, year, include=None):
    """Modules and topics a session may name: those in the school's plans for the year (and ``include``'s own)."""
    from modules.models import Module, Topic

    items = PlanItem.objects.filter(plan__school=school, plan__year=year)
    modules = Module.objects.filter(pk__in=items.filter(module__isnull=False).values("module"))
    topics = Topic.objects.filter(year=year).filter(
        Q(pk__in=items.filter(topic__isnull=False).values("topic"))
        | Q(level__in=school.level_list, publisher_id__in=school.ancestor_ids)
    )
    if include is not None and include.module_id:
        modules = modules | Module.objects.filter(pk=include.module_id)
    if include is not None and include.topic_id:
        topics = topics | Topic.objects.filter(pk=include.topic_id)
    return modules.distinct().order_by("level", "sequence", "code"), _one_per_topic(topics, items, include)


def _one_per_topic(topics, items, include):
    """Each chuyên đề once: the Sở publishes it per level and audience under one title, and a session on any
    copy counts for every attendee holding one (study.services.topic_key). The copy kept is the session's own,
    else one in the school's plans, else the first published."""
    from modules.models import Topic

    from .services import topic_key

    in_plans = set(items.filter(topic__isnull=False).values_list("topic", flat=True))
    own = include.topic_id if include is not None else None
    kept = {}
    for topic in topics.distinct().order_by("content", "order", "id"):
        rank = (topic.pk != own, topic.pk not in in_plans)
        key = topic_key(topic)
        if key not in kept or rank < kept[key][0]:
            kept[key] = (rank, topic.pk)
    return Topic.objects.filter(pk__in=[pk for _rank, pk in kept.values()]).order_by("content", "order", "id")

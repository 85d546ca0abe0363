"""Demo steps for ``seed_demo``: the year's content 1/2 topics and one year of personal plans."""

from django.utils import timezone

from accounts.models import DISTRICT_LEVELS, Level, path_ids
from demo.province import insert_rows
from modules.catalogs import CATALOGS_FOR_LEVEL
from plans.models import Plan, PlanItem, PlanStatus, PlanTransition, StudyForm

# (content, title, tiết) published by the Sở for every level and audience; the Phòng adds one content-2 topic.
DEPARTMENT_TOPICS = [
    (1, "Nhiệm vụ trọng tâm năm học {year} của cấp học", 15),
    (1, "Các văn bản mới về chuyên môn, quy chế đánh giá học sinh", 15),
    (2, "Giáo dục địa phương {province}", 20),
]
DISTRICT_TOPIC = (2, "Chuyên đề của {unit}: đổi mới sinh hoạt chuyên môn", 10)
# For the levels with no Phòng above them, and every level of a province without Phòng.
FULL_DEPARTMENT_CONTENT2 = (2, "Chuyển đổi số trong dạy học và quản lý", 10)

ITEM_FIELDS = ("plan_id", "content", "topic_id", "module_id", "hours", "period", "form", "order")
TRANSITION_FIELDS = ("plan_id", "from_status", "to_status", "action", "by_id", "at", "comment")

# Share of active staff in each state of their plan: not started, draft, submitted, returned, approved.
STATUS_MIX = [(None, 8), (PlanStatus.DRAFT, 12), (PlanStatus.SUBMITTED, 20), (PlanStatus.RETURNED, 5)]
STATUS_MIX.append((PlanStatus.APPROVED, 100 - sum(share for _status, share in STATUS_MIX)))


def step_topics(ctx):
    from modules.models import Audience, Topic

    topics = []
    for level in Level.values:
        for audience in Audience.values:
            for order, (content, title, hours) in enumerate(DEPARTMENT_TOPICS):
                topics.append(
                    Topic(
                        year=ctx.year,
                        publisher=ctx.department,
                        content=content,
                        level=level,
                        audience=audience,
                        title=title.format(year=ctx.year.name, province=ctx.province.title),
                        hours=hours,
                        order=order,
                    )
                )
            if level not in DISTRICT_LEVELS or not ctx.districts:
                content, title, hours = FULL_DEPARTMENT_CONTENT2
                topics.append(
                    Topic(
                        year=ctx.year,
                        publisher=ctx.department,
                        content=content,
                        level=level,
                        audience=audience,
                        title=title,
                        hours=hours,
                        order=9,
                    )
                )
                continue
            for district in ctx.districts:
                content, title, hours = DISTRICT_TOPIC
                topics.append(
                    Topic(
                        year=ctx.year,
                        publisher=district,
                        content=content,
                        level=level,
                        audience=audience,
                        title=title.format(unit=district.name),
                        hours=hours,
                        order=9,
                    )
                )
    Topic.objects.bulk_create(topics, batch_size=2000)
    ctx.counts["Chuyên đề ND1, ND2"] = len(topics)


def _topics_by_key(ctx):
    """(publisher id, level, audience) → topics, so each staff member's topics come without a query."""
    from modules.models import Topic

    grouped = {}
    for topic in Topic.objects.filter(year=ctx.year).order_by("content", "order", "id"):
        grouped.setdefault((topic.publisher_id, topic.level, topic.audience), []).append(topic)
    return grouped


def _modules_by_catalog():
    from modules.models import Module

    grouped = {}
    for module in (
        Module.objects.filter(owner__isnull=True, is_retired=False, audience="GV")
        .exclude(title="")
        .order_by("sequence", "code")
    ):
        grouped.setdefault(module.level, []).append(module)
    return grouped


def step_plans(ctx):
    """Plans of the current year for every active staff member, in a realistic mix of states.

    The demo accounts' own plans are left for the visitor: ``giaovien`` has none yet.
    """
    rng = ctx.rng
    topics = _topics_by_key(ctx)
    catalogs = _modules_by_catalog()
    reserved = {user.staff_id for user in ctx.users.values() if user.staff_id and user.username == "giaovien"}
    actor = ctx.users.get("hieutruong") or ctx.users.get("admin")
    statuses = [status for status, _share in STATUS_MIX]
    weights = [share for _status, share in STATUS_MIX]
    now = timezone.now()
    plans, plan_items = [], []
    schools = {school.pk: school for school, _kind in ctx.schools}
    for school_id, members in ctx.staff_by_school.items():
        school = schools[school_id]
        ancestors = path_ids(school.path)
        for member in members:
            if not member.is_active or member.pk in reserved:
                continue
            status = rng.choices(statuses, weights)[0]
            if status is None:
                continue
            plan = Plan(
                year=ctx.year,
                staff=member,
                school=school,
                status=status,
                submitted_at=now if status != PlanStatus.DRAFT else None,
                decided_at=now if status in (PlanStatus.APPROVED, PlanStatus.RETURNED) else None,
            )
            audience = "CBQL" if member.is_manager else "GV"
            items = [topic for publisher in ancestors for topic in topics.get((publisher, member.level, audience), [])]
            choices = [m for catalog in CATALOGS_FOR_LEVEL.get(member.level, ()) for m in catalogs.get(catalog, [])]
            modules = rng.sample(choices, min(4, len(choices)))
            plans.append(plan)
            plan_items.append((plan, items, modules))
    Plan.objects.bulk_create(plans, batch_size=2000)
    # Items and transitions as plain rows (insert_rows): a province has about eight items per plan.
    rows, transitions = [], []
    for plan, items, modules in plan_items:
        period = "Học kỳ I" if rng.random() < 0.6 else "Học kỳ II"
        for order, topic in enumerate(items):
            rows.append((plan.pk, topic.content, topic.pk, None, topic.hours, period, StudyForm.SELF_STUDY, order))
        for order, module in enumerate(modules):
            rows.append((plan.pk, 3, None, module.pk, module.hours, period, rng.choice(StudyForm.values), order))
        if plan.status != PlanStatus.DRAFT and actor is not None:
            transitions.append((plan.pk, "DRAFT", "SUBMITTED", "submitted", actor.pk, now, ""))
            if plan.status in (PlanStatus.APPROVED, PlanStatus.RETURNED):
                comment = "" if plan.status == PlanStatus.APPROVED else "Bổ sung thời gian thực hiện từng mô đun."
                transitions.append((plan.pk, "SUBMITTED", plan.status, plan.status.lower(), actor.pk, now, comment))
    insert_rows(PlanItem, ITEM_FIELDS, rows)
    insert_rows(PlanTransition, TRANSITION_FIELDS, transitions)
    ctx.counts["Kế hoạch cá nhân"] = len(plans)
    ctx.counts["Nội dung kế hoạch"] = len(rows)

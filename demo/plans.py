"""Demo steps for ``seed_demo``: a year's content 1/2 topics and one year of personal plans.

The topics fill the year's quotas of content (programme) 1 and 2: 30 + 30 tiết under TT 26/2012, 40 + 40 under
TT 19/2019. Content 3 takes modules of the year's catalogs until its quota is reached: four 15-tiết modules of the
2011 catalogs under TT 26/2012, two 20-tiết GVPT modules (Thông tư 17/2019) with a title under TT 19/2019.
"""

from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import DISTRICT_LEVELS, Level, path_ids
from demo.province import insert_rows
from modules.catalogs import CATALOGS_FOR_LEVEL  # the TT 26 mapping; TT 19 picks through ModulePicker
from plans.models import Plan, PlanItem, PlanStatus, PlanTransition, StudyForm
from plans.services import is_plan_manager
from years.rulesets import Ruleset

# (content, title, tiết) published by the Sở for every level and audience; the Phòng adds one content-2 topic.
DEPARTMENT_TOPICS = [
    (1, "Nhiệm vụ trọng tâm năm học {year} của cấp học", 15),
    (1, "Các văn bản mới về chuyên môn, quy chế đánh giá học sinh", 15),
    (2, "Giáo dục địa phương {province}", 20),
]
DISTRICT_TOPIC = (2, "Chuyên đề của {unit}: đổi mới sinh hoạt chuyên môn", 10)
# For the levels with no Phòng above them, and every level of a province without Phòng.
FULL_DEPARTMENT_CONTENT2 = (2, "Chuyển đổi số trong dạy học và quản lý", 10)
# Under TT 19/2019 the same topics fill 40 + 40 tiết: {TT 26 tiết: TT 19 tiết}.
TT19_TOPIC_HOURS = {15: 20, 20: 25, 10: 15}

# The catalogs of content 3 by regime. TT 26/2012 years (2018–2019 and before): the 2011 catalogs of the level
# (no GDPT 2018 modules yet). TT 19/2019: the 2019 catalog of the person's audience where it has modules, else
# GVPT (the only 2019 catalog shipped with the app; the others are imported by the Ministry-level admin).
CATALOGS_2011 = {"MN": ("MN",), "TH": ("TH",), "THCS": ("THCS",), "THPT": ("THPT",), "GDTX": ("THPT",)}
CATALOGS_2019 = {
    ("MN", "GV"): ("GVMN", "GVPT"),
    ("MN", "CBQL"): ("CBQL_MN", "GVPT"),
    ("GV",): ("GVPT",),
    ("CBQL",): ("CBQL_GDPT", "GVPT"),
}
OLD_CATALOGS = ("MN", "TH", "THCS", "THPT", "GDTX", "GDPT2018_MD")
GVPT = "GVPT"


def _topic_table(year):
    """(department topics, district topic, full-department content-2 topic) with the tiết of ``year``'s regime."""
    if year.ruleset != Ruleset.TT19_2019:
        return DEPARTMENT_TOPICS, DISTRICT_TOPIC, FULL_DEPARTMENT_CONTENT2

    def scaled(topic):
        content, title, hours = topic
        return content, title, TT19_TOPIC_HOURS[hours]

    return [scaled(topic) for topic in DEPARTMENT_TOPICS], scaled(DISTRICT_TOPIC), scaled(FULL_DEPARTMENT_CONTENT2)


ITEM_FIELDS = ("plan_id", "content", "topic_id", "module_id", "hours", "period", "form", "order")
TRANSITION_FIELDS = ("plan_id", "from_status", "to_status", "action", "by_id", "at", "comment")

# Share of active staff in each state of their plan: not started, draft, submitted, returned, approved.
STATUS_MIX = [(None, 8), (PlanStatus.DRAFT, 12), (PlanStatus.SUBMITTED, 20), (PlanStatus.RETURNED, 5)]
STATUS_MIX.append((PlanStatus.APPROVED, 100 - sum(share for _status, share in STATUS_MIX)))


def step_topics(ctx):
    ctx.counts["Chuyên đề bồi dưỡng"] = make_topics(ctx, ctx.year)


def make_topics(ctx, year):
    """The content 1/2 topics of ``year``: the Sở's for every level and audience, a Phòng's for its levels."""
    from modules.models import Audience, Topic

    department_topics, district_topic, full_content2 = _topic_table(year)
    topics = []
    for level in Level.values:
        for audience in Audience.values:
            for order, (content, title, hours) in enumerate(department_topics):
                topics.append(
                    Topic(
                        year=year,
                        publisher=ctx.department,
                        content=content,
                        level=level,
                        audience=audience,
                        title=title.format(year=year.name, province=ctx.province.title),
                        hours=hours,
                        order=order,
                    )
                )
            if level not in DISTRICT_LEVELS or not ctx.districts:
                content, title, hours = full_content2
                topics.append(
                    Topic(
                        year=year,
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
                content, title, hours = district_topic
                topics.append(
                    Topic(
                        year=year,
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
    return len(topics)


def _topics_by_key(year):
    """(publisher id, level, audience) → topics, so each staff member's topics come without a query."""
    from modules.models import Topic

    grouped = {}
    for topic in Topic.objects.filter(year=year).order_by("content", "order", "id"):
        grouped.setdefault((topic.publisher_id, topic.level, topic.audience), []).append(topic)
    return grouped


def _modules_by_catalog(levels, *, titled):
    """{catalog: [national modules]} of the catalogs ``levels`` (the teachers' modules of the 2011 and GDPT 2018
    catalogs). ``titled``: only the modules with a title, as a current year's plans choose them (the pages name
    every module they offer); a past year's plans took the 2011 catalog as it is, mostly codes."""
    from modules.models import Module

    modules = Module.objects.filter(owner__isnull=True, is_retired=False, level__in=levels).filter(
        Q(level__in=OLD_CATALOGS, audience="GV") | ~Q(level__in=OLD_CATALOGS)
    )
    if titled:
        modules = modules.exclude(title="")
    grouped = {}
    for module in modules.order_by("sequence", "code"):
        grouped.setdefault(module.level, []).append(module)
    return grouped


class ModulePicker:
    """Content-3 modules for one person of ``year``: drawn from the catalogs of its regime, the person's level and
    audience, until the year's content-3 quota is reached. ``gdpt2018=False`` leaves out the GDPT 2018 modules of
    a TT 26/2012 year (a year before they were published: the 2011 catalog of the level alone, titled or not)."""

    def __init__(self, year, *, gdpt2018=True):
        self.quota = year.quota_content3
        if year.ruleset == Ruleset.TT19_2019:
            levels = {catalog for catalogs in CATALOGS_2019.values() for catalog in catalogs}
            self.catalogs = _modules_by_catalog(levels, titled=True)
            if len(self.catalogs.get(GVPT, ())) < 2:
                raise CommandError(
                    _(
                        "Chưa có danh mục mô đun GVPT 01–GVPT 15 (Thông tư 17/2019, có tên mô đun) cho năm học "
                        "%(year)s theo Thông tư 19/2019: chạy “manage.py migrate” để nạp danh mục rồi tạo lại dữ liệu "
                        "mẫu."
                    )
                    % {"year": year.name}
                )
            self.for_person = self._catalogs_2019
        else:
            table = {level: tuple(catalogs) for level, catalogs in CATALOGS_FOR_LEVEL.items()}
            self.catalogs = _modules_by_catalog({c for catalogs in table.values() for c in catalogs}, titled=gdpt2018)
            if not gdpt2018:
                table = CATALOGS_2011
            self.for_person = lambda level, audience: table.get(level, ())
        self.choices = {}

    def _catalogs_2019(self, level, audience):
        wanted = CATALOGS_2019.get((level, audience)) or CATALOGS_2019[(audience,)]
        return next(((c,) for c in wanted if len(self.catalogs.get(c, ())) >= 2), (GVPT,))

    def pick(self, rng, level, audience):
        key = (level, audience)
        if key not in self.choices:
            self.choices[key] = [
                m for catalog in sorted(self.for_person(level, audience)) for m in self.catalogs.get(catalog, [])
            ]
        choices = list(self.choices[key])
        rng.shuffle(choices)
        modules, hours = [], 0
        for module in choices:
            if hours >= self.quota:
                break
            modules.append(module)
            hours += module.hours
        return modules


def step_plans(ctx):
    """Plans of the current year for every active staff member, in a realistic mix of states.

    The demo accounts' own plans are left for the visitor: ``giaovien`` has none yet.
    """
    reserved = {user.staff_id for user in ctx.users.values() if user.staff_id and user.username == "giaovien"}
    now = timezone.now()
    plans, items = make_plans(ctx, ctx.year, mix=STATUS_MIX, reserved=reserved, at=now, picker=ModulePicker(ctx.year))
    ctx.counts["Kế hoạch cá nhân"] = plans
    ctx.counts["Nội dung kế hoạch"] = items


class Accounts:
    """Who the demo's plan transitions are by: every staff member has an account (``demo.province.step_accounts``).

    The submission is the owner's own account when they have one; otherwise it is recorded by the plan's approver,
    which the plan page shows as "(nộp thay)" (a submission by someone other than the owner). The approval, the
    return and a submission on behalf are by the school's principal when they may approve that plan
    (``plans.services.is_plan_manager``: a teacher's), else the first demo account that may (the commune or the
    Sở for a manager), else the system admin."""

    def __init__(self, ctx):
        from accounts.models import Position, Role, User

        accounts = (
            User.objects.filter(staff__isnull=False)
            .select_related("staff")
            .only("id", "role", "unit_id", "staff_id", "staff__position", "staff__unit_id")
        )
        self.owners = {user.staff_id: user for user in accounts}
        self.principals = {
            user.unit_id: user
            for user in self.owners.values()
            if user.role == Role.SCHOOL_MANAGER and user.staff.position == Position.PRINCIPAL
        }
        self.candidates = [ctx.users[name] for name in ("hieutruong", "phong", "so", "admin") if name in ctx.users]
        self._approvers = {}

    def approver(self, plan):
        key = (plan.school_id, plan.staff.is_manager)
        if key not in self._approvers:
            principal = self.principals.get(plan.school_id)
            candidates = [principal, *self.candidates] if principal is not None else self.candidates
            self._approvers[key] = next((u for u in candidates if is_plan_manager(u, plan)), None)
        return self._approvers[key]

    def submitter(self, plan):
        return self.owners.get(plan.staff_id) or self.approver(plan)


def make_plans(ctx, year, *, mix, reserved=(), at, decided_at=None, picker, staff_filter=None):
    """One plan of ``year`` for each active staff member (not ``reserved``, passing ``staff_filter``), its state
    drawn from ``mix`` [(status or None for no plan, share)], submitted at ``at`` and decided (approved or returned)
    at ``decided_at`` (default ``at``), by the accounts ``Accounts`` picks. Returns (plans, items) written."""
    rng = ctx.rng
    decided_at = decided_at or at
    accounts = Accounts(ctx)
    topics = _topics_by_key(year)
    statuses = [status for status, _share in mix]
    weights = [share for _status, share in mix]
    now = at
    plans, plan_items = [], []
    schools = {school.pk: school for school, _kind in ctx.schools}
    for school_id, members in ctx.staff_by_school.items():
        school = schools[school_id]
        ancestors = path_ids(school.path)
        for member in members:
            if not member.is_active or member.pk in reserved:
                continue
            if staff_filter is not None and not staff_filter(member):
                continue
            status = rng.choices(statuses, weights)[0] if len(statuses) > 1 else statuses[0]
            if status is None:
                continue
            plan = Plan(
                year=year,
                staff=member,
                school=school,
                status=status,
                submitted_at=now if status != PlanStatus.DRAFT else None,
                decided_at=decided_at if status in (PlanStatus.APPROVED, PlanStatus.RETURNED) else None,
            )
            if plan.decided_at is not None:
                plan.decided_by = accounts.approver(plan)
            audience = "CBQL" if member.is_manager else "GV"
            items = [topic for publisher in ancestors for topic in topics.get((publisher, member.level, audience), [])]
            modules = picker.pick(rng, member.level, audience)
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
        submitter = accounts.submitter(plan) if plan.status != PlanStatus.DRAFT else None
        if submitter is not None:
            transitions.append((plan.pk, "DRAFT", "SUBMITTED", "submitted", submitter.pk, now, ""))
            if plan.status in (PlanStatus.APPROVED, PlanStatus.RETURNED):
                comment = "" if plan.status == PlanStatus.APPROVED else "Bổ sung thời gian thực hiện từng mô đun."
                by = plan.decided_by
                transitions.append((plan.pk, "SUBMITTED", plan.status, plan.status.lower(), by.pk, decided_at, comment))
    insert_rows(PlanItem, ITEM_FIELDS, rows)
    insert_rows(PlanTransition, TRANSITION_FIELDS, transitions)
    if connection.vendor != "postgresql":
        # ``at`` is auto_now_add: bulk_create (insert_rows away from PostgreSQL's COPY) stamps today over the moments.
        moments = {"submitted": now, "approved": decided_at, "returned": decided_at}
        for action, moment in moments.items():
            PlanTransition.objects.filter(plan__year=year, action=action).update(at=moment)
    return len(plans), len(rows)

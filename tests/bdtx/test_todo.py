"""The home page is each role's to-do list: on the demo province, every count equals the length of the list its
link opens, as that user; the deadlines binding a school are shown with the days left; a teacher is not shown a
count of "everyone in scope" that is only themselves."""

import pytest
from django.core.management import call_command
from django.urls import resolve
from django.utils import timezone

from accounts.models import OFFICE_ROLES, Role, User
from assessment.models import SchoolConfirmation
from bdtx.todo import todo_for
from certificates.models import CheckStatus
from study.models import LogStatus
from years.models import DeadlineKind

pytestmark = pytest.mark.django_db

ACCOUNTS = ["so", "xa", "hieutruong", "totruong", "giaovien"]


def _length_of_linked_list(client, url, key):
    """How many entries the linked page lists, read from the context of the page itself."""
    response = client.get(url)
    assert response.status_code == 200, url
    context, name = response.context, resolve(url.split("?")[0]).view_name
    if name == "plans:my_plan":  # one plan, the user's own, still to be sent
        plan = context.get("plan")
        return 1 if plan is None or plan.status in ("DRAFT", "RETURNED") else 0
    if name == "plans:plan_list":
        return len(context["rows"])
    if name == "study:study_confirm":
        return len(context["logs"])
    if name == "study:study_log":
        if key == "logs_no_evidence":  # the entries the page marks "Chưa có minh chứng"
            return sum(log.lacks_evidence for log in context["logs"])
        return sum(log.status == LogStatus.RETURNED for log in context["logs"])
    if name == "results:results_people":
        return context["count"]
    if name == "assessment:score_grid":
        return len(context["rows"])
    if name == "assessment:my_result":  # one result, the user's own, once confirmed
        return int(context["scores"] is not None and context["scores"].locked)
    if name == "certificates:school_detail":  # the roster's figures: left out of an issue, or ready for one
        return context["counts"]["waiting_data" if key == "data_unconfirmed" else "ready"]
    if name == "certificates:school_list":
        return len(context["rows"])
    if name == "certificates:my_certificates":
        if key == "my_data":
            return int(context["data_to_confirm"])
        year = context["year"]
        return sum(c.year_id == year.pk and c.status == "VALID" for c in context["certificates"])
    if name == "years:year_detail":  # the reopenings granted by the unit, ending soon
        return len(context["reopenings"])
    if name == "plans:plan_dashboard":  # the dashboard's own figure of late schools
        return context["progress"].total.late_schools
    if name == "reports:chain_unit":  # the unit's own report, which the user may send now
        return int(context["can_submit"])
    if name == "reports:chain_home":
        rows = context["table"].rows
        return sum(row.status == "SUBMITTED" for row in rows) if key == "reports_waiting" else sum(r.late for r in rows)
    raise AssertionError(f"no way to count {name}")


def test_every_count_on_a_home_page_is_the_length_of_its_list(settings, tmp_path, client):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("seed_demo", "--size", "small", verbosity=0)
    checked = set()
    # Beside the demo's accounts, teachers of the schools that have confirmed their results (their result, their
    # printed data to confirm) and the manager of one of them (its report ready to send).
    confirmed = SchoolConfirmation.objects.filter(year__is_current=True, is_locked=True).values("school")
    teachers = User.objects.filter(role=Role.TEACHER, staff__unit__in=confirmed)
    unchecked = teachers.exclude(staff__personal_data_checks__status=CheckStatus.CONFIRMED)
    teachers = [*teachers.order_by("username")[:4], *unchecked.order_by("username")[:4]]
    managers = User.objects.filter(role=Role.SCHOOL_MANAGER, unit__in=confirmed).order_by("username")[:1]
    # and the officers of the units that issue those schools' certificates.
    issuers = User.objects.filter(role__in=OFFICE_ROLES, unit__children__in=confirmed).distinct().order_by("username")
    others = [*teachers, *managers, *issuers[:2]]
    for username in [*ACCOUNTS, *[user.username for user in others]]:
        user = User.objects.get(username=username)
        todo = todo_for(user)
        assert todo is not None, username
        client.force_login(user)
        for item in todo["items"]:
            assert item.count == _length_of_linked_list(client, item.url, item.key), (username, item.key)
            checked.add(item.key)
        home = client.get("/").content.decode()
        assert 'data-testid="todo-panel"' in home
        assert ('data-testid="staff-total"' in home) == (user.role not in (Role.TEACHER, Role.GROUP_HEAD)), username
    assert {
        "plans_submitted",
        "logs_to_confirm",
        "no_result",
        "marks_missing",
        "group_no_plan",
        "my_result",
        "my_data",
        "own_report",
        "data_unconfirmed",
    } <= checked, checked


def test_a_school_sees_its_deadlines_with_the_days_left(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("seed_demo", "--size", "small", verbosity=0)
    lines = todo_for(User.objects.get(username="hieutruong"))["deadlines"]
    today = timezone.localdate()
    assert lines and all(line.days_left == (line.day - today).days >= 0 for line in lines)
    assert [line.day for line in lines] == sorted(line.day for line in lines)  # the deadlines follow their order
    (own,) = todo_for(User.objects.get(username="xa"))["deadlines"]  # an office: its own report to the Sở
    assert own.label == str(DeadlineKind.DISTRICT_REPORT.label) and own.days_left >= 0


def test_a_teachers_hours_read_from_their_logs(settings, tmp_path, client):
    """Planned, logged and confirmed tiết per programme on the home page equal the plan's items and its study logs
    (confirmed ones up to each item's planned tiết), for demo teachers with an approved plan and logs."""
    from django.db.models import Sum

    from plans.models import PlanItem, PlanStatus
    from study.models import StudyLog

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("seed_demo", "--size", "small", verbosity=0)
    logs = StudyLog.objects.filter(item__plan__status=PlanStatus.APPROVED, item__plan__year__is_current=True)
    owners = logs.values_list("item__plan__staff__user", flat=True).distinct().order_by("item__plan__staff__user")
    checked = 0
    for user in User.objects.filter(pk__in=list(owners[:5])):
        todo = todo_for(user)
        lines = {line.content: line for line in todo["hours"]}
        # Their plan is approved: no countdown to the plan deadline any more (a principal keeps the school's).
        labels = [line.label for line in todo["deadlines"]]
        assert (str(DeadlineKind.PLAN_SUBMIT.label) in labels) == (user.role == Role.SCHOOL_MANAGER), user.username
        for content in (1, 2, 3):
            items = PlanItem.objects.filter(plan__staff=user.staff, plan__year__is_current=True, content=content)
            planned = items.aggregate(total=Sum("hours"))["total"] or 0
            logged = StudyLog.objects.filter(item__in=items).aggregate(total=Sum("hours"))["total"] or 0
            confirmed = 0
            for item in items:
                done = item.logs.filter(status=LogStatus.CONFIRMED).aggregate(total=Sum("hours"))["total"] or 0
                confirmed += min(done, item.hours)
            line = lines.get(content)
            got = (line.planned, line.logged, line.confirmed) if line else (0, 0, 0)
            assert got == (planned, logged, confirmed), (user.username, content)
            checked += 1
        client.force_login(user)
        assert 'data-testid="my-hours"' in client.get("/").content.decode()
    assert checked == 15

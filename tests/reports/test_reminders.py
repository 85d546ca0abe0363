"""Nhắc việc trước và sau thời hạn (issue 18 item 3): with time frozen, the daily run (Celery beat's task) gives one
digest, in the app and by e-mail, to each person with work left for a deadline 7, 3 or 1 days ahead, and on the day
after it to the late ones and to whoever is above them; nobody with nothing left to do hears anything."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Position, Role
from plans.models import Plan, PlanStatus
from reports import tasks
from reports.models import NoticeKind, Notification, ReportStatus, UnitReport
from tests.factories import StaffFactory, UserFactory, make_tt19_year
from years.models import Deadline, DeadlineKind

pytestmark = pytest.mark.django_db

PLAN_DUE = datetime.date(2026, 10, 15)
REPORT_DUE = datetime.date(2027, 5, 25)


@pytest.fixture
def year(cast):
    year = make_tt19_year(cast.so, is_current=True)
    Deadline.objects.create(year=year, kind=DeadlineKind.PLAN_SUBMIT, unit=cast.so, due_date=PLAN_DUE)
    return year


@pytest.fixture
def with_email(cast):
    """Everyone of school A1 and the Phòng's officer have an address."""
    users = [cast.principal_a1, cast.group_head_a1, cast.teacher_a1, cast.teacher_a1_other_group, cast.phong_a_officer]
    for user in users:
        user.email = f"{user.username}@sonla.edu.vn"
        user.save()
    return users


def _sent(year, cast, *staff, status=PlanStatus.SUBMITTED):
    for person in staff:
        Plan.objects.create(year=year, staff=person, school=person.unit, status=status)


def _run(day):
    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 30))), tick=False):
        return tasks.send_deadline_reminders.delay().get()


def _digests(day):
    return {
        notice.user.username: notice.body
        for notice in Notification.objects.filter(kind=NoticeKind.DIGEST, digest_on=day).select_related("user")
    }


def test_three_days_before_the_plan_deadline_those_without_a_plan_sent_get_one_digest(
    cast, year, with_email, mail_server, django_capture_on_commit_callbacks
):
    _sent(year, cast, cast.teacher_a1.staff, cast.principal_a1.staff)
    _sent(year, cast, cast.teacher_a2.staff, status=PlanStatus.APPROVED)
    _sent(year, cast, cast.teacher_a1_other_group.staff, status=PlanStatus.RETURNED)  # still work to do
    day = PLAN_DUE - datetime.timedelta(days=3)

    with django_capture_on_commit_callbacks(execute=True):
        assert _run(day) == 4
    digests = _digests(day)
    assert set(digests) == {"tt_a1", "gv_a1_to4", "gv_b1", "gv_t1"}  # not Z1 (another Sở), not offices
    assert digests["tt_a1"] == "- Nộp kế hoạch BDTX cá nhân (hạn 15/10/2026, còn 3 ngày)"
    # By e-mail too, to those with an address: one message each.
    assert sorted(message["To"] for message in mail_server.inbox.messages) == [
        "gv_a1_to4@sonla.edu.vn",
        "tt_a1@sonla.edu.vn",
    ]
    (message,) = mail_server.inbox.to("tt_a1@sonla.edu.vn")
    assert mail_server.inbox.subject(message) == "Nhắc việc BDTX ngày 12/10/2026: 1 việc cần làm"
    assert "hạn 15/10/2026, còn 3 ngày" in mail_server.inbox.text(message)

    # The same day again (a second beat, a retried task): nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(day) == 0
    assert len(mail_server.inbox.messages) == 2
    # Two days before: not a reminder day.
    assert _run(PLAN_DUE - datetime.timedelta(days=2)) == 0


def test_the_day_after_the_late_hear_it_and_so_does_their_principal(cast, year):
    _sent(year, cast, cast.teacher_a1.staff, cast.group_head_a1.staff, cast.principal_a1.staff)
    day = PLAN_DUE + datetime.timedelta(days=1)
    _run(day)
    digests = _digests(day)
    assert digests["gv_a1_to4"] == "- Nộp kế hoạch BDTX cá nhân (hạn 15/10/2026, đã quá hạn)"
    assert digests["ht_a1"] == "- 1 người của Trường Tiểu học A1 chưa nộp kế hoạch BDTX (hạn 15/10/2026, đã quá hạn)"
    assert "gv_a1" not in digests and "tt_a1" not in digests
    assert _run(day + datetime.timedelta(days=1)) == 0  # only the day after


def test_a_reopening_moves_the_reminders_of_that_school(cast, year):
    from years.models import DeadlineReopening

    deadline = Deadline.objects.get(year=year, kind=DeadlineKind.PLAN_SUBMIT)
    DeadlineReopening.objects.create(
        deadline=deadline,
        school=cast.school_a2,
        until=PLAN_DUE + datetime.timedelta(days=7),
        reason="Trường thiếu giáo viên",
        granted_by=cast.so_officer,
    )
    day = PLAN_DUE + datetime.timedelta(days=4)  # 3 days before A2's new date
    _run(day)
    assert _digests(day) == {"gv_a2": "- Nộp kế hoạch BDTX cá nhân (hạn 22/10/2026, còn 3 ngày)"}


def test_a_report_deadline_reminds_the_schools_that_have_not_sent_and_then_the_office(cast, year):
    Deadline.objects.create(year=year, kind=DeadlineKind.SCHOOL_REPORT, unit=cast.phong_a, due_date=REPORT_DUE)
    _sent(year, cast, *[user.staff for user in (cast.teacher_a1, cast.teacher_a2)], status=PlanStatus.APPROVED)
    deputy = UserFactory(
        username="pht_a2",
        role=Role.SCHOOL_MANAGER,
        unit=cast.school_a2,
        staff=StaffFactory(unit=cast.school_a2, full_name="Lý Thị Mai", position=Position.DEPUTY_PRINCIPAL),
    )
    UnitReport.objects.create(
        unit=cast.school_a1, year=year, kind=DeadlineKind.SCHOOL_REPORT, status=ReportStatus.SUBMITTED, version=1
    )
    week_before = REPORT_DUE - datetime.timedelta(days=7)
    _run(week_before)
    line = (
        "- Nộp báo cáo kết quả BDTX năm học 2026–2027 của Trường Tiểu học A2 lên cấp trên (hạn 25/05/2027, còn 7 ngày)"
    )
    assert _digests(week_before) == {deputy.username: line}

    day_after = REPORT_DUE + datetime.timedelta(days=1)
    _run(day_after)
    digests = _digests(day_after)
    assert (
        digests["phong_a"]
        == "- Trường Tiểu học A2 chưa nộp báo cáo kết quả BDTX năm học 2026–2027 (hạn 25/05/2027, đã quá hạn)"
    )
    assert "pht_a2" in digests and "ht_a1" not in digests


def test_a_digest_gathers_every_line_of_the_day_in_one_notice(cast, year):
    Deadline.objects.create(
        year=year, kind=DeadlineKind.SCHOOL_REPORT, unit=cast.phong_a, due_date=PLAN_DUE - datetime.timedelta(days=4)
    )
    day = PLAN_DUE - datetime.timedelta(days=3)  # plans 3 days ahead, the report due yesterday
    _run(day)
    notice = Notification.objects.get(user=cast.principal_a1, digest_on=day)
    assert notice.title == "Nhắc việc BDTX ngày 12/10/2026: 2 việc cần làm"
    assert notice.body.splitlines() == [
        "- Nộp kế hoạch BDTX cá nhân (hạn 15/10/2026, còn 3 ngày)",
        "- Nộp báo cáo kết quả BDTX năm học 2026–2027 của Trường Tiểu học A1 lên cấp trên (hạn 11/10/2026, đã quá hạn)",
    ]

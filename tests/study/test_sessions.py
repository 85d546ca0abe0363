"""School training sessions: recorded once with the attendance, credited to every attendee's log, idempotently."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import PlanItem, PlanStatus
from study import selectors as study_selectors
from study import services as study
from study.models import LogStatus, StudyLog, TrainingSession
from study.services import StudyError
from tests.factories import StaffFactory
from tests.study.conftest import TODAY
from tests.study.test_study import make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture
def approved(cast, year, th_modules, topics):
    """Approved plans for three staff of school A1 (TH1 for two of them only)."""
    return {
        "teacher": make_plan(cast.teacher_a1.staff, year, th_modules[:4], topics),
        "head": make_plan(cast.group_head_a1.staff, year, th_modules[:4], topics),
        "principal": make_plan(cast.principal_a1.staff, year, th_modules[1:5], topics),
    }


def record(cast, year, attendees, *, by=None, session=None, **values):
    fields = {
        "title": "Sinh hoạt chuyên môn: dạy học phát triển năng lực",
        "date": datetime.date(2025, 10, 10),
        "hours": "3",
        "content": 2,
        "subject_group": "",
    }
    fields.update(values)
    return study.training_session_record(
        school=cast.school_a1, year=year, by=by or cast.principal_a1, attendees=attendees, session=session, **fields
    )


def staff_of(*users):
    return [user.staff for user in users]


def test_session_adds_its_hours_to_every_attendee(cast, year, approved):
    result = record(cast, year, staff_of(cast.teacher_a1, cast.group_head_a1, cast.principal_a1))

    assert result.not_logged == []
    logs = StudyLog.objects.filter(session=result.session)
    assert logs.count() == 3
    for plan in approved.values():
        log = logs.get(item__plan=plan)
        # no topic named: the first content-2 item of the plan
        assert log.item == plan.items.filter(content=2).order_by("order", "id").first()
        assert (log.hours, log.date, log.status) == (Decimal("3"), datetime.date(2025, 10, 10), LogStatus.CONFIRMED)
    progress = {item.pk: item.logged for item in study_selectors.item_progress(plan=approved["teacher"])}
    assert progress[logs.get(item__plan=approved["teacher"]).item_id] == Decimal("3")


def test_module_session_goes_to_the_module_item_and_reports_who_lacks_it(cast, year, approved, th_modules):
    result = record(
        cast, year, staff_of(cast.teacher_a1, cast.group_head_a1, cast.principal_a1), content=3, module=th_modules[0]
    )
    credited = {log.item.plan.staff_id: log.item.module.code for log in result.logged}
    assert credited == {cast.teacher_a1.staff_id: "TH1", cast.group_head_a1.staff_id: "TH1"}
    assert [(staff, reason) for staff, reason in result.not_logged] == [
        (cast.principal_a1.staff, "kế hoạch không có mô đun TH1")
    ]
    assert "Lê Thị Hoa (kế hoạch không có mô đun TH1)" in result.message


def test_topic_session_goes_to_the_topic_item(cast, year, approved, topics):
    result = record(cast, year, staff_of(cast.teacher_a1), content=2, topic=topics[2])
    assert result.logged[0].item.topic == topics[2]


def test_re_recording_updates_and_never_duplicates(cast, year, approved):
    attendees = staff_of(cast.teacher_a1, cast.group_head_a1, cast.principal_a1)
    first = record(cast, year, attendees)
    again = record(cast, year, attendees, session=first.session, hours="2.5", title="Đổi tên buổi")

    assert again.session.pk == first.session.pk
    assert TrainingSession.objects.count() == 1
    logs = StudyLog.objects.filter(session=first.session)
    assert logs.count() == 3
    assert set(logs.values_list("hours", "description")) == {(Decimal("2.5"), "Đổi tên buổi")}


def test_attendance_update_adds_and_removes_logs(cast, year, approved):
    session = record(cast, year, staff_of(cast.teacher_a1, cast.group_head_a1)).session
    result = study.training_session_update_attendance(
        session=session, by=cast.principal_a1, attendees=staff_of(cast.group_head_a1, cast.principal_a1)
    )
    owners = set(StudyLog.objects.filter(session=session).values_list("item__plan__staff_id", flat=True))
    assert owners == {cast.group_head_a1.staff_id, cast.principal_a1.staff_id}
    assert len(result.logged) == 2
    assert set(session.attendees.all()) == set(staff_of(cast.group_head_a1, cast.principal_a1))


def test_attendees_without_an_approved_plan_are_reported(cast, year, approved, th_modules):
    make_plan(cast.teacher_a1_other_group.staff, year, th_modules[:1], status=PlanStatus.SUBMITTED)
    newcomer = StaffFactory(unit=cast.school_a1, full_name="Đặng Văn Mới", subject_group="Tổ 4-5")

    result = record(cast, year, [cast.teacher_a1.staff, cast.teacher_a1_other_group.staff, newcomer])

    assert len(result.logged) == 1
    assert dict((staff.full_name, reason) for staff, reason in result.not_logged) == {
        "Trần Thị Bình": "kế hoạch chưa được phê duyệt",
        "Đặng Văn Mới": "chưa có kế hoạch",
    }
    assert "Chưa ghi được cho 2 người" in result.message
    assert set(result.session.attendees.all()) == {cast.teacher_a1.staff, cast.teacher_a1_other_group.staff, newcomer}


def test_session_logs_count_once_their_plan_is_approved_and_recorded_again(cast, year, th_modules, topics):
    plan = make_plan(cast.teacher_a1.staff, year, th_modules[:4], topics, status=PlanStatus.SUBMITTED)
    session = record(cast, year, staff_of(cast.teacher_a1)).session
    assert not StudyLog.objects.exists()
    plan.status = PlanStatus.APPROVED
    plan.save()
    record(cast, year, staff_of(cast.teacher_a1), session=session)
    assert StudyLog.objects.filter(session=session, item__plan=plan).count() == 1


def test_session_logs_are_read_only_for_the_teacher(cast, year, approved):
    record(cast, year, staff_of(cast.teacher_a1))
    log = StudyLog.objects.get()
    with pytest.raises(StudyError):
        study.study_log_delete(log=log, by=cast.teacher_a1)


def test_attendee_of_another_school_refused(cast, year, approved):
    with pytest.raises(StudyError, match="không thuộc trường này"):
        record(cast, year, staff_of(cast.teacher_a1, cast.teacher_a2))
    assert not TrainingSession.objects.exists()


def test_bad_values_refused(cast, year, approved, th_modules):
    attendees = staff_of(cast.teacher_a1)
    with pytest.raises(StudyError, match="tối đa 10"):
        record(cast, year, attendees, hours="12")
    with pytest.raises(StudyError, match="tương lai"):
        record(cast, year, attendees, date=TODAY + datetime.timedelta(days=1))
    with pytest.raises(StudyError, match="Mô đun chỉ dùng cho nội dung 3"):
        record(cast, year, attendees, content=1, module=th_modules[0])
    with pytest.raises(StudyError, match="người tham dự"):
        record(cast, year, [])
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize("who", ["teacher_a1", "teacher_a2", "phong_a_officer"])
def test_only_the_school_records_sessions(cast, year, approved, who):
    with pytest.raises(StudyError, match="Chỉ lãnh đạo nhà trường"):
        record(cast, year, staff_of(cast.teacher_a1), by=getattr(cast, who))


def test_group_head_records_for_their_own_group_only(cast, year, approved):
    result = record(cast, year, staff_of(cast.teacher_a1, cast.group_head_a1), by=cast.group_head_a1)
    assert result.session.subject_group == "Tổ 1-2-3" and len(result.logged) == 2
    with pytest.raises(StudyError, match="không thuộc tổ của bạn"):
        record(cast, year, staff_of(cast.teacher_a1, cast.teacher_a1_other_group), by=cast.group_head_a1)


def test_item_removed_from_plan_drops_only_its_own_logs(cast, year, approved, th_modules):
    """Unique item+session: at most one log per item per session, whatever is recorded again."""
    session = record(cast, year, staff_of(cast.teacher_a1), content=3, module=th_modules[0]).session
    item = PlanItem.objects.get(plan=approved["teacher"], module=th_modules[0])
    record(cast, year, staff_of(cast.teacher_a1), session=session, content=3, module=th_modules[0])
    assert StudyLog.objects.filter(item=item, session=session).count() == 1
    record(cast, year, staff_of(cast.teacher_a1), session=session, content=3, module=th_modules[1])
    assert not StudyLog.objects.filter(item=item).exists()
    assert StudyLog.objects.get(session=session).item.module == th_modules[1]


# --- pages ---------------------------------------------------------------------------------------------------


def _form_data(cast, attendees, **extra):
    data = {
        "title": "Chuyên đề đổi mới sinh hoạt tổ",
        "date": "2025-10-15",
        "hours": "2",
        "content": "2",
        "module": "",
        "topic": "",
        "subject_group": "",
        "attendees": [member.pk for member in attendees],
    }
    data.update(extra)
    return data


def test_principal_records_a_session_from_the_page(cast, login, year, approved):
    client = login(cast.principal_a1)
    form_page = client.get(reverse("study:session_create")).content.decode()
    assert 'data-testid="attendance"' in form_page and cast.teacher_a1_other_group.staff.full_name in form_page
    filtered = client.get(reverse("study:session_create"), {"to": "Tổ 4-5"}).content.decode()
    assert cast.teacher_a1.staff.full_name not in filtered

    response = client.post(
        reverse("study:session_create"),
        _form_data(cast, staff_of(cast.teacher_a1, cast.group_head_a1, cast.teacher_a1_other_group)),
        follow=True,
    )

    body = response.content.decode()
    assert "Đã ghi 2 tiết cho 2 người tham dự" in body
    assert "Trần Thị Bình (chưa có kế hoạch)" in body
    assert StudyLog.objects.filter(session__isnull=False).count() == 2
    session = TrainingSession.objects.get()
    assert session.created_by == cast.principal_a1
    assert "Chuyên đề đổi mới sinh hoạt tổ" in client.get(reverse("study:session_list")).content.decode()

    edit = reverse("study:session_edit", args=[session.pk])
    client.post(edit, _form_data(cast, staff_of(cast.teacher_a1, cast.group_head_a1), hours="1.5"))
    assert set(StudyLog.objects.values_list("hours", flat=True)) == {Decimal("1.5")}
    assert StudyLog.objects.count() == 2


def test_session_pages_forbidden_to_teachers_and_404_elsewhere(cast, login, year, approved):
    session = record(cast, year, staff_of(cast.teacher_a1)).session
    assert login(cast.teacher_a1).get(reverse("study:session_list")).status_code == 403
    assert login(cast.teacher_a1).get(reverse("study:session_create")).status_code == 403
    assert login(cast.phong_a_officer).get(reverse("study:session_edit", args=[session.pk])).status_code == 403
    head_b1 = StaffFactory(unit=cast.school_b1, subject_group="Tổ 1-2-3")
    from tests.factories import UserFactory

    manager_b1 = UserFactory(role="SCHOOL_MANAGER", unit=cast.school_b1, staff=head_b1)
    assert login(manager_b1).get(reverse("study:session_edit", args=[session.pk])).status_code == 404


# --- each topic once on the form, and a choice that credits nobody is refused ----------------------------------


@pytest.fixture
def manager_topics(cast, year, topics):
    """The same topics published for managers (CBQL), as the Sở publishes every topic for both audiences."""
    from modules.models import Audience, Topic

    return [
        Topic.objects.create(
            year=year,
            publisher=topic.publisher,
            content=topic.content,
            level=topic.level,
            audience=Audience.MANAGER,
            title=topic.title,
            hours=topic.hours,
            order=topic.order,
        )
        for topic in topics
    ]


def test_the_session_form_lists_each_topic_once(cast, login, year, approved, topics, manager_topics):
    import re

    page = login(cast.principal_a1).get(reverse("study:session_create")).content.decode()
    select = re.search(r'<select name="topic".*?</select>', page, re.S).group(0)
    for topic in topics:
        assert select.count(f"— {topic.title}</option>") == 1, topic.title


def test_a_topic_session_credits_teachers_and_managers_alike(cast, year, topics, manager_topics, th_modules):
    # The principal's plan holds the managers' copy of each topic, the teacher's the teachers' copy.
    teacher = make_plan(cast.teacher_a1.staff, year, th_modules[:4], topics)
    principal = make_plan(cast.principal_a1.staff, year, th_modules[:4], manager_topics)

    result = record(cast, year, staff_of(cast.teacher_a1, cast.principal_a1), content=2, topic=topics[1])

    assert result.not_logged == []
    assert {log.item.plan_id: log.item.topic_id for log in result.logged} == {
        teacher.pk: topics[1].pk,
        principal.pk: manager_topics[1].pk,
    }


def test_a_topic_no_attendee_has_is_refused_and_nothing_is_saved(cast, year, topics, th_modules):
    from modules.models import Topic

    make_plan(cast.teacher_a1.staff, year, th_modules[:4], topics[:2])  # not the Phòng's content-2 topic
    with pytest.raises(StudyError, match="Không người tham dự nào có chuyên đề “Chuyên đề của Phòng”"):
        record(cast, year, staff_of(cast.teacher_a1), content=2, topic=topics[2])
    assert not TrainingSession.objects.exists() and not StudyLog.objects.exists()
    assert Topic.objects.count() == 3


def test_a_module_no_attendee_has_is_refused_from_the_page(cast, login, year, approved, th_modules):
    response = login(cast.principal_a1).post(
        reverse("study:session_create"),
        _form_data(cast, staff_of(cast.principal_a1), content="3", module=str(th_modules[0].pk)),
    )
    assert response.status_code == 200
    assert "Không người tham dự nào có mô đun TH1" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_session_never_takes_an_item_beyond_its_planned_hours(cast, year, approved, topics):
    phong_topic = topics[2]  # 10 tiết in every plan
    teacher_item = approved["teacher"].items.get(topic=phong_topic)
    study.study_log_create(item=teacher_item, by=cast.teacher_a1, date=TODAY, hours="8", description="Tự học")

    result = record(cast, year, staff_of(cast.teacher_a1, cast.group_head_a1), content=2, topic=phong_topic)

    assert [log.item.plan.staff_id for log in result.logged] == [cast.group_head_a1.staff_id]
    assert [(staff, reason) for staff, reason in result.not_logged] == [
        (cast.teacher_a1.staff, "“Chuyên đề của Phòng” chỉ còn 2 tiết theo kế hoạch")
    ]
    assert study_selectors.item_progress(plan=approved["teacher"])[2].logged == Decimal("8")
    # Recording the same session again does not count its own tiết twice.
    again = record(
        cast, year, staff_of(cast.group_head_a1), content=2, topic=phong_topic, session=result.session, hours="10"
    )
    assert [log.hours for log in again.logged] == [Decimal("10")]

"""Self-study log: logging on approved plans, its refusals, progress, editing rules and confirmation by TTCM/HT."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Plan, PlanItem, PlanStatus
from study import selectors as study_selectors
from study import services as study
from study.models import LogStatus, StudyLog
from study.services import StudyError
from tests.study.conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today", "private_media")]


def make_plan(staff, year, modules=(), topics=(), status=PlanStatus.APPROVED):
    """A plan with one item per topic (content 1/2) and per module (content 3)."""
    plan = Plan.objects.create(year=year, staff=staff, school=staff.unit, status=status)
    for order, topic in enumerate(topics):
        PlanItem.objects.create(plan=plan, content=topic.content, topic=topic, hours=topic.hours, order=order)
    for order, module in enumerate(modules):
        PlanItem.objects.create(plan=plan, content=3, module=module, hours=module.hours, order=order)
    return plan


def log_on(item, user, *, date=TODAY, hours="2", description="Đọc tài liệu mô đun", files=()):
    return study.study_log_create(item=item, by=user, date=date, hours=hours, description=description, files=files)


@pytest.fixture
def plan(cast, year, th_modules, topics):
    return make_plan(cast.teacher_a1.staff, year, th_modules[:4], topics)


@pytest.fixture
def module_item(plan):
    return plan.items.get(module__code="TH1")


def test_log_on_approved_plan_counts_towards_the_item(cast, plan, module_item):
    log_on(module_item, cast.teacher_a1, hours="2")
    log_on(module_item, cast.teacher_a1, hours="1,5", date=datetime.date(2025, 8, 1))
    progress = {item.pk: item for item in study_selectors.item_progress(plan=plan)}
    assert progress[module_item.pk].logged == Decimal("3.5")
    assert progress[module_item.pk].confirmed == 0
    assert progress[module_item.pk].percent == 23  # 3.5 of 15
    other = plan.items.get(module__code="TH2")
    assert progress[other.pk].logged == 0


def test_progress_is_a_fixed_number_of_queries(cast, plan, module_item, django_assert_max_num_queries):
    """The items and their logged tiết, the confirmed logs, and the LMS's completions (two): four for any plan."""
    log_on(module_item, cast.teacher_a1)
    with django_assert_max_num_queries(4):
        study_selectors.item_progress(plan=plan)


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED])
def test_log_refused_unless_plan_approved(cast, year, th_modules, status):
    plan = make_plan(cast.teacher_a1.staff, year, th_modules[:1], status=status)
    with pytest.raises(StudyError, match="phê duyệt"):
        log_on(plan.items.get(), cast.teacher_a1)
    assert not StudyLog.objects.exists()


@pytest.mark.parametrize(
    ("hours", "message"),
    [("0", "lớn hơn 0"), ("-1", "lớn hơn 0"), ("10.5", "tối đa 10"), ("1.3", "bước 0,5"), ("abc", "là một số")],
)
def test_bad_hours_refused(cast, module_item, hours, message):
    with pytest.raises(StudyError, match=message):
        log_on(module_item, cast.teacher_a1, hours=hours)


@pytest.mark.parametrize("hours", ["0.5", "10", "2,5"])
def test_hours_bounds_accepted(cast, module_item, hours):
    assert log_on(module_item, cast.teacher_a1, hours=hours).hours == Decimal(hours.replace(",", "."))


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "tương lai"),
        (datetime.date(2025, 7, 31), "trong năm học 2025–2026"),
        (datetime.date(2024, 12, 1), "01/08/2025"),
    ],
)
def test_bad_dates_refused(cast, module_item, date, message):
    with pytest.raises(StudyError, match=message):
        log_on(module_item, cast.teacher_a1, date=date)


def test_date_after_the_year_refused_even_when_past(cast, module_item, monkeypatch):
    monkeypatch.setattr(study, "today", lambda: datetime.date(2026, 9, 1))
    with pytest.raises(StudyError, match="31/07/2026"):
        log_on(module_item, cast.teacher_a1, date=datetime.date(2026, 8, 1))
    assert log_on(module_item, cast.teacher_a1, date=datetime.date(2026, 7, 31)).pk


def test_empty_description_refused(cast, module_item):
    with pytest.raises(StudyError, match="nội dung đã học"):
        log_on(module_item, cast.teacher_a1, description="  ")


def test_only_the_owner_logs_on_an_item(cast, module_item):
    with pytest.raises(StudyError, match="Chỉ người có kế hoạch"):
        log_on(module_item, cast.principal_a1)


def test_update_and_delete_pending_only_by_owner(cast, module_item):
    log = log_on(module_item, cast.teacher_a1)
    study.study_log_update(log=log, by=cast.teacher_a1, date=TODAY, hours="3", description="Sửa lại")
    log.refresh_from_db()
    assert (log.hours, log.description) == (Decimal("3"), "Sửa lại")
    with pytest.raises(StudyError):
        study.study_log_update(log=log, by=cast.group_head_a1, date=TODAY, hours="1", description="x")
    with pytest.raises(StudyError):
        study.study_log_delete(log=log, by=cast.principal_a1)
    study.study_log_delete(log=log, by=cast.teacher_a1)
    assert not StudyLog.objects.exists()


def test_confirmed_entries_are_read_only(cast, module_item):
    log = log_on(module_item, cast.teacher_a1)
    study.study_log_confirm(logs=[log], by=cast.group_head_a1)
    with pytest.raises(StudyError, match="đã được xác nhận"):
        study.study_log_update(log=log, by=cast.teacher_a1, date=TODAY, hours="1", description="x")
    with pytest.raises(StudyError, match="đã được xác nhận"):
        study.study_log_delete(log=log, by=cast.teacher_a1)
    assert StudyLog.objects.filter(pk=log.pk, hours=Decimal("2")).exists()


def test_group_head_confirms_own_group_only(cast, year, th_modules, module_item):
    mine = log_on(module_item, cast.teacher_a1)
    other_plan = make_plan(cast.teacher_a1_other_group.staff, year, th_modules[:1])
    theirs = log_on(other_plan.items.get(), cast.teacher_a1_other_group)

    confirmed, skipped = study.study_log_confirm(logs=[mine, theirs], by=cast.group_head_a1)

    assert confirmed == [mine]
    assert [log for log, _reason in skipped] == [theirs]
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == LogStatus.CONFIRMED and mine.confirmed_by == cast.group_head_a1
    assert theirs.status == LogStatus.PENDING


def test_principal_confirms_any_group_and_twice_is_a_noop(cast, year, th_modules, module_item):
    other_plan = make_plan(cast.teacher_a1_other_group.staff, year, th_modules[:1])
    theirs = log_on(other_plan.items.get(), cast.teacher_a1_other_group)
    assert study.study_log_confirm(logs=[theirs], by=cast.principal_a1)[0] == [theirs]
    confirmed, skipped = study.study_log_confirm(logs=[theirs], by=cast.principal_a1)
    assert confirmed == [] and "trước đó" in skipped[0][1]


@pytest.mark.parametrize("who", ["teacher_a1", "teacher_a2", "phong_a_officer", "so_officer"])
def test_others_cannot_confirm(cast, module_item, who):
    log = log_on(module_item, cast.teacher_a1)
    confirmed, skipped = study.study_log_confirm(logs=[log], by=getattr(cast, who))
    assert confirmed == [] and len(skipped) == 1


def test_logs_to_confirm_lists_the_group_pending_entries(cast, year, th_modules, module_item):
    mine = log_on(module_item, cast.teacher_a1)
    done = log_on(module_item, cast.teacher_a1, hours="1")
    study.study_log_confirm(logs=[done], by=cast.principal_a1)
    other_plan = make_plan(cast.teacher_a1_other_group.staff, year, th_modules[:1])
    theirs = log_on(other_plan.items.get(), cast.teacher_a1_other_group)

    assert list(study_selectors.logs_to_confirm(user=cast.group_head_a1)) == [mine]
    assert set(study_selectors.logs_to_confirm(user=cast.principal_a1)) == {mine, theirs}
    assert not study_selectors.logs_to_confirm(user=cast.teacher_a1).exists()
    assert not study_selectors.logs_to_confirm(user=cast.phong_a_officer).exists()


# --- pages ---------------------------------------------------------------------------------------------------


def test_teacher_page_shows_progress_and_entries(cast, login, module_item):
    log_on(module_item, cast.teacher_a1, hours="4.5")
    response = login(cast.teacher_a1).get(reverse("study:study_log"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhật ký bồi dưỡng" in body
    assert "4,5/15" in body
    assert reverse("study:study_log_add", args=[module_item.pk]) in body
    assert "Chờ xác nhận" in body


def test_teacher_page_warns_when_plan_not_approved(cast, login, year, th_modules):
    make_plan(cast.teacher_a1.staff, year, th_modules[:1], status=PlanStatus.SUBMITTED)
    body = login(cast.teacher_a1).get(reverse("study:study_log")).content.decode()
    assert 'data-testid="not-approved"' in body
    assert "/ghi/" not in body


def test_add_entry_through_the_form_marks_the_draft_saved(cast, login, module_item):
    client = login(cast.teacher_a1)
    url = reverse("study:study_log_add", args=[module_item.pk])
    form_page = client.get(url).content.decode()
    key = f"study-log:{cast.teacher_a1.pk}:{module_item.pk}"
    assert f'data-autosave-key="{key}"' in form_page
    assert "js/autosave.js" in form_page
    response = client.post(url, {"date": "2025-11-02", "hours": "1,5", "description": "Học trên taphuan"})
    assert response.status_code == 302
    log = StudyLog.objects.get()
    assert (log.date, log.hours, log.item) == (datetime.date(2025, 11, 2), Decimal("1.5"), module_item)
    assert f'data-autosave-clear="{key}"' in client.get(reverse("study:study_log")).content.decode()


def test_refused_entry_keeps_the_form_with_the_message(cast, login, module_item):
    response = login(cast.teacher_a1).post(
        reverse("study:study_log_add", args=[module_item.pk]),
        {"date": "2025-11-02", "hours": "1.3", "description": "Học"},
    )
    assert response.status_code == 200
    assert "bước 0,5" in response.content.decode()
    assert not StudyLog.objects.exists()


def test_add_on_someone_elses_item_is_404(cast, login, module_item):
    url = reverse("study:study_log_add", args=[module_item.pk])
    for user in [cast.teacher_a2, cast.teacher_a1_other_group, cast.principal_a1, cast.group_head_a1]:
        assert login(user).get(url).status_code == 404


def test_log_detail_scoped_and_read_only_once_confirmed(cast, login, module_item):
    log = log_on(module_item, cast.teacher_a1)
    url = reverse("study:study_log_detail", args=[log.pk])
    for outsider in [*cast.outsiders_of_a1, cast.teacher_a1_other_group, cast.phong_b_officer]:
        assert login(outsider).get(url).status_code == 404
    assert (
        login(cast.group_head_a1).post(url, {"date": "2025-11-02", "hours": "9", "description": "x"}).status_code == 403
    )
    study.study_log_confirm(logs=[log], by=cast.group_head_a1)
    client = login(cast.teacher_a1)
    body = client.get(url).content.decode()
    assert 'data-testid="log-readonly"' in body and 'data-testid="log-form"' not in body
    assert client.post(url, {"date": "2025-11-02", "hours": "9", "description": "x"}).status_code == 403
    log.refresh_from_db()
    assert log.hours == Decimal("2")


def test_batch_confirm_page_for_group_head(cast, login, year, th_modules, module_item):
    first = log_on(module_item, cast.teacher_a1)
    second = log_on(module_item, cast.teacher_a1, hours="1")
    other_plan = make_plan(cast.teacher_a1_other_group.staff, year, th_modules[:1])
    theirs = log_on(other_plan.items.get(), cast.teacher_a1_other_group)
    client = login(cast.group_head_a1)
    url = reverse("study:study_confirm")
    body = client.get(url).content.decode()
    assert f'value="{first.pk}"' in body and f'value="{theirs.pk}"' not in body

    response = client.post(url, {"log": [first.pk, second.pk, theirs.pk]})

    assert response.status_code == 302
    assert set(StudyLog.objects.filter(status=LogStatus.CONFIRMED)) == {first, second}
    theirs.refresh_from_db()
    assert theirs.status == LogStatus.PENDING


def test_confirm_page_forbidden_to_teachers(cast, login):
    assert login(cast.teacher_a1).get(reverse("study:study_confirm")).status_code == 403


def test_pages_use_a_bounded_number_of_queries(
    cast, login, year, th_modules, module_item, django_assert_max_num_queries
):
    for number in range(6):
        log_on(module_item, cast.teacher_a1, hours="1", description=f"Lần {number}")
    other_plan = make_plan(cast.group_head_a1.staff, year, th_modules[:2])
    for item in other_plan.items.all():
        log_on(item, cast.group_head_a1, hours="1")
    teacher = login(cast.teacher_a1)
    with django_assert_max_num_queries(12):
        assert teacher.get(reverse("study:study_log")).status_code == 200
    principal = login(cast.principal_a1)
    with django_assert_max_num_queries(12):
        assert principal.get(reverse("study:study_confirm")).status_code == 200


# --- a log never takes its item beyond the tiết planned for it ------------------------------------------------


def test_log_beyond_the_planned_hours_is_refused_with_what_remains(cast, module_item):
    # TH1 is planned at 15 tiết: 10 + 4 logged leaves 1.
    log_on(module_item, cast.teacher_a1, hours="10")
    log_on(module_item, cast.teacher_a1, hours="4")
    with pytest.raises(StudyError, match="chỉ còn 1 tiết"):
        log_on(module_item, cast.teacher_a1, hours="1,5")
    assert StudyLog.objects.count() == 2
    assert log_on(module_item, cast.teacher_a1, hours="1").hours == Decimal("1")
    with pytest.raises(StudyError, match="đã ghi đủ 15 tiết"):
        log_on(module_item, cast.teacher_a1, hours="0,5")


def test_session_tiet_count_against_the_planned_hours_too(cast, year, plan):
    item = plan.items.get(topic__title="Chuyên đề của Phòng")  # 10 tiết
    study.training_session_record(
        school=cast.school_a1,
        year=year,
        by=cast.principal_a1,
        attendees=[cast.teacher_a1.staff],
        title="Sinh hoạt tổ",
        date=TODAY,
        hours="8",
        content=2,
        topic=item.topic,
    )
    with pytest.raises(StudyError, match="chỉ còn 2 tiết"):
        log_on(item, cast.teacher_a1, hours="3")


def test_editing_a_log_beyond_the_planned_hours_is_refused(cast, module_item):
    log_on(module_item, cast.teacher_a1, hours="10")
    log = log_on(module_item, cast.teacher_a1, hours="2")
    study.study_log_update(log=log, by=cast.teacher_a1, date=TODAY, hours="5", description="Sửa")  # 15 of 15
    with pytest.raises(StudyError, match="chỉ còn 5 tiết"):
        study.study_log_update(log=log, by=cast.teacher_a1, date=TODAY, hours="5,5", description="Sửa")
    log.refresh_from_db()
    assert log.hours == Decimal("5")


def test_log_form_refuses_hours_beyond_the_plan_and_keeps_the_entry(cast, login, module_item):
    log_on(module_item, cast.teacher_a1, hours="10")
    response = login(cast.teacher_a1).post(
        reverse("study:study_log_add", args=[module_item.pk]),
        {"date": "2025-11-02", "hours": "6", "description": "Học phần cuối"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "chỉ còn 5 tiết" in body and "Học phần cuối" in body
    assert StudyLog.objects.count() == 1


# --- a double-submitted entry is recorded once ---------------------------------------------------------------


def _submit_token(page, *, required=True):
    import re

    match = re.search(r'name="submit_token" value="([0-9a-f-]+)"', page)
    assert match or not required, "the log form carries a one-time submission token"
    return match.group(1) if match else ""


def test_a_double_submitted_log_is_recorded_once(cast, login, module_item):
    client = login(cast.teacher_a1)
    url = reverse("study:study_log_add", args=[module_item.pk])
    # Whatever the page carries is sent twice, as a double click or a resent form does.
    token = _submit_token(client.get(url).content.decode(), required=False)
    data = {"date": "2025-11-02", "hours": "2", "description": "Học trên taphuan", "submit_token": token}

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    assert first.status_code == 302
    assert StudyLog.objects.count() == 1
    assert second.redirect_chain[-1][0] == reverse("study:study_log")
    assert "đã được ghi" in second.content.decode()


def test_each_new_form_gets_its_own_token(cast, login, module_item):
    client = login(cast.teacher_a1)
    url = reverse("study:study_log_add", args=[module_item.pk])
    for description in ["Buổi một", "Buổi hai"]:
        token = _submit_token(client.get(url).content.decode())
        data = {"date": "2025-11-02", "hours": "2", "description": description, "submit_token": token}
        assert client.post(url, data).status_code == 302
    assert StudyLog.objects.count() == 2


def test_a_reused_page_with_a_different_entry_still_records_it(cast, login, module_item):
    # The browser's Back button shows the old page with its used token: what is typed anew is a new entry.
    client = login(cast.teacher_a1)
    url = reverse("study:study_log_add", args=[module_item.pk])
    token = _submit_token(client.get(url).content.decode())
    client.post(url, {"date": "2025-11-02", "hours": "2", "description": "Buổi một", "submit_token": token})
    client.post(url, {"date": "2025-11-03", "hours": "1", "description": "Buổi hai", "submit_token": token})
    assert sorted(StudyLog.objects.values_list("description", flat=True)) == ["Buổi hai", "Buổi một"]


def test_the_service_records_one_entry_per_token(cast, module_item):
    import uuid

    token = uuid.uuid4()
    study.study_log_create(
        item=module_item, by=cast.teacher_a1, date=TODAY, hours="2", description="Một lần", token=token
    )
    with pytest.raises(study.AlreadyRecorded):
        study.study_log_create(
            item=module_item, by=cast.teacher_a1, date=TODAY, hours="2", description="Một lần", token=token
        )
    assert StudyLog.objects.count() == 1


def test_the_log_form_says_how_many_tiet_the_item_has_left(cast, login, module_item):
    log_on(module_item, cast.teacher_a1, hours="10")
    log_on(module_item, cast.teacher_a1, hours="2,5")
    page = login(cast.teacher_a1).get(reverse("study:study_log_add", args=[module_item.pk])).content.decode()
    assert "đã ghi 12,5 tiết, còn 2,5 tiết" in page


def test_an_item_logged_in_full_offers_no_more_logging(cast, login, module_item):
    log_on(module_item, cast.teacher_a1, hours="10")
    log_on(module_item, cast.teacher_a1, hours="5")
    page = login(cast.teacher_a1).get(reverse("study:study_log")).content.decode()
    assert reverse("study:study_log_add", args=[module_item.pk]) not in page
    assert 'data-testid="item-full"' in page

"""The personal plan workflow and its refusals, as the regulation and the issue state them."""

import datetime

import pytest

from plans import services
from plans.models import PlanStatus, PlanTransition
from plans.services import PlanError
from years.models import Deadline, DeadlineKind, DeadlineReopening

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast, year, topics):
    return services.plan_start(staff=cast.teacher_a1.staff, year=year, by=cast.teacher_a1)


def _fill(plan, user, modules, period="Tháng 10"):
    schedule = {item.pk: (period, "SELF") for item in plan.items.exclude(content=3)}
    return services.plan_save_items(
        plan=plan, by=user, content3=[(m, period, "SELF") for m in modules], schedule=schedule
    )


def _submitted(plan, cast, th_modules):
    _fill(plan, cast.teacher_a1, th_modules[:4])
    return services.plan_submit(plan=plan, by=cast.teacher_a1)


def test_start_copies_the_topics_published_for_the_teacher(plan):
    titles = sorted(item.title for item in plan.items.all())
    assert titles == ["Chuyên đề của Phòng", "Chuyên đề của Sở", "Nhiệm vụ năm học"]
    assert plan.status == PlanStatus.DRAFT


def test_submit_refused_until_content3_quota_reached(plan, cast, th_modules):
    _fill(plan, cast.teacher_a1, th_modules[:3])
    with pytest.raises(PlanError, match="45/60"):
        services.plan_submit(plan=plan, by=cast.teacher_a1)
    _fill(plan, cast.teacher_a1, th_modules[:4])
    assert services.plan_submit(plan=plan, by=cast.teacher_a1).status == PlanStatus.SUBMITTED


def test_module_of_another_level_is_refused(plan, cast, th_modules):
    from modules.models import Module

    thcs, _ = Module.objects.update_or_create(code="THCS1", defaults={"level": "THCS", "hours": 15})
    with pytest.raises(PlanError, match="THCS1"):
        _fill(plan, cast.teacher_a1, [*th_modules[:3], thcs])


def test_same_module_twice_is_refused(plan, cast, th_modules):
    with pytest.raises(PlanError, match="2 lần"):
        _fill(plan, cast.teacher_a1, [th_modules[0], th_modules[0], th_modules[1], th_modules[2]])


def test_missing_period_blocks_submission(plan, cast, th_modules):
    _fill(plan, cast.teacher_a1, th_modules[:4], period="")
    with pytest.raises(PlanError, match="thời gian thực hiện"):
        services.plan_submit(plan=plan, by=cast.teacher_a1)


def test_exempt_teacher_may_submit_without_content3(plan, cast):
    services.plan_set_exemption(plan=plan, by=cast.principal_a1, exempt=True, reason="Học lớp tiếng Anh của Sở")
    _fill(plan, cast.teacher_a1, [])
    assert services.plan_submit(plan=plan, by=cast.teacher_a1).status == PlanStatus.SUBMITTED


def test_exemption_needs_a_reason_and_the_manager(plan, cast):
    with pytest.raises(PlanError, match="lý do"):
        services.plan_set_exemption(plan=plan, by=cast.principal_a1, exempt=True, reason=" ")
    with pytest.raises(PlanError):
        services.plan_set_exemption(plan=plan, by=cast.teacher_a1, exempt=True, reason="x")


def test_full_loop_return_fix_resubmit_approve(plan, cast, th_modules):
    _submitted(plan, cast, th_modules)
    services.plan_return(plan=plan, by=cast.principal_a1, comment="Thêm mô đun TH5")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED and plan.returned_snapshot
    _fill(plan, cast.teacher_a1, [*th_modules[:3], th_modules[4]])
    services.plan_submit(plan=plan, by=cast.teacher_a1)
    services.plan_approve(plan=plan, by=cast.principal_a1)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    actions = list(PlanTransition.objects.filter(plan=plan).values_list("action", flat=True))
    assert actions == ["created", "submitted", "returned", "submitted", "approved"]


def test_approving_a_draft_is_refused(plan, cast):
    with pytest.raises(PlanError, match="đang soạn"):
        services.plan_approve(plan=plan, by=cast.principal_a1)


def test_double_approval_is_a_clear_error_not_a_second_change(plan, cast, th_modules):
    _submitted(plan, cast, th_modules)
    services.plan_approve(plan=plan, by=cast.principal_a1)
    with pytest.raises(PlanError, match="đã phê duyệt"):
        services.plan_approve(plan=plan, by=cast.principal_a1)
    assert PlanTransition.objects.filter(plan=plan, action="approved").count() == 1


def test_editing_an_approved_plan_is_refused(plan, cast, th_modules):
    _submitted(plan, cast, th_modules)
    services.plan_approve(plan=plan, by=cast.principal_a1)
    with pytest.raises(PlanError, match="không thể sửa"):
        _fill(plan, cast.teacher_a1, th_modules[:4])


def test_return_needs_a_comment(plan, cast, th_modules):
    _submitted(plan, cast, th_modules)
    with pytest.raises(PlanError, match="lý do"):
        services.plan_return(plan=plan, by=cast.principal_a1, comment="")


def test_only_the_schools_manager_decides(plan, cast, th_modules):
    _submitted(plan, cast, th_modules)
    for outsider in (cast.teacher_a1, cast.group_head_a1, cast.phong_a_officer):
        with pytest.raises(PlanError, match="lãnh đạo nhà trường"):
            services.plan_approve(plan=plan, by=outsider)


def test_manager_cannot_approve_own_plan(cast, year, topics):
    own = services.plan_start(staff=cast.principal_a1.staff, year=year, by=cast.principal_a1)
    with pytest.raises(PlanError):
        services.plan_approve(plan=own, by=cast.principal_a1)


def test_withdraw_only_while_nobody_acted(plan, cast, th_modules):
    _submitted(plan, cast, th_modules)
    assert services.plan_withdraw(plan=plan, by=cast.teacher_a1).status == PlanStatus.DRAFT
    services.plan_submit(plan=plan, by=cast.teacher_a1)
    services.plan_approve(plan=plan, by=cast.principal_a1)
    with pytest.raises(PlanError, match="không thể rút lại"):
        services.plan_withdraw(plan=plan, by=cast.teacher_a1)


def test_reopen_needs_reason_and_returns_plan_to_teacher(plan, cast, th_modules):
    _submitted(plan, cast, th_modules)
    services.plan_approve(plan=plan, by=cast.principal_a1)
    with pytest.raises(PlanError, match="lý do"):
        services.plan_reopen(plan=plan, by=cast.principal_a1, reason="")
    with pytest.raises(PlanError):
        services.plan_reopen(plan=plan, by=cast.teacher_a1, reason="Muốn sửa")
    assert services.plan_reopen(plan=plan, by=cast.principal_a1, reason="Đổi mô đun").status == PlanStatus.RETURNED


def test_submission_after_deadline_is_refused_unless_reopened(plan, cast, th_modules, year):
    _fill(plan, cast.teacher_a1, th_modules[:4])
    deadline = Deadline.objects.create(
        year=year, kind=DeadlineKind.PLAN_SUBMIT, unit=cast.so, due_date=datetime.date(2000, 1, 1)
    )
    with pytest.raises(PlanError, match="quá hạn"):
        services.plan_submit(plan=plan, by=cast.teacher_a1)
    DeadlineReopening.objects.create(
        deadline=deadline,
        school=cast.school_a1,
        until=datetime.date(2100, 1, 1),
        reason="Ốm",
        granted_by=cast.so_officer,
    )
    assert services.plan_submit(plan=plan, by=cast.teacher_a1).status == PlanStatus.SUBMITTED


def test_approval_after_deadline_is_refused(plan, cast, th_modules, year):
    _submitted(plan, cast, th_modules)
    Deadline.objects.create(
        year=year, kind=DeadlineKind.PLAN_APPROVE, unit=cast.phong_a, due_date=datetime.date(2000, 1, 1)
    )
    with pytest.raises(PlanError, match="quá hạn"):
        services.plan_approve(plan=plan, by=cast.principal_a1)


def test_stale_version_is_a_conflict(plan, cast, th_modules):
    stale = plan.version
    _fill(plan, cast.teacher_a1, th_modules[:4])
    with pytest.raises(PlanError, match="thay đổi ở nơi khác"):
        services.plan_save_items(plan=plan, by=cast.teacher_a1, content3=[], schedule={}, expected_version=stale)


def test_batch_approve_skips_what_it_cannot_approve(cast, year, topics, th_modules):
    from accounts.models import Role
    from tests.factories import StaffFactory, UserFactory

    plans = []
    for index in range(3):
        staff = StaffFactory(unit=cast.school_a1, level="TH")
        user = UserFactory(role=Role.TEACHER, unit=cast.school_a1, staff=staff)
        plan = services.plan_start(staff=staff, year=year, by=user)
        _fill(plan, user, th_modules[:4])
        if index < 2:
            services.plan_submit(plan=plan, by=user)
        plans.append(plan)
    approved, skipped = services.plan_batch_approve(plans=plans, by=cast.principal_a1)
    assert len(approved) == 2 and len(skipped) == 1
    assert "đang soạn" in skipped[0][1]


def test_resubmission_shows_what_changed(plan, cast, th_modules):
    from plans.rules import plan_changes

    _submitted(plan, cast, th_modules)
    services.plan_return(plan=plan, by=cast.principal_a1, comment="Đổi TH4")
    plan.refresh_from_db()
    _fill(plan, cast.teacher_a1, [*th_modules[:3], th_modules[5]], period="Tháng 11")
    added, removed, changed = plan_changes(plan.returned_snapshot, plan.items.select_related("module", "topic"))
    assert added == ["TH6 — Mô đun tiểu học 6"]
    assert removed == ["TH4 — Mô đun tiểu học 4"]
    assert ("TH1 — Mô đun tiểu học 1", "thời gian", "Tháng 10", "Tháng 11") in changed


def test_local_module_of_another_province_is_refused(plan, cast, th_modules):
    from modules.models import Module

    foreign = Module.objects.create(code="ZTH1", level="TH", title="Mô đun của tỉnh Z", owner=cast.so_z)
    with pytest.raises(PlanError, match="Sở khác"):
        _fill(plan, cast.teacher_a1, [*th_modules[:3], foreign])


def test_managers_only_module_is_refused_to_a_teacher(plan, cast, th_modules):
    from modules.models import Module

    managers = Module.objects.create(code="CBQL-TH1", level="TH", title="Quản trị nhà trường", audience="CBQL")
    with pytest.raises(PlanError, match="cán bộ quản lý"):
        _fill(plan, cast.teacher_a1, [*th_modules[:3], managers])


def test_topics_published_later_reach_draft_plans_but_not_approved_ones(plan, cast, year, topics, th_modules):
    from modules.models import Topic

    late = Topic.objects.create(
        year=year, publisher=cast.phong_a, content=2, level="TH", title="Chuyên đề mới", hours=5
    )
    services.plan_sync_topics(plan=plan)
    assert plan.items.filter(topic=late).exists()
    late.hours = 8
    late.save()
    services.plan_sync_topics(plan=plan)
    assert plan.items.get(topic=late).hours == 8
    _fill(plan, cast.teacher_a1, th_modules[:4])
    services.plan_submit(plan=plan, by=cast.teacher_a1)
    services.plan_approve(plan=plan, by=cast.principal_a1)
    Topic.objects.create(year=year, publisher=cast.so, content=1, level="TH", title="Sau phê duyệt", hours=5)
    services.plan_sync_topics(plan=plan)
    assert not plan.items.filter(topic__title="Sau phê duyệt").exists()


def test_reopened_plan_keeps_its_study_logs(plan, cast, th_modules):
    from study.models import StudyLog

    _submitted(plan, cast, th_modules)
    services.plan_approve(plan=plan, by=cast.principal_a1)
    item = plan.items.get(module=th_modules[0])
    StudyLog.objects.create(item=item, date=datetime.date(2025, 9, 20), hours=2, description="Đọc tài liệu")
    services.plan_reopen(plan=plan, by=cast.principal_a1, reason="Đổi mô đun TH4")
    with pytest.raises(PlanError, match="TH1"):
        _fill(plan, cast.teacher_a1, th_modules[1:5])
    _fill(plan, cast.teacher_a1, [*th_modules[:3], th_modules[4]], period="Tháng 12")
    item.refresh_from_db()
    assert item.period == "Tháng 12"
    assert StudyLog.objects.filter(item=item).count() == 1


def test_managers_plans_are_approved_by_the_superior_unit(cast, year, topics, th_modules):
    own = services.plan_start(staff=cast.principal_a1.staff, year=year, by=cast.principal_a1)
    schedule = {item.pk: ("Tháng 10", "SELF") for item in own.items.all()}
    services.plan_save_items(
        plan=own, by=cast.principal_a1, content3=[(m, "Tháng 10", "SELF") for m in th_modules[:4]], schedule=schedule
    )
    services.plan_submit(plan=own, by=cast.principal_a1)
    for outsider in (cast.principal_a1, cast.phong_b_officer, cast.so_officer):
        with pytest.raises(PlanError):
            services.plan_approve(plan=own, by=outsider)
    assert services.plan_approve(plan=own, by=cast.phong_a_officer).status == PlanStatus.APPROVED


def test_batch_approval_query_count_does_not_grow_with_the_batch(cast, year, topics, th_modules):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Role
    from tests.factories import StaffFactory, UserFactory

    def submitted(count):
        plans = []
        for _ in range(count):
            staff = StaffFactory(unit=cast.school_a1, level="TH")
            user = UserFactory(role=Role.TEACHER, unit=cast.school_a1, staff=staff)
            plan = services.plan_start(staff=staff, year=year, by=user)
            _fill(plan, user, th_modules[:4])
            plans.append(services.plan_submit(plan=plan, by=user))
        return plans

    small, large = submitted(3), submitted(30)
    with CaptureQueriesContext(connection) as few:
        services.plan_batch_approve(plans=small, by=cast.principal_a1)
    with CaptureQueriesContext(connection) as many:
        approved, skipped = services.plan_batch_approve(plans=large, by=cast.principal_a1)
    assert len(approved) == 30 and not skipped
    assert len(many.captured_queries) <= len(few.captured_queries) + 2
    assert PlanTransition.objects.filter(plan__in=large, action="approved").count() == 30


def test_reopening_drops_the_year_result_and_is_refused_once_results_are_confirmed(plan, cast, th_modules):
    from assessment.models import SchoolConfirmation, YearResult
    from assessment.services import year_result_recompute

    _submitted(plan, cast, th_modules)
    services.plan_approve(plan=plan, by=cast.principal_a1)
    year_result_recompute(plan=plan)
    assert YearResult.objects.filter(plan=plan).exists()
    SchoolConfirmation.objects.create(school=cast.school_a1, year=plan.year, is_locked=True)
    with pytest.raises(PlanError, match="đã được xác nhận"):
        services.plan_reopen(plan=plan, by=cast.principal_a1, reason="Đổi mô đun")
    SchoolConfirmation.objects.filter(school=cast.school_a1).update(is_locked=False)
    services.plan_reopen(plan=plan, by=cast.principal_a1, reason="Đổi mô đun")
    assert not YearResult.objects.filter(plan=plan).exists()


def test_content3_over_the_quota_is_a_problem_only_when_a_module_could_be_dropped():
    from plans import rules

    assert rules.content3_surplus([15, 15, 15, 15, 15], 60) == 15
    assert rules.content3_surplus([15, 15, 15, 20], 60) == 0  # the nearest 60 a plan of these modules can get
    assert rules.content3_surplus([15, 15, 15, 15], 60) == 0
    assert rules.content3_surplus([], 60) == 0
    assert [rules.quota_state(have, 60) for have in (45, 60, 75)] == ["under", "ok", "over"]

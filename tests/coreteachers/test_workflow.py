"""The support plan and report workflow: submit, return with a comment, resubmit, approve; guards."""

import pytest

from accounts.models import Role
from coreteachers import services
from coreteachers.models import Status, Subject, SupportPlan, Transition
from tests.factories import StaffFactory, UserFactory

from .conftest import make_plan

pytestmark = pytest.mark.django_db


def actions(designation, kind):
    return list(
        Transition.objects.filter(designation=designation, kind=kind)
        .order_by("at", "id")
        .values_list("action", "from_status", "to_status")
    )


def test_plan_goes_round_submit_return_resubmit_approve(cast, designation, draft_plan):
    teacher, principal = cast.teacher_a1, cast.principal_a1
    plan = services.support_plan_submit(plan=draft_plan, by=teacher)
    assert plan.status == Status.SUBMITTED and plan.submitted_at is not None

    with pytest.raises(services.CoreTeacherError, match="lý do trả lại"):
        services.support_plan_return(plan=plan, by=principal, comment=" ")
    plan = services.support_plan_return(plan=plan, by=principal, comment="Ghi rõ lịch dự giờ")
    assert (plan.status, plan.decided_by) == (Status.RETURNED, principal)

    plan = services.support_plan_save(
        designation=designation,
        by=teacher,
        goals=plan.goals,
        activities=plan.activities,
        schedule="Dự giờ chiều thứ Năm hằng tuần",
        colleagues=[cast.teacher_a1_other_group.staff],
        expected_version=plan.version,
    )
    plan = services.support_plan_submit(plan=plan, by=teacher)
    plan = services.support_plan_approve(plan=plan, by=principal, comment="Đồng ý")
    plan.refresh_from_db()
    assert (plan.status, plan.decided_by, plan.schedule) == (
        Status.APPROVED,
        principal,
        "Dự giờ chiều thứ Năm hằng tuần",
    )
    assert actions(designation, Transition.Kind.PLAN) == [
        ("created", "DRAFT", "DRAFT"),
        ("submitted", "DRAFT", "SUBMITTED"),
        ("returned", "SUBMITTED", "RETURNED"),
        ("submitted", "RETURNED", "SUBMITTED"),
        ("approved", "SUBMITTED", "APPROVED"),
    ]
    returned = Transition.objects.get(designation=designation, action="returned")
    assert (returned.by, returned.comment) == (principal, "Ghi rõ lịch dự giờ")


def test_a_draft_cannot_be_approved_or_returned(cast, draft_plan):
    with pytest.raises(services.CoreTeacherError, match="đang soạn.*phê duyệt"):
        services.support_plan_approve(plan=draft_plan, by=cast.principal_a1)
    with pytest.raises(services.CoreTeacherError, match="trả lại"):
        services.support_plan_return(plan=draft_plan, by=cast.principal_a1, comment="Sửa")
    draft_plan.refresh_from_db()
    assert draft_plan.status == Status.DRAFT


def test_double_approval_is_a_clear_error_not_a_second_change(cast, draft_plan):
    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    services.support_plan_approve(plan=draft_plan, by=cast.principal_a1)
    with pytest.raises(services.CoreTeacherError, match="đã phê duyệt"):
        services.support_plan_approve(plan=draft_plan, by=cast.principal_a1)
    with pytest.raises(services.CoreTeacherError, match="đã nộp|đã phê duyệt"):
        services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    assert Transition.objects.filter(action="approved").count() == 1


def test_only_the_principal_of_the_school_approves(cast, draft_plan):
    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    principal_a2 = UserFactory(
        username="ht_a2", role=Role.SCHOOL_MANAGER, unit=cast.school_a2, staff=StaffFactory(unit=cast.school_a2)
    )
    for user in (cast.teacher_a1, cast.group_head_a1, cast.teacher_a2, principal_a2, cast.phong_a_officer):
        with pytest.raises(services.CoreTeacherError):
            services.support_plan_approve(plan=draft_plan, by=user)
    with pytest.raises(services.CoreTeacherError, match="không tự phê duyệt"):
        services.support_plan_approve(plan=draft_plan, by=cast.teacher_a1)
    draft_plan.refresh_from_db()
    assert draft_plan.status == Status.SUBMITTED


def test_a_principal_who_is_core_teacher_cannot_approve_their_own_plan(cast, year):
    principal = cast.principal_a1
    designation = services.designation_create(
        staff=principal.staff, year=year, subject=Subject.QUAN_LY, by=cast.phong_a_officer
    )
    plan = make_plan(designation, principal, [cast.teacher_a1.staff])
    services.support_plan_submit(plan=plan, by=principal)
    with pytest.raises(services.CoreTeacherError, match="không tự phê duyệt"):
        services.support_plan_approve(plan=plan, by=principal)
    deputy = UserFactory(
        username="pht_a1", role=Role.SCHOOL_MANAGER, unit=cast.school_a1, staff=StaffFactory(unit=cast.school_a1)
    )
    assert services.support_plan_approve(plan=plan, by=deputy).status == Status.APPROVED


def test_only_the_core_teacher_writes_and_submits(cast, designation, draft_plan):
    with pytest.raises(services.CoreTeacherError, match="Chỉ giáo viên cốt cán"):
        make_plan(designation, cast.principal_a1)
    with pytest.raises(services.CoreTeacherError, match="Chỉ giáo viên cốt cán"):
        services.support_plan_submit(plan=draft_plan, by=cast.principal_a1)


def test_submission_lists_what_is_missing(cast, designation):
    plan = services.support_plan_save(designation=designation, by=cast.teacher_a1, goals="", activities="  \n ")
    with pytest.raises(services.CoreTeacherError) as error:
        services.support_plan_submit(plan=plan, by=cast.teacher_a1)
    message = str(error.value)
    for expected in ("mục tiêu", "hoạt động", "thời gian", "đồng nghiệp"):
        assert expected in message
    assert SupportPlan.objects.get().status == Status.DRAFT


def test_other_targets_are_enough_without_colleagues_of_the_school(cast, designation):
    plan = services.support_plan_save(
        designation=designation,
        by=cast.teacher_a1,
        goals="Hỗ trợ trường bạn",
        activities="Chuyên đề cụm trường",
        schedule="Học kỳ I",
        other_targets="Tổ 1-2-3 Trường Tiểu học A2",
    )
    assert services.support_plan_submit(plan=plan, by=cast.teacher_a1).status == Status.SUBMITTED


def test_colleagues_must_be_of_the_same_school_and_not_oneself(cast, designation):
    for wrong in (cast.teacher_a2.staff, cast.teacher_a1.staff):
        with pytest.raises(services.CoreTeacherError, match="cùng trường"):
            make_plan(designation, cast.teacher_a1, [wrong])
    assert not SupportPlan.objects.exists()


def test_a_stale_edit_is_refused(cast, designation, draft_plan):
    stale = draft_plan.version
    make_plan(designation, cast.teacher_a1)
    with pytest.raises(services.CoreTeacherError, match="thay đổi ở nơi khác"):
        services.support_plan_save(
            designation=designation, by=cast.teacher_a1, goals="x", activities="y", expected_version=stale
        )


def test_submitted_plan_is_not_editable_until_withdrawn(cast, designation, draft_plan):
    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    with pytest.raises(services.CoreTeacherError, match="sửa"):
        make_plan(designation, cast.teacher_a1)
    plan = services.support_plan_withdraw(plan=draft_plan, by=cast.teacher_a1)
    assert plan.status == Status.DRAFT
    make_plan(designation, cast.teacher_a1)


def test_withdrawing_after_a_return_goes_back_to_returned(cast, draft_plan):
    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    services.support_plan_return(plan=draft_plan, by=cast.principal_a1, comment="Sửa lịch")
    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    assert services.support_plan_withdraw(plan=draft_plan, by=cast.teacher_a1).status == Status.RETURNED


def test_revoked_designation_freezes_the_plan(cast, designation, draft_plan):
    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    services.designation_revoke(designation=designation, by=cast.principal_a1, reason="Nghỉ hưu")
    with pytest.raises(services.CoreTeacherError, match="đã bị thôi"):
        services.support_plan_approve(plan=draft_plan, by=cast.principal_a1)
    with pytest.raises(services.CoreTeacherError, match="đã bị thôi"):
        make_plan(designation, cast.teacher_a1)


def test_report_needs_an_approved_plan(cast, designation, draft_plan):
    with pytest.raises(services.CoreTeacherError, match="chưa được phê duyệt"):
        services.support_report_save(designation=designation, by=cast.teacher_a1, summary="Đã dự 8 tiết")


def test_report_goes_round_and_blocks_reopening_the_plan(cast, designation, approved_plan):
    teacher, principal = cast.teacher_a1, cast.principal_a1
    report = services.support_report_save(designation=designation, by=teacher, summary="")
    with pytest.raises(services.CoreTeacherError) as error:
        services.support_report_submit(report=report, by=teacher)
    assert "kết quả" in str(error.value) and "số buổi" in str(error.value)

    report = services.support_report_save(
        designation=designation,
        by=teacher,
        summary="Dự 8 tiết, tổ chức 2 chuyên đề.",
        sessions_held=4,
        colleagues_supported=3,
        evidence="Biên bản sinh hoạt tổ\nhttps://example.edu.vn/minh-chung",
        expected_version=report.version,
    )
    report = services.support_report_submit(report=report, by=teacher)
    with pytest.raises(services.CoreTeacherError, match="không tự phê duyệt"):
        services.support_report_approve(report=report, by=teacher)
    report = services.support_report_return(report=report, by=principal, comment="Thiếu biên bản dự giờ")
    assert report.status == Status.RETURNED
    report = services.support_report_submit(report=report, by=teacher)

    # The plan cannot be reopened under a report waiting for approval.
    with pytest.raises(services.CoreTeacherError, match="Báo cáo hỗ trợ đã nộp"):
        services.support_plan_reopen(plan=approved_plan, by=principal, reason="Sửa kế hoạch")

    report = services.support_report_approve(report=report, by=principal)
    report.refresh_from_db()
    assert (report.status, report.sessions_held, report.colleagues_supported) == (Status.APPROVED, 4, 3)
    assert report.evidence_list == ["Biên bản sinh hoạt tổ", "https://example.edu.vn/minh-chung"]
    assert [action for action, _f, _t in actions(designation, Transition.Kind.REPORT)] == [
        "created",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]

    report = services.support_report_reopen(report=report, by=principal, reason="Bổ sung minh chứng")
    assert report.status == Status.RETURNED


def test_reopened_plan_goes_back_to_the_teacher(cast, designation, approved_plan):
    with pytest.raises(services.CoreTeacherError, match="lý do mở lại"):
        services.support_plan_reopen(plan=approved_plan, by=cast.principal_a1, reason="")
    plan = services.support_plan_reopen(plan=approved_plan, by=cast.principal_a1, reason="Đổi đồng nghiệp")
    assert plan.status == Status.RETURNED
    make_plan(designation, cast.teacher_a1)


def test_negative_numbers_are_refused(cast, designation, approved_plan):
    with pytest.raises(services.CoreTeacherError, match="âm"):
        services.support_report_save(designation=designation, by=cast.teacher_a1, summary="x", sessions_held=-1)

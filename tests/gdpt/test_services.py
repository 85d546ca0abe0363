"""Campaign and review services: flagging, corrections, submission, and the lock after the closing date."""

import datetime

import pytest

from accounts.models import Level, Position
from gdpt import selectors, services
from gdpt.models import Campaign, LmsStatus, Reason, ReviewEntry, ReviewEvent, ReviewStatus, SchoolReview
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def flag(cast, campaign, staff, reason=Reason.MATERNITY, note="", **extra):
    return services.review_entry_save(
        user=cast.principal_a1,
        campaign=campaign,
        school=cast.school_a1,
        staff=staff,
        reason=reason,
        reason_note=note,
        **extra,
    )


# ---------------------------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------------------------


def test_department_officer_opens_a_campaign(cast, gdpt_modules, today):
    campaign = services.campaign_create(
        user=cast.so_officer,
        department=cast.so,
        module=gdpt_modules[1],
        title="  Rà soát mô đun 1 ",
        closing_date=today,
    )
    assert (campaign.department, campaign.module.code, campaign.title) == (cast.so, "MĐ1", "Rà soát mô đun 1")


@pytest.mark.parametrize("who", ["phong_a_officer", "principal_a1", "so_z_officer"])
def test_others_cannot_open_a_campaign_for_the_department(cast, gdpt_modules, today, who):
    with pytest.raises(services.GdptError):
        services.campaign_create(
            user=getattr(cast, who), department=cast.so, module=gdpt_modules[1], title="X", closing_date=today
        )
    assert not Campaign.objects.exists()


def test_campaign_refuses_a_past_closing_date_and_a_non_gdpt_module(cast, gdpt_modules, today):
    with pytest.raises(services.GdptError, match="Hạn chót không được trước hôm nay"):
        services.campaign_create(
            user=cast.so_officer,
            department=cast.so,
            module=gdpt_modules[1],
            title="X",
            closing_date=today - datetime.timedelta(days=1),
        )
    from modules.models import Module

    other, _ = Module.objects.update_or_create(code="TH1", defaults={"level": "TH"})
    with pytest.raises(services.GdptError, match="mô đun GDPT 2018"):
        services.campaign_create(user=cast.so_officer, department=cast.so, module=other, title="X", closing_date=today)
    assert not Campaign.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# Flagging and corrections
# ---------------------------------------------------------------------------------------------------------------


def test_school_flags_a_person_with_a_reason_before_closing(cast, campaign, set_status):
    teacher = cast.teacher_a1.staff
    set_status(teacher, LmsStatus.ENROLLED)
    entry = flag(cast, campaign, teacher, Reason.SICK_LEAVE)
    assert (entry.reason, entry.updated_by) == (Reason.SICK_LEAVE, cast.principal_a1)
    review = SchoolReview.objects.get(campaign=campaign, school=cast.school_a1)
    assert review.status == ReviewStatus.DRAFT
    event = ReviewEvent.objects.get(review=review)
    assert (event.action, event.staff, event.actor) == ("ENTRY_SAVED", teacher, cast.principal_a1)
    assert "Nghỉ ốm dài ngày" in event.detail


def test_a_person_without_any_lms_row_can_be_flagged(cast, campaign):
    entry = flag(cast, campaign, cast.teacher_a1.staff, Reason.NEWLY_HIRED)
    assert entry.reason == Reason.NEWLY_HIRED


def test_other_needs_a_note_and_a_note_needs_a_reason(cast, campaign):
    with pytest.raises(services.GdptError, match="Lý do “Khác” cần ghi rõ lý do."):
        flag(cast, campaign, cast.teacher_a1.staff, Reason.OTHER)
    with pytest.raises(services.GdptError, match="Hãy chọn lý do"):
        flag(cast, campaign, cast.teacher_a1.staff, "", note="đi học")
    entry = flag(cast, campaign, cast.teacher_a1.staff, Reason.OTHER, note="Đi học thạc sĩ")
    assert entry.reason_text == "Khác: Đi học thạc sĩ"


def test_a_person_who_completed_cannot_be_flagged_but_can_ask_for_a_correction(cast, campaign, set_status):
    teacher = cast.teacher_a1.staff
    set_status(teacher, LmsStatus.PASSED)
    with pytest.raises(services.GdptError, match="đã “Đạt” mô đun này trên LMS"):
        flag(cast, campaign, teacher, Reason.MATERNITY)
    assert not ReviewEntry.objects.exists()
    entry = flag(
        cast,
        campaign,
        teacher,
        "",
        corrected_full_name="Nguyễn  Văn   Ân",
        corrected_birth_date=datetime.date(1985, 3, 2),
        corrected_birth_place="Bình Phước",
    )
    assert (entry.corrected_full_name, entry.corrected_birth_date, entry.corrected_birth_place) == (
        "Nguyễn Văn Ân",
        datetime.date(1985, 3, 2),
        "Bình Phước",
    )
    assert entry.has_correction


def test_blank_values_clear_the_entry(cast, campaign):
    flag(cast, campaign, cast.teacher_a1.staff, Reason.MATERNITY)
    assert flag(cast, campaign, cast.teacher_a1.staff, "") is None
    assert not ReviewEntry.objects.exists()
    assert ReviewEvent.objects.filter(action="ENTRY_CLEARED").count() == 1


def test_only_the_schools_own_people_and_managers(cast, campaign):
    with pytest.raises(services.GdptError, match="không có trong danh sách rà soát"):
        flag(cast, campaign, cast.teacher_a2.staff)  # a teacher of school A2
    inactive = StaffFactory(unit=cast.school_a1, level=Level.TH, is_active=False)
    preschool = StaffFactory(unit=cast.school_a1, level=Level.MN)
    for person in (inactive, preschool):
        with pytest.raises(services.GdptError):
            flag(cast, campaign, person)
    for user in (cast.phong_a_officer, cast.so_officer, cast.teacher_a1, cast.group_head_a1):
        with pytest.raises(services.GdptError, match="Chỉ lãnh đạo nhà trường"):
            services.review_entry_save(
                user=user, campaign=campaign, school=cast.school_a1, staff=cast.teacher_a1.staff, reason="MATERNITY"
            )
    assert not ReviewEntry.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# The lock
# ---------------------------------------------------------------------------------------------------------------


def test_editing_is_allowed_on_the_closing_date_itself(cast, campaign, freeze_today):
    freeze_today(campaign.closing_date)
    assert flag(cast, campaign, cast.teacher_a1.staff).reason == Reason.MATERNITY


def test_after_the_closing_date_every_edit_is_refused(cast, campaign, freeze_today, set_status):
    set_status(cast.group_head_a1.staff, LmsStatus.ENROLLED)
    flag(cast, campaign, cast.group_head_a1.staff, Reason.TRANSFERRED)
    before = list(ReviewEntry.objects.values_list("staff_id", "reason"))
    campaign.closing_date = datetime.date(2021, 3, 30)
    campaign.save()
    freeze_today(datetime.date(2021, 3, 31))
    message = "Đợt rà soát đã khoá từ ngày 31/03/2021 (hạn chót 30/03/2021) nên không sửa được nữa."
    with pytest.raises(services.CampaignLockedError) as caught:
        flag(cast, campaign, cast.teacher_a1.staff, Reason.MATERNITY)
    assert str(caught.value) == message
    with pytest.raises(services.CampaignLockedError, match="đã khoá từ ngày 31/03/2021"):
        flag(cast, campaign, cast.group_head_a1.staff, "")  # clearing is an edit too
    with pytest.raises(services.CampaignLockedError):
        services.review_submit(user=cast.principal_a1, campaign=campaign, school=cast.school_a1)
    assert list(ReviewEntry.objects.values_list("staff_id", "reason")) == before
    assert SchoolReview.objects.get().status == ReviewStatus.DRAFT
    assert services.campaign_is_locked(campaign=campaign)


def test_the_lock_reads_the_closing_date_from_the_database(cast, campaign, freeze_today):
    """A stale campaign object (a page loaded before the Sở moved the date) does not get around the lock."""
    stale = Campaign.objects.get(pk=campaign.pk)
    Campaign.objects.filter(pk=campaign.pk).update(closing_date=services.today() - datetime.timedelta(days=1))
    with pytest.raises(services.CampaignLockedError):
        flag(cast, stale, cast.teacher_a1.staff)


def test_moving_the_closing_date_later_reopens_the_campaign(cast, campaign, freeze_today):
    freeze_today(campaign.closing_date + datetime.timedelta(days=3))
    with pytest.raises(services.CampaignLockedError):
        flag(cast, campaign, cast.teacher_a1.staff)
    services.campaign_update(
        user=cast.so_officer,
        campaign=campaign,
        title=campaign.title,
        closing_date=campaign.closing_date + datetime.timedelta(days=7),
    )
    assert flag(cast, campaign, cast.teacher_a1.staff).reason == Reason.MATERNITY
    with pytest.raises(services.GdptError):
        services.campaign_update(
            user=cast.phong_a_officer, campaign=campaign, title="X", closing_date=campaign.closing_date
        )


# ---------------------------------------------------------------------------------------------------------------
# Submission
# ---------------------------------------------------------------------------------------------------------------


def test_submission_needs_a_reason_for_everyone_not_completed(cast, campaign, set_status):
    a1 = [cast.principal_a1.staff, cast.group_head_a1.staff, cast.teacher_a1.staff, cast.teacher_a1_other_group.staff]
    set_status(a1[0], LmsStatus.PASSED)
    set_status(a1[1], LmsStatus.COMPLETED)
    set_status(a1[2], LmsStatus.ENROLLED)  # not completed
    # a1[3] has no LMS row: not completed either
    with pytest.raises(services.GdptError, match="Nguyễn Văn An, Trần Thị Bình"):
        services.review_submit(user=cast.principal_a1, campaign=campaign, school=cast.school_a1)
    flag(cast, campaign, a1[2], Reason.MATERNITY)
    flag(cast, campaign, a1[3], Reason.NEWLY_HIRED)
    review = services.review_submit(user=cast.principal_a1, campaign=campaign, school=cast.school_a1)
    assert (review.status, review.submitted_to, review.submitted_by) == (
        ReviewStatus.SUBMITTED,
        cast.phong_a,
        cast.principal_a1,
    )
    event = review.events.get(action="SUBMITTED")
    assert (event.from_status, event.to_status) == ("DRAFT", "SUBMITTED")

    # Submitted: editing and submitting again are refused until the review is taken back.
    with pytest.raises(services.GdptError, match="Rút lại để sửa"):
        flag(cast, campaign, a1[2], Reason.SICK_LEAVE)
    with pytest.raises(services.GdptError):
        services.review_submit(user=cast.principal_a1, campaign=campaign, school=cast.school_a1)
    with pytest.raises(services.GdptError):
        services.review_reopen(user=cast.phong_b_officer, campaign=campaign, school=cast.school_a1)
    services.review_reopen(user=cast.phong_a_officer, campaign=campaign, school=cast.school_a1, comment="Sửa lý do")
    assert flag(cast, campaign, a1[2], Reason.SICK_LEAVE).reason == Reason.SICK_LEAVE


def test_an_upper_secondary_school_sends_to_the_department(cast, campaign):
    principal = StaffFactory(unit=cast.school_t1, level=Level.THPT, position=Position.PRINCIPAL)
    from tests.factories import UserFactory

    user = UserFactory(role="SCHOOL_MANAGER", unit=cast.school_t1, staff=principal)
    for person in (principal, cast.teacher_t1.staff):
        services.review_entry_save(
            user=user, campaign=campaign, school=cast.school_t1, staff=person, reason=Reason.TRANSFERRED
        )
    review = services.review_submit(user=user, campaign=campaign, school=cast.school_t1)
    assert review.submitted_to == cast.so


def test_reopening_after_the_closing_date_is_refused(cast, campaign, freeze_today):
    for person in selectors.missing_reasons(campaign=campaign, school=cast.school_a1, review=None):
        flag(cast, campaign, person, Reason.MATERNITY)
    services.review_submit(user=cast.principal_a1, campaign=campaign, school=cast.school_a1)
    freeze_today(campaign.closing_date + datetime.timedelta(days=1))
    with pytest.raises(services.CampaignLockedError):
        services.review_reopen(user=cast.principal_a1, campaign=campaign, school=cast.school_a1)
    assert SchoolReview.objects.get().status == ReviewStatus.SUBMITTED

"""Locking a school's results is guarded: the page lists who is incomplete (no approved plan, marks missing,
planned tiết not all confirmed in a year that requires them), and going ahead with gaps needs a reason, recorded
with the confirmation and in the audit log."""

import pytest
from django.urls import reverse

from assessment import selectors, services
from assessment.models import ConfirmationEvent
from audit.models import AuditEntry
from tests.factories import GAP_REASON, StaffFactory

from .test_services import _save, pairs_row

pytestmark = pytest.mark.django_db


def test_the_gaps_name_who_is_incomplete(cast, year, plans):
    _save(cast.group_head_a1, year, pairs_row(plans["teacher"]))
    gaps = selectors.confirmation_gaps(school=cast.school_a1, year=year)
    assert set(gaps.missing_marks) == {cast.teacher_a1_other_group.staff, cast.group_head_a1.staff}
    assert cast.teacher_a1.staff not in gaps.missing_marks and gaps.hours_short == []  # hours not required


def test_confirming_with_gaps_needs_a_reason_which_is_recorded(cast, year, plans):
    with pytest.raises(services.AssessmentError, match="ghi lý do"):
        services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1)
    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason="Hết hạn 20/5")
    assert ConfirmationEvent.objects.get(action="CONFIRM").comment == "Hết hạn 20/5"
    assert AuditEntry.objects.get(action__endswith="confirmed").reason == "Hết hạn 20/5"


def test_a_year_that_requires_the_hours_counts_them_as_a_gap(cast, year, plans):
    year.hours_required = True
    year.save()
    _save(cast.group_head_a1, year, pairs_row(plans["teacher"]))
    gaps = selectors.confirmation_gaps(school=cast.school_a1, year=year)
    assert cast.teacher_a1.staff in gaps.hours_short and cast.teacher_a1.staff not in gaps.missing_marks


def test_the_page_lists_the_gaps_and_asks_for_the_reason(cast, year, plans, login):
    page = login(cast.principal_a1).get(reverse("assessment:confirmation_detail", args=[cast.school_a1.pk]))
    body = page.content.decode()
    assert 'data-testid="confirmation-gaps"' in body and 'data-gap="missing_marks"' in body
    assert 'name="reason"' in body


def test_no_plan_is_approved_into_confirmed_results_until_they_are_reopened(cast, year, plans, make_plan):
    from plans import services as plan_services
    from plans.models import PlanStatus

    late = make_plan(StaffFactory(unit=cast.school_a1, full_name="Đỗ Thị Lan"), status=PlanStatus.SUBMITTED)
    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    with pytest.raises(plan_services.PlanError, match="đã được xác nhận"):
        plan_services.plan_approve(plan=late, by=cast.principal_a1)
    approved, skipped = plan_services.plan_batch_approve(plans=[late], by=cast.principal_a1)
    assert approved == [] and "đã được xác nhận" in skipped[0][1]

    services.results_reopen(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason="Duyệt kế hoạch muộn")
    plan_services.plan_approve(plan=late, by=cast.principal_a1)
    late.refresh_from_db()
    assert late.status == PlanStatus.APPROVED


def test_confirming_tells_the_unit_above_and_reopening_tells_the_school(cast, year, plans):
    from reports.models import Notification

    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    (notice,) = Notification.objects.filter(user=cast.phong_a_officer)
    assert cast.school_a1.name in notice.title and notice.body == GAP_REASON
    assert not Notification.objects.filter(user__in=[cast.principal_a1, cast.phong_b_officer, cast.so_officer]).exists()

    services.results_reopen(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason="Sửa điểm mô đun 3")
    (notice,) = Notification.objects.filter(user=cast.principal_a1)
    assert (notice.title, notice.body) == ("Kết quả BDTX của trường được mở lại để sửa", "Sửa điểm mô đun 3")

"""Managers' (CBQL) results are confirmed by the unit that scores them, never by the principal's confirmation.

The principal confirms the teachers; the Phòng (or the Sở for schools with no Phòng) scores and confirms the
school's managers. The principal's page says who is still waiting for whom.
"""

import pytest
from django.urls import reverse

from accounts.models import Position
from assessment import services
from assessment.models import SchoolConfirmation, Score, YearResult
from assessment.services import AssessmentError
from tests.factories import GAP_REASON, StaffFactory

from .helpers import D, pairs_row

pytestmark = pytest.mark.django_db


def _save(user, year, *rows):
    return services.scores_save_grid(user=user, year=year, rows=list(rows))


def _detail(school):
    return reverse("assessment:confirmation_detail", args=[school.pk])


def test_the_principals_confirmation_leaves_the_managers_to_the_phong(cast, year, plans):
    _save(cast.group_head_a1, year, pairs_row(plans["teacher"]))
    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)

    # The principal's own plan is neither classified nor locked: the Phòng has not scored it yet.
    assert not YearResult.objects.filter(plan=plans["principal"]).exists()
    assert YearResult.objects.filter(school=cast.school_a1).count() == 3
    assert _save(cast.phong_a_officer, year, pairs_row(plans["principal"])).cells == 6
    assert YearResult.objects.get(plan=plans["principal"]).classification == "DAT"
    # The teachers stay locked.
    with pytest.raises(AssessmentError, match="đã được xác nhận"):
        _save(cast.group_head_a1, year, {"plan_id": plans["teacher"].pk, "version": 6, "values": {"nd1": ("1", "1")}})


def test_only_the_scoring_unit_confirms_and_reopens_the_managers(cast, year, plans):
    _save(cast.phong_a_officer, year, pairs_row(plans["principal"]))
    for user in (cast.principal_a1, cast.group_head_a1, cast.so_officer, cast.phong_b_officer):
        with pytest.raises(AssessmentError):
            services.managers_confirm(school=cast.school_a1, year=year, user=user, reason=GAP_REASON)
    services.managers_confirm(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason=GAP_REASON)
    confirmation = SchoolConfirmation.objects.get(school=cast.school_a1, year=year)
    assert confirmation.managers_locked and not confirmation.is_locked
    assert confirmation.managers_confirmed_by == cast.phong_a_officer

    with pytest.raises(AssessmentError, match="đã được xác nhận"):
        _save(cast.phong_a_officer, year, pairs_row(plans["principal"], version=6, nd1=("3", "3")))
    # The teachers are still open to the school.
    assert _save(cast.group_head_a1, year, pairs_row(plans["teacher"])).cells == 6

    with pytest.raises(AssessmentError, match="lý do"):
        services.managers_reopen(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason=" ")
    services.managers_reopen(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason="Chấm lại")
    assert _save(cast.phong_a_officer, year, pairs_row(plans["principal"], version=6, nd1=("3", "3"))).cells == 1
    assert Score.objects.get(plan=plans["principal"], content=1).knowledge == D("3")


def test_the_so_confirms_the_managers_of_a_school_without_a_phong(cast, year, make_plan, t1_manager):
    plan = make_plan(t1_manager)
    _save(cast.so_officer, year, pairs_row(plan))
    with pytest.raises(AssessmentError):
        services.managers_confirm(school=cast.school_t1, year=year, user=cast.phong_a_officer, reason=GAP_REASON)
    services.managers_confirm(school=cast.school_t1, year=year, user=cast.so_officer, reason=GAP_REASON)
    assert SchoolConfirmation.objects.get(school=cast.school_t1).managers_locked


def test_the_principals_page_says_who_waits_for_whom(cast, login, year, plans, make_plan):
    deputy = StaffFactory(unit=cast.school_a1, full_name="Lý Văn Phó", position=Position.DEPUTY_PRINCIPAL)
    deputy_plan = make_plan(deputy)
    page = login(cast.principal_a1).get(_detail(cast.school_a1)).content.decode()
    assert "2 cán bộ quản lý chờ Phòng GD&amp;ĐT Huyện A chấm điểm" in page

    _save(cast.phong_a_officer, year, pairs_row(plans["principal"]), pairs_row(deputy_plan))
    page = login(cast.principal_a1).get(_detail(cast.school_a1)).content.decode()
    assert "2 cán bộ quản lý chờ Phòng GD&amp;ĐT Huyện A xác nhận kết quả" in page

    phong = login(cast.phong_a_officer)
    page = phong.get(_detail(cast.school_a1)).content.decode()
    assert 'data-testid="confirm-managers"' in page
    response = phong.post(reverse("assessment:managers_confirm", args=[cast.school_a1.pk]), follow=True)
    assert "Đã xác nhận kết quả của 2 cán bộ quản lý" in response.content.decode()
    page = login(cast.principal_a1).get(_detail(cast.school_a1)).content.decode()
    assert "Phòng GD&amp;ĐT Huyện A đã xác nhận kết quả cán bộ quản lý" in page
    assert 'data-testid="confirm-managers"' not in page


def test_the_manager_sees_own_result_once_the_phong_confirms(cast, login, year, plans):
    _save(cast.phong_a_officer, year, pairs_row(plans["principal"]))
    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    my_result = reverse("assessment:my_result")
    assert 'data-testid="not-confirmed"' in login(cast.principal_a1).get(my_result).content.decode()
    services.managers_confirm(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason=GAP_REASON)
    page = login(cast.principal_a1).get(my_result).content.decode()
    assert 'data-testid="result-class"' in page


def test_a_principal_with_a_user_cannot_confirm_the_managers_through_the_page(cast, login, year, plans):
    response = login(cast.principal_a1).post(reverse("assessment:managers_confirm", args=[cast.school_a1.pk]))
    assert response.status_code in (302, 404)
    assert not SchoolConfirmation.objects.filter(managers_locked=True).exists()


def test_the_office_grid_says_where_to_reopen_confirmed_managers(cast, login, year, plans):
    _save(cast.phong_a_officer, year, pairs_row(plans["principal"]))
    services.managers_confirm(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason=GAP_REASON)
    page = login(cast.phong_a_officer).get(reverse("assessment:score_grid")).content.decode()
    assert "Kết quả cán bộ quản lý đã được xác nhận" in page
    assert 'data-testid="save-grid"' not in page


def test_a_managers_plan_stays_open_to_reopening_until_the_phong_confirms_the_managers(cast, year, plans):
    from plans.services import PlanError, plan_reopen

    _save(cast.group_head_a1, year, pairs_row(plans["teacher"]))
    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    with pytest.raises(PlanError, match="đã được xác nhận"):
        plan_reopen(plan=plans["teacher"], by=cast.principal_a1, reason="Sửa mô đun")
    # The school's confirmation is the teachers': the principal's own plan is not locked by it.
    plan_reopen(plan=plans["principal"], by=cast.phong_a_officer, reason="Sửa mô đun")

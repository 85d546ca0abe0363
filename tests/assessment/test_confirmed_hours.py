"""Hours that count: a result's completed tiết are the confirmed tiết of each plan item up to its planned tiết, and
a year that requires them (TT 19/2019 Điều 11, TT 26/2012 Điều 11) completes a plan only with all of them."""

import datetime

import pytest

from assessment import rules, services
from assessment.models import SchoolConfirmation, YearResult
from study import services as study
from study.models import StudyLog
from study.selectors import confirmed_hours, register_hours_source

from .helpers import D
from .test_tt19_scores import _row, _save

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


def _log(user, item, hours):
    """Entries of up to 10 tiết (the most one entry takes) adding up to ``hours``."""
    entries = []
    while hours > 0:
        given = min(hours, 10)
        entries.append(
            study.study_log_create(item=item, by=user, date=DAY, hours=given, description="Tự học theo tài liệu")
        )
        hours -= given
    return entries


def _items(plan):
    return list(plan.items.order_by("content", "order", "id"))


@pytest.fixture
def logged(cast, tt19, make_plan19):
    """Nguyễn Văn An passed every piece; she logged 30 tiết of 120 on programme 01, the group head confirmed 25."""
    tt19.hours_required = True
    tt19.save()
    plan = make_plan19(cast.teacher_a1.staff)
    nd1 = _items(plan)[0]
    confirmed = _log(cast.teacher_a1, nd1, 20) + _log(cast.teacher_a1, nd1, 5)
    _log(cast.teacher_a1, nd1, 5)  # still waiting
    study.study_log_confirm(logs=confirmed, by=cast.group_head_a1)
    _save(cast.group_head_a1, tt19, _row(plan))
    return plan


def test_only_confirmed_tiet_count(cast, logged):
    result = YearResult.objects.get(plan=logged)
    assert (result.completed_hours, result.planned_hours) == (25, 120)


def test_a_year_that_requires_the_hours_does_not_complete_the_plan_without_them(cast, logged):
    result = YearResult.objects.get(plan=logged)
    assert result.classification == "KHONG_HOAN_THANH"
    assert "Chưa đủ số tiết Chương trình bồi dưỡng 01: 25/40 tiết đã được xác nhận" in result.reasons
    assert any("GVPT04" in reason and "0/20" in reason for reason in result.reasons)


def test_confirming_the_rest_completes_it_without_touching_a_score(cast, logged):
    items = _items(logged)
    waiting = list(StudyLog.objects.filter(item__plan=logged, status="PENDING"))
    more = _log(cast.teacher_a1, items[0], 10) + _log(cast.teacher_a1, items[1], 40)
    for item in items[2:]:
        more += _log(cast.teacher_a1, item, 20)
    study.study_log_confirm(logs=waiting + more, by=cast.group_head_a1)
    result = YearResult.objects.get(plan=logged)
    assert (result.classification, result.completed_hours, result.reasons) == ("HOAN_THANH", 120, [])


def test_a_confirmed_result_does_not_move_when_a_log_is_confirmed_later(cast, logged):
    SchoolConfirmation.objects.create(school=logged.school, year=logged.year, is_locked=True)
    waiting = list(StudyLog.objects.filter(item__plan=logged, status="PENDING"))
    study.study_log_confirm(logs=waiting, by=cast.group_head_a1)
    assert YearResult.objects.get(plan=logged).completed_hours == 25


def test_a_year_that_lets_scores_stand_still_prints_only_confirmed_tiet(cast, logged):
    year = logged.year
    year.hours_required = False
    year.save()
    result = services.year_result_recompute(plan=logged)
    assert (result.classification, result.completed_hours) == ("HOAN_THANH", 25)


def test_a_year_opened_in_the_app_requires_the_hours(cast):
    from years import services as years

    year = years.year_create(department=cast.so, start_year=2030, by=cast.so_officer)
    assert year.hours_required


def test_a_registered_source_counts_an_item_once_at_the_larger_figure(cast, logged):
    items = _items(logged)

    def lms(given):
        return {items[2].pk: 20, items[0].pk: 10}

    register_hours_source(lms)
    try:
        hours = confirmed_hours(items)
        assert hours[items[2].pk] == 20 and hours[items[0].pk] == D("25")  # 25 logged beats 10 from the source
    finally:
        from study import selectors

        selectors._HOURS_SOURCES.remove(lms)


@pytest.mark.parametrize(("before", "after"), [("DAT", "KHONG_DAT"), ("KHA", "KHONG_HOAN_THANH")])
def test_the_rule_turns_a_completing_class_into_its_lists_failing_class(before, after):
    evaluation = rules.Evaluation(average=D("8.0"), classification=before, reasons=(), components=())
    judged = rules.with_hours(evaluation, [rules.HoursShort(name="Nội dung 1", confirmed=D("2.5"), planned=30)])
    assert judged.classification == after and judged.average == D("8.0")
    assert judged.reasons == ("Chưa đủ số tiết Nội dung 1: 2,5/30 tiết đã được xác nhận",)
    assert rules.with_hours(evaluation, []) is evaluation


def test_the_score_grid_and_the_schools_results_list_show_the_confirmed_tiet(cast, logged, client):
    from django.urls import reverse

    client.force_login(cast.principal_a1)
    listing = client.get(reverse("results:results_unit", args=[cast.school_a1.pk]), {"year": logged.year_id})
    assert 'data-testid="list-hours">25/120<' in listing.content.decode()
    client.force_login(cast.group_head_a1)
    grid = client.get(reverse("assessment:score_grid"), {"year": logged.year_id}).content.decode()
    assert 'data-testid="grid-hours">25/120<' in grid

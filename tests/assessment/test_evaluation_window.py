"""Results are locked, certificates issued and reports sent in the evaluation window only: from the Sở's start
date (Bắt đầu đánh giá, xếp loại), or earlier when a unit above the school opened it early, with a reason that is
recorded; cancelling the early opening is recorded too and closes the window again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment import services
from assessment.models import SchoolConfirmation
from audit.models import AuditEntry
from certificates.models import CertificateError
from certificates.services import certificates_issue
from reports.chain import ReportError, report_submit
from tests.factories import GAP_REASON
from years import services as years
from years.deadlines import evaluation_window
from years.models import Deadline, DeadlineKind

pytestmark = pytest.mark.django_db

REASON = "Trường đã học xong chương trình năm học, đề nghị đánh giá sớm"


def _start(year, unit, days_from_today):
    return Deadline.objects.create(
        year=year,
        kind=DeadlineKind.EVALUATION_START,
        unit=unit,
        due_date=timezone.localdate() + datetime.timedelta(days=days_from_today),
    )


@pytest.fixture
def later(cast, year):
    """The Sở opens the evaluation in ten days."""
    return _start(year, cast.so, 10)


def test_before_the_start_every_guarded_step_is_refused(cast, year, plans, later):
    with pytest.raises(services.AssessmentError, match="Chưa đến thời gian đánh giá"):
        services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    with pytest.raises(services.AssessmentError, match="Chưa đến thời gian đánh giá"):
        services.managers_confirm(school=cast.school_a1, year=year, user=cast.phong_a_officer, reason=GAP_REASON)
    with pytest.raises(CertificateError, match="cấp giấy chứng nhận được thực hiện từ ngày"):
        certificates_issue(school=cast.school_a1, year=year, user=cast.phong_a_officer)
    with pytest.raises(ReportError, match="nộp báo cáo kết quả BDTX được thực hiện từ ngày"):
        report_submit(unit=cast.school_a1, year=year, user=cast.principal_a1)
    with pytest.raises(ReportError, match="Chưa đến thời gian đánh giá"):
        report_submit(unit=cast.so, year=year, user=cast.so_officer, allow_missing=True, reason=GAP_REASON)
    assert not SchoolConfirmation.objects.filter(is_locked=True).exists()


def test_from_the_start_date_the_school_confirms(cast, year, plans):
    _start(year, cast.so, 0)
    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    assert SchoolConfirmation.objects.get(school=cast.school_a1).is_locked


def test_the_unit_above_opens_one_school_early_with_a_reason_that_is_recorded(cast, year, plans, later):
    years.evaluation_open_early(year=year, unit=cast.school_a1, reason=REASON, by=cast.phong_a_officer)
    entry = AuditEntry.objects.get(action="years.evaluation.opened_early")
    assert (entry.actor_id, entry.unit_id, entry.reason) == (cast.phong_a_officer.pk, cast.school_a1.pk, REASON)

    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    assert SchoolConfirmation.objects.get(school=cast.school_a1).is_locked
    with pytest.raises(services.AssessmentError, match="Chưa đến thời gian đánh giá"):  # only the school opened
        services.results_confirm(school=cast.school_a2, year=year, user=cast.principal_a1, reason=GAP_REASON)


def test_cancelling_the_early_opening_closes_the_window_again_and_is_recorded(cast, year, plans, later):
    years.evaluation_open_early(year=year, unit=cast.school_a1, reason=REASON, by=cast.so_officer)
    years.evaluation_early_cancel(year=year, unit=cast.school_a1, by=cast.phong_a_officer)
    assert AuditEntry.objects.filter(action="years.evaluation.early_cancelled", unit=cast.school_a1).exists()
    assert not evaluation_window(year=year, unit=cast.school_a1).is_open
    with pytest.raises(services.AssessmentError, match="Chưa đến thời gian đánh giá"):
        services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)


def test_only_a_unit_above_opens_early_and_only_before_the_start(cast, year, later):
    for outsider in (cast.principal_a1, cast.teacher_a1, cast.phong_b_officer, cast.so_z_officer):
        with pytest.raises(years.YearError, match="Chỉ đơn vị cấp trên"):
            years.evaluation_open_early(year=year, unit=cast.school_a1, reason=REASON, by=outsider)
    with pytest.raises(years.YearError, match="lý do"):
        years.evaluation_open_early(year=year, unit=cast.school_a1, reason="  ", by=cast.so_officer)
    later.due_date = timezone.localdate()
    later.save()
    with pytest.raises(years.YearError, match="không cần mở sớm"):
        years.evaluation_open_early(year=year, unit=cast.school_a1, reason=REASON, by=cast.so_officer)


def test_the_pages_say_when_the_window_opens_and_offer_the_superior_to_open_it(cast, year, plans, later, login):
    url = reverse("assessment:confirmation_detail", args=[cast.school_a1.pk]) + f"?year={year.pk}"
    body = login(cast.principal_a1).get(url).content.decode()
    assert 'data-testid="evaluation-window-closed"' in body and later.due_date.strftime("%d/%m/%Y") in body
    assert 'name="reason"' not in body and 'data-testid="open-early"' not in body  # no confirm form, no opener

    body = login(cast.phong_a_officer).get(url).content.decode()
    assert 'data-testid="open-early"' in body
    open_url = reverse("years:evaluation_open_early", args=[year.pk, cast.school_a1.pk])
    form = login(cast.phong_a_officer).get(open_url).content.decode()
    assert 'data-testid="open-early-effect"' in form
    response = login(cast.phong_a_officer).post(open_url, {"reason": REASON, "next": url})
    assert response.status_code == 302 and response.url == url
    body = login(cast.principal_a1).get(url).content.decode()
    assert 'data-testid="evaluation-window-early"' in body and REASON in body


def test_a_new_year_gets_the_default_start_with_its_source(cast):
    year = years.year_create(department=cast.so, start_year=timezone.localdate().year + 1, by=cast.so_officer)
    start = Deadline.objects.get(year=year, kind=DeadlineKind.EVALUATION_START)
    assert start.due_date == datetime.date(year.start_year + 1, 5, 1) and "Điều 11" in start.source

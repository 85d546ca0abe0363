"""The report chain: submission guards, return and resubmit, acceptance, aggregation, status tables, scope."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Level, OrgUnit, Position, Role
from accounts.services import unit_move
from assessment.models import ConfirmationEvent, SchoolConfirmation, YearResult
from assessment.selectors import is_locked
from audit.models import AuditEntry
from plans.models import Plan, PlanStatus
from reports import chain
from reports.chain_selectors import report_status_table, school_report_rows
from reports.models import Notification, ReportStatus, UnitReport
from tests.factories import OrgUnitFactory, StaffFactory, UserFactory
from years.models import Deadline, DeadlineKind, DeadlineReopening, TrainingYear

MISSING_REASON = "Hết hạn: nộp với các đơn vị đã có báo cáo"

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 25)
PAST = datetime.date(2026, 5, 20)
FUTURE = datetime.date(2026, 6, 10)


# ----------------------------------------------------------------------------------------------- helpers


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


def confirm(school, year, user=None):
    return SchoolConfirmation.objects.create(
        school=school, year=year, is_locked=True, confirmed_by=user, confirmed_at=timezone.now()
    )


def give_result(staff, year, classification, average=None, school=None):
    school = school or staff.unit
    plan = Plan.objects.create(year=year, staff=staff, school=school, status=PlanStatus.APPROVED)
    return YearResult.objects.create(
        staff=staff,
        year=year,
        plan=plan,
        school=school,
        average=Decimal(average) if average is not None else None,
        classification=classification,
        computed_at=timezone.now(),
    )


def set_deadline(year, kind, unit, due):
    return Deadline.objects.create(year=year, kind=kind, unit=unit, due_date=due)


@pytest.fixture
def a1_results(cast, year):
    """Results for everyone in school A1 but the other group's teacher, who has none."""
    return {
        "teacher": give_result(cast.teacher_a1.staff, year, "KHA", "8.0"),
        "head": give_result(cast.group_head_a1.staff, year, "GIOI", "9.3"),
        "principal": give_result(cast.principal_a1.staff, year, "DAT", "7.0"),
    }


@pytest.fixture
def a1_submitted(cast, year, a1_results):
    confirm(cast.school_a1, year, cast.principal_a1)
    return chain.report_submit(unit=cast.school_a1, year=year, user=cast.principal_a1)


def reconfirm(school, year):
    """The school confirms its results again after correcting them (what it does after a return)."""
    SchoolConfirmation.objects.filter(school=school, year=year).update(is_locked=True)


def submit_school(cast, school, year, user):
    confirm(school, year, user)
    return chain.report_submit(unit=school, year=year, user=user)


@pytest.fixture
def principal_a2(cast):
    staff = StaffFactory(unit=cast.school_a2, full_name="Ngô Văn Hải", position=Position.PRINCIPAL)
    return UserFactory(username="ht_a2", role=Role.SCHOOL_MANAGER, unit=cast.school_a2, staff=staff)


# ----------------------------------------------------------------------------------------------- submission


def test_school_cannot_submit_before_results_are_confirmed(cast, year, a1_results):
    with pytest.raises(chain.ReportError, match="chưa được xác nhận"):
        chain.report_submit(unit=cast.school_a1, year=year, user=cast.principal_a1)
    assert not UnitReport.objects.exists()

    confirm(cast.school_a1, year, cast.principal_a1)
    report = chain.report_submit(unit=cast.school_a1, year=year, user=cast.principal_a1)

    assert report.status == ReportStatus.SUBMITTED
    assert report.kind == DeadlineKind.SCHOOL_REPORT
    assert report.version == 1 and report.submitted_by == cast.principal_a1
    names = [row["name"] for row in report.snapshot["rows"]]
    # Everyone active in A1, sorted by given name: An, Bình (no result), Hoa, Minh.
    assert names == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Hoa", "Phạm Văn Minh"]
    by_name = {row["name"]: row for row in report.snapshot["rows"]}
    assert by_name["Nguyễn Văn An"]["average"] == "8.0" and by_name["Nguyễn Văn An"]["classification"] == "KHA"
    assert by_name["Trần Thị Bình"]["classification"] == "" and by_name["Trần Thị Bình"]["average"] is None
    assert by_name["Lê Thị Hoa"]["audience"] == "CBQL" and by_name["Lê Thị Hoa"]["position"] == "HT"
    assert report.snapshot["counts"] == {"TH": {"GV": {"KHA": 1, "GIOI": 1, "NONE": 1}, "CBQL": {"DAT": 1}}}
    (transition,) = report.transitions.all()
    assert (transition.from_status, transition.to_status, transition.by) == ("", "SUBMITTED", cast.principal_a1)
    assert transition.action == chain.SUBMITTED_ACTION and transition.snapshot == report.snapshot


def test_double_submit_is_a_clear_error(cast, year, a1_submitted):
    with pytest.raises(chain.ReportError, match="đã được nộp lúc"):
        chain.report_submit(unit=cast.school_a1, year=year, user=cast.principal_a1)
    assert UnitReport.objects.get().version == 1
    assert a1_submitted.transitions.count() == 1


@pytest.mark.parametrize("who", ["teacher_a1", "group_head_a1", "phong_a_officer", "so_officer"])
def test_only_the_schools_own_managers_submit(cast, year, a1_results, who):
    confirm(cast.school_a1, year)
    with pytest.raises(chain.ReportError, match="chính đơn vị"):
        chain.report_submit(unit=cast.school_a1, year=year, user=getattr(cast, who))


def test_a_year_of_another_province_is_refused(cast, year):
    other = TrainingYear.objects.create(department=cast.so_z, start_year=2025)
    confirm(cast.school_a1, other)
    with pytest.raises(chain.ReportError, match="không thuộc Sở"):
        chain.report_submit(unit=cast.school_a1, year=other, user=cast.principal_a1)


def test_return_with_comment_then_resubmit(cast, year, a1_submitted):
    with pytest.raises(chain.ReportError, match="ý kiến"):
        chain.report_return(report=a1_submitted, user=cast.phong_a_officer, comment="  ")

    returned = chain.report_return(report=a1_submitted, user=cast.phong_a_officer, comment="Thiếu ngày sinh.")
    assert returned.status == ReportStatus.RETURNED and returned.comment == "Thiếu ngày sinh."
    with pytest.raises(chain.ReportError, match="đã được trả lại"):
        chain.report_return(report=returned, user=cast.phong_a_officer, comment="Lần nữa")
    with pytest.raises(chain.ReportError, match="trả lại"):
        chain.report_accept(report=returned, user=cast.phong_a_officer)
    notice = Notification.objects.get(user=cast.principal_a1, title__contains="trả lại")
    assert notice.body.startswith("Thiếu ngày sinh.")

    reconfirm(cast.school_a1, year)
    resubmitted = chain.report_submit(unit=cast.school_a1, year=year, user=cast.principal_a1)
    assert resubmitted.pk == a1_submitted.pk
    assert resubmitted.status == ReportStatus.SUBMITTED and resubmitted.version == 2
    steps = [(t.from_status, t.to_status, t.by.username, t.comment) for t in resubmitted.transitions.all()]
    assert steps == [
        ("", "SUBMITTED", "ht_a1", ""),
        ("SUBMITTED", "RETURNED", "phong_a", "Thiếu ngày sinh."),
        ("RETURNED", "SUBMITTED", "ht_a1", ""),
    ]


def test_returning_a_school_report_reopens_its_results_in_the_same_step(cast, year, a1_submitted):
    """The school must correct scores that its confirmation locked: the return unlocks them, recorded as a reopening."""
    chain.report_return(report=a1_submitted, user=cast.phong_a_officer, comment="Sai điểm của cô Bình.")
    assert not is_locked(school=cast.school_a1, year=year)
    confirmation = SchoolConfirmation.objects.get(school=cast.school_a1, year=year)
    assert confirmation.reopened_by == cast.phong_a_officer
    assert "Sai điểm của cô Bình." in confirmation.reopen_reason
    (event,) = ConfirmationEvent.objects.filter(confirmation=confirmation, action=ConfirmationEvent.Action.REOPEN)
    assert event.by == cast.phong_a_officer
    notice = Notification.objects.get(user=cast.principal_a1, title__contains="trả lại")
    assert "mở lại" in notice.body and "xác nhận lại" in notice.body
    # Nothing else to do before correcting: the principal confirms again once the scores are right, then resubmits.
    with pytest.raises(chain.ReportError, match="chưa được xác nhận"):
        chain.report_submit(unit=cast.school_a1, year=year, user=cast.principal_a1)


def test_returning_an_accepted_school_report_reopens_its_results_too(cast, year, a1_submitted):
    chain.report_accept(report=a1_submitted, user=cast.phong_a_officer)
    chain.report_return(report=a1_submitted, user=cast.phong_a_officer, comment="Thiếu một người.")
    assert not is_locked(school=cast.school_a1, year=year)


def test_accept_and_its_guards(cast, year, a1_submitted):
    with pytest.raises(chain.ReportError, match="cấp trên trực tiếp"):
        chain.report_accept(report=a1_submitted, user=cast.phong_b_officer)
    with pytest.raises(chain.ReportError, match="cấp trên trực tiếp"):
        chain.report_accept(report=a1_submitted, user=cast.so_officer)  # not the direct superior
    accepted = chain.report_accept(report=a1_submitted, user=cast.phong_a_officer)
    assert accepted.status == ReportStatus.ACCEPTED and accepted.decided_by == cast.phong_a_officer
    with pytest.raises(chain.ReportError, match="đã được tiếp nhận"):
        chain.report_accept(report=accepted, user=cast.phong_a_officer)
    with pytest.raises(chain.ReportError, match="tiếp nhận"):
        chain.report_submit(unit=cast.school_a1, year=year, user=cast.principal_a1)
    assert Notification.objects.filter(user=cast.principal_a1, title__contains="tiếp nhận").count() == 1


def test_submission_notifies_the_superiors_officers_and_the_decision_the_school(
    cast, year, a1_submitted, cast_mailboxes
):
    from reports.models import NoticeKind

    (notice,) = Notification.objects.all()
    assert notice.user == cast.phong_a_officer
    assert cast.school_a1.name in notice.title
    assert notice.url == reverse("reports:chain_unit", args=[cast.school_a1.pk])
    chain.report_return(report=a1_submitted, user=cast.phong_a_officer, comment="Thiếu danh sách cán bộ quản lý")
    assert cast_mailboxes(NoticeKind.REPORT) == [("ht_a1@bdtx.test", "Báo cáo kết quả BDTX bị trả lại")]


def test_snapshot_does_not_change_with_later_scores(cast, year, a1_results, a1_submitted, login):
    before = UnitReport.objects.get().snapshot
    result = a1_results["teacher"]
    result.average = Decimal("9.5")
    result.classification = "GIOI"
    result.save()
    staff = cast.teacher_a1.staff
    staff.full_name = "Nguyễn Văn Anh"
    staff.save()

    report = UnitReport.objects.get()
    assert report.snapshot == before
    row = next(row for row in report.snapshot["rows"] if row["code"] == staff.code)
    assert (row["name"], row["average"], row["classification"]) == ("Nguyễn Văn An", "8.0", "KHA")
    # The live list has moved on; the page of the submitted report shows what was sent.
    live = next(row for row in school_report_rows(school=cast.school_a1, year=year) if row["code"] == staff.code)
    assert (live["name"], live["average"]) == ("Nguyễn Văn Anh", "9.5")
    page = login(cast.phong_a_officer).get(reverse("reports:chain_unit", args=[cast.school_a1.pk]))
    content = page.content.decode()
    assert "Nguyễn Văn An<" in content and "Nguyễn Văn Anh" not in content and "8,0" in content


# ----------------------------------------------------------------------------------------------- the Phòng


def test_phong_aggregates_accepted_schools_and_records_who_was_missing(cast, year, a1_submitted):
    with pytest.raises(chain.ReportError, match="chờ đơn vị bạn xem xét"):
        chain.report_submit(unit=cast.phong_a, year=year, user=cast.phong_a_officer)
    chain.report_accept(report=a1_submitted, user=cast.phong_a_officer)

    with pytest.raises(chain.MissingUnitsError) as missing:
        chain.report_submit(unit=cast.phong_a, year=year, user=cast.phong_a_officer)
    assert [unit.pk for unit in missing.value.units] == [cast.school_a2.pk]
    assert cast.school_a2.name in str(missing.value)

    report = chain.report_submit(
        unit=cast.phong_a, year=year, user=cast.phong_a_officer, allow_missing=True, reason=MISSING_REASON
    )
    assert report.kind == DeadlineKind.DISTRICT_REPORT and report.status == ReportStatus.SUBMITTED
    assert [item["id"] for item in report.snapshot["included"]] == [cast.school_a1.pk]
    assert report.snapshot["included"][0]["people"] == 4
    assert [(item["id"], item["status"]) for item in report.snapshot["missing"]] == [(cast.school_a2.pk, "NONE")]
    assert report.snapshot["counts"] == {"TH": {"GV": {"KHA": 1, "GIOI": 1, "NONE": 1}, "CBQL": {"DAT": 1}}}
    assert Notification.objects.filter(user=cast.so_officer, title__contains=cast.phong_a.name).exists()


def test_phong_with_nothing_accepted_has_nothing_to_submit(cast, year):
    with pytest.raises(chain.ReportError, match="chưa có gì để tổng hợp"):
        chain.report_submit(
            unit=cast.phong_a, year=year, user=cast.phong_a_officer, allow_missing=True, reason=MISSING_REASON
        )


def test_accepted_report_cannot_be_returned_once_the_phong_has_sent_its_own(cast, year, a1_submitted):
    chain.report_accept(report=a1_submitted, user=cast.phong_a_officer)
    phong_report = chain.report_submit(
        unit=cast.phong_a, year=year, user=cast.phong_a_officer, allow_missing=True, reason=MISSING_REASON
    )
    with pytest.raises(chain.ReportError, match="đã nộp lên cấp trên"):
        chain.report_return(report=a1_submitted, user=cast.phong_a_officer, comment="Sửa lại")

    chain.report_return(report=phong_report, user=cast.so_officer, comment="Thiếu trường A2")
    returned = chain.report_return(report=a1_submitted, user=cast.phong_a_officer, comment="Sửa lại")
    assert returned.status == ReportStatus.RETURNED


def test_the_sos_report_to_the_ministry_cannot_be_returned_by_an_officer(cast, year):
    report = chain.report_submit(
        unit=cast.so, year=year, user=cast.so_officer, allow_missing=True, reason=MISSING_REASON
    )
    assert report.kind == DeadlineKind.DEPARTMENT_REPORT
    with pytest.raises(chain.ReportError):
        chain.report_return(report=report, user=cast.so_officer, comment="x")
    assert chain.report_return(report=report, user=cast.admin, comment="Sửa số liệu").status == "RETURNED"


# ----------------------------------------------------------------------------------------------- status tables


def test_phong_sees_its_schools_with_status_and_late_flags(cast, year, a1_submitted):
    set_deadline(year, DeadlineKind.SCHOOL_REPORT, cast.phong_a, PAST)
    table = report_status_table(root=cast.phong_a, year=year, on=TODAY)

    rows = {row.unit.code: row for row in table.rows}
    assert set(rows) == {"A1", "A2"}
    assert rows["A1"].status == "SUBMITTED" and not rows["A1"].late
    assert rows["A2"].status == "NONE" and rows["A2"].late and rows["A2"].due == PAST
    assert table.own.kind == DeadlineKind.DISTRICT_REPORT and not table.own.late  # no Phòng deadline yet

    # Before the deadline nobody is late; a reopening lifts the flag for that school only.
    assert not any(row.late for row in report_status_table(root=cast.phong_a, year=year, on=PAST).rows)
    deadline = Deadline.objects.get(kind=DeadlineKind.SCHOOL_REPORT)
    DeadlineReopening.objects.create(
        deadline=deadline, school=cast.school_a2, until=FUTURE, reason="Ốm", granted_by=cast.phong_a_officer
    )
    rows = {row.unit.code: row for row in report_status_table(root=cast.phong_a, year=year, on=TODAY).rows}
    assert not rows["A2"].late and rows["A2"].reopened and rows["A2"].due == FUTURE

    # A returned report is outstanding again, hence late.
    chain.report_return(report=a1_submitted, user=cast.phong_a_officer, comment="Sửa")
    rows = {row.unit.code: row for row in report_status_table(root=cast.phong_a, year=year, on=TODAY).rows}
    assert rows["A1"].status == "RETURNED" and rows["A1"].late


def test_so_sees_its_phong_and_directly_attached_schools(cast, year, a1_submitted):
    set_deadline(year, DeadlineKind.SCHOOL_REPORT, cast.so, PAST)
    set_deadline(year, DeadlineKind.DISTRICT_REPORT, cast.so, PAST)
    chain.report_accept(report=a1_submitted, user=cast.phong_a_officer)
    table = report_status_table(root=cast.so, year=year, on=TODAY)

    rows = {row.unit.code: row for row in table.rows}
    assert set(rows) == {"PH-A", "PH-B", "T1"}
    assert [row.unit.code for row in table.rows] == ["PH-A", "PH-B", "T1"]  # offices first
    phong_a = rows["PH-A"]
    assert phong_a.kind == DeadlineKind.DISTRICT_REPORT and phong_a.late
    assert (phong_a.schools, phong_a.schools_accepted, phong_a.schools_late) == (2, 1, 1)
    assert rows["T1"].kind == DeadlineKind.SCHOOL_REPORT and rows["T1"].late
    assert table.own.due == datetime.date(2026, 6, 30)  # the Ministry's default when no deadline is set

    z_rows = report_status_table(root=cast.so_z, year=year, on=TODAY).rows
    assert [row.unit.code for row in z_rows] == ["Z1"]


def _phong_with_schools(cast, year, count, due=PAST, until=FUTURE):
    phong = OrgUnitFactory(kind=OrgUnit.Kind.DISTRICT, code=f"PH-{count}", name=f"Phòng {count}", parent=cast.so)
    officer = UserFactory(username=f"phong{count}", role=Role.DISTRICT_OFFICER, unit=phong)
    set_deadline(year, DeadlineKind.SCHOOL_REPORT, phong, due)
    for index in range(count):
        school = OrgUnitFactory(code=f"S{count}-{index}", name=f"Trường {count}-{index}", parent=phong)
        if index % 2:
            manager = StaffFactory(unit=school, level=Level.TH, position=Position.PRINCIPAL)
            user = UserFactory(role=Role.SCHOOL_MANAGER, unit=school, staff=manager)
            give_result(manager, year, "DAT", "7.0")
            submit_school(cast, school, year, user)
        if index % 3 == 0:
            deadline = Deadline.objects.get(year=year, unit=phong)
            DeadlineReopening.objects.create(
                deadline=deadline, school=school, until=until, reason="x", granted_by=officer
            )
    return phong


def test_status_table_takes_the_same_number_of_queries_for_5_and_30_schools(cast, year):
    small = _phong_with_schools(cast, year, 5)
    large = _phong_with_schools(cast, year, 30)

    counts = []
    for root in (small, large):
        with CaptureQueriesContext(connection) as queries:
            table = report_status_table(root=root, year=year, on=TODAY)
            assert all(row.status for row in table.rows) and table.own is not None
        counts.append(len(queries))
    assert len(table.rows) == 30
    assert counts[0] == counts[1] <= 5
    assert sum(row.late for row in table.rows) == 10  # even indexes not reopened: 0..28 step 2, minus multiples of 3


def test_status_page_queries_do_not_grow_with_schools(cast, year, login, django_assert_max_num_queries):
    today = timezone.localdate()  # the page judges lateness on the real date
    large = _phong_with_schools(
        cast, year, 30, due=today - datetime.timedelta(days=3), until=today + datetime.timedelta(days=3)
    )
    client = login(UserFactory(username="phong_large", role=Role.DISTRICT_OFFICER, unit=large))
    url = reverse("reports:chain_home")
    client.get(url)  # warm up the session and the user
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('data-status="NONE" data-late>') == 10


# ----------------------------------------------------------------------------------------------- views and scope


def test_phong_status_page_lists_its_schools(cast, year, a1_submitted, login):
    set_deadline(year, DeadlineKind.SCHOOL_REPORT, cast.phong_a, timezone.localdate() - datetime.timedelta(days=1))
    response = login(cast.phong_a_officer).get(reverse("reports:chain_home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-unit="A1" data-status="SUBMITTED"' in content
    assert 'data-unit="A2" data-status="NONE" data-late' in content
    assert cast.school_b1.name not in content


def test_status_page_is_kept_until_a_report_or_deadline_changes(
    cast, year, a1_results, login, caching, django_capture_on_commit_callbacks
):
    client = login(cast.phong_a_officer)
    url = reverse("reports:chain_home")
    with CaptureQueriesContext(connection) as computed:
        assert 'data-unit="A1" data-status="NONE"' in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as kept:
        assert 'data-unit="A1" data-status="NONE"' in client.get(url).content.decode()
    assert len(kept) < len(computed)

    with django_capture_on_commit_callbacks(execute=True):
        submit_school(cast, cast.school_a1, year, cast.principal_a1)
    assert 'data-unit="A1" data-status="SUBMITTED"' in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        set_deadline(year, DeadlineKind.SCHOOL_REPORT, cast.phong_a, timezone.localdate() - datetime.timedelta(days=1))
    assert 'data-unit="A2" data-status="NONE" data-late' in client.get(url).content.decode()

    # A school moved to another Phòng leaves this Phòng's table at once.
    with django_capture_on_commit_callbacks(execute=True):
        unit_move(cast.school_a2, cast.phong_b, actor=cast.admin)
    assert 'data-unit="A2"' not in client.get(url).content.decode()


def test_school_manager_is_sent_to_the_schools_report(cast, year, login):
    response = login(cast.principal_a1).get(reverse("reports:chain_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("reports:chain_unit", args=[cast.school_a1.pk]))


def test_teachers_have_no_report_pages(cast, year, login):
    client = login(cast.teacher_a1)
    assert client.get(reverse("reports:chain_home")).status_code == 403
    assert client.get(reverse("reports:chain_unit", args=[cast.school_a1.pk])).status_code == 403


@pytest.mark.parametrize("who", ["phong_b_officer", "so_z_officer", "principal_a1"])
def test_outsiders_get_404_on_another_schools_report(cast, year, who, login):
    confirm(cast.school_a2, year)
    principal_a2 = UserFactory(username="ht_a2", role=Role.SCHOOL_MANAGER, unit=cast.school_a2)
    report = chain.report_submit(unit=cast.school_a2, year=year, user=principal_a2)
    client = login(getattr(cast, who))

    assert client.get(reverse("reports:chain_unit", args=[cast.school_a2.pk])).status_code == 404
    assert client.post(reverse("reports:chain_submit", args=[cast.school_a2.pk]), {"year": year.pk}).status_code == 404
    assert client.post(reverse("reports:chain_accept", args=[report.pk])).status_code == 404
    response = client.post(reverse("reports:chain_return", args=[report.pk]), {"comment": "x"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.transitions.count() == 1


def test_so_sees_a_school_report_but_cannot_decide_for_the_phong(cast, year, a1_submitted, login):
    client = login(cast.so_officer)
    assert client.get(reverse("reports:chain_unit", args=[cast.school_a1.pk])).status_code == 200
    response = client.post(reverse("reports:chain_accept", args=[a1_submitted.pk]), follow=True)
    assert "cấp trên trực tiếp" in response.content.decode()
    a1_submitted.refresh_from_db()
    assert a1_submitted.status == ReportStatus.SUBMITTED


def test_submit_return_resubmit_through_the_pages(cast, year, a1_results, login):
    confirm(cast.school_a1, year, cast.principal_a1)
    principal = login(cast.principal_a1)
    url = reverse("reports:chain_submit", args=[cast.school_a1.pk])
    response = principal.post(url, {"year": year.pk}, follow=True)
    assert "Đã nộp báo cáo lên" in response.content.decode()
    response = principal.post(url, {"year": year.pk}, follow=True)  # a double click
    assert "đã được nộp lúc" in response.content.decode()
    report = UnitReport.objects.get()
    assert report.version == 1

    phong = login(cast.phong_a_officer)
    response = phong.post(
        reverse("reports:chain_return", args=[report.pk]), {"comment": "Thiếu ngày sinh"}, follow=True
    )
    assert "Đã trả lại" in response.content.decode()

    page = login(cast.principal_a1).get(reverse("reports:chain_unit", args=[cast.school_a1.pk]))
    assert "Thiếu ngày sinh" in page.content.decode() and 'data-testid="submit-form"' in page.content.decode()
    reconfirm(cast.school_a1, year)
    login(cast.principal_a1).post(url, {"year": year.pk})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.version == 2


def test_return_says_on_both_pages_that_the_results_are_reopened(cast, year, a1_submitted, login):
    phong = login(cast.phong_a_officer)
    unit_url = reverse("reports:chain_unit", args=[cast.school_a1.pk])
    review = phong.get(unit_url).content.decode().split('data-testid="review-form"')[1]
    assert "mở lại kết quả BDTX của trường" in review  # said before the officer decides
    response = phong.post(reverse("reports:chain_return", args=[a1_submitted.pk]), {"comment": "Sai điểm"}, follow=True)
    body = response.content.decode()
    assert "Đã trả lại báo cáo của Trường Tiểu học A1" in body and "đã mở lại kết quả BDTX" in body
    school_page = login(cast.principal_a1).get(unit_url).content.decode()
    returned = school_page.split('data-testid="return-comment"')[1].split("</div>")[0]
    assert "Sai điểm" in returned and "đã được mở lại" in returned
    assert reverse("assessment:score_grid") in returned
    assert reverse("assessment:confirmation_detail", args=[cast.school_a1.pk]) in returned


def test_phong_page_asks_before_leaving_schools_out(cast, year, a1_submitted, login):
    chain.report_accept(report=a1_submitted, user=cast.phong_a_officer)
    client = login(cast.phong_a_officer)
    url = reverse("reports:chain_submit", args=[cast.phong_a.pk])
    response = client.post(url, {"year": year.pk}, follow=True)
    assert "Nộp khi còn đơn vị chưa báo cáo" in response.content.decode()
    assert not UnitReport.objects.filter(unit=cast.phong_a).exists()
    client.post(url, {"year": year.pk, "allow_missing": "1", "reason": MISSING_REASON})
    assert UnitReport.objects.get(unit=cast.phong_a).status == ReportStatus.SUBMITTED


def test_phong_page_previews_the_accepted_schools_before_submitting(cast, year, a1_submitted, login):
    client = login(cast.phong_a_officer)
    url = reverse("reports:chain_unit", args=[cast.phong_a.pk])
    assert 'data-testid="nothing-accepted"' in client.get(url).content.decode()  # nothing accepted yet

    chain.report_accept(report=a1_submitted, user=cast.phong_a_officer)
    content = client.get(url).content.decode()
    table = content.split('data-testid="results-table"')[1].split("</table>")[0]
    assert 'data-level="TH" data-audience="GV"' in table and 'data-level="TH" data-audience="CBQL"' in table
    assert 'data-level="MN"' not in table  # a Phòng's page leaves out the empty levels
    grand = table.split('data-testid="grand-total"')[1].split("</tr>")[0]
    grand = re.sub(r"</?a\b[^>]*>", "", grand)  # each figure is a link to its people
    assert "data-total>3<" in grand  # An (Khá), Minh (Giỏi), Hoa (Đạt); Bình has no result


def test_sending_with_units_left_out_needs_a_reason_which_is_recorded(cast, year, a1_submitted):
    from audit.models import AuditEntry

    chain.report_accept(report=a1_submitted, user=cast.phong_a_officer)
    with pytest.raises(chain.ReportError, match="hãy ghi lý do"):
        chain.report_submit(unit=cast.phong_a, year=year, user=cast.phong_a_officer, allow_missing=True)
    report = chain.report_submit(
        unit=cast.phong_a, year=year, user=cast.phong_a_officer, allow_missing=True, reason=MISSING_REASON
    )
    assert report.transitions.get().comment == MISSING_REASON
    assert AuditEntry.objects.get(action="reports.report.submitted", object_id=report.pk).reason == MISSING_REASON


def test_accepting_shows_what_will_happen_first_then_accepts_on_confirmation(cast, year, a1_submitted, login):
    phong = login(cast.phong_a_officer)
    url = reverse("reports:chain_accept", args=[a1_submitted.pk])
    preview = phong.post(url)
    body = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="accept-effect"' in body and escape(cast.phong_a.name) in body
    a1_submitted.refresh_from_db()
    assert a1_submitted.status == ReportStatus.SUBMITTED and a1_submitted.transitions.count() == 1

    phong.post(url, {"confirmed": "1"})
    a1_submitted.refresh_from_db()
    assert a1_submitted.status == ReportStatus.ACCEPTED
    assert AuditEntry.objects.filter(action="reports.report.accepted", unit=cast.school_a1).exists()

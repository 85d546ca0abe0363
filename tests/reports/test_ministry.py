"""The Sở's yearly report to the Ministry: totals by level × audience × class, the Excel file, the submission."""

import datetime
import html
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Level, OrgUnit, Position, UnitLetterhead
from accounts.scoping import subtree_q
from assessment.models import YearResult
from jobs.models import Job
from jobs.tasks import run_job
from reports import chain
from reports.chain_selectors import accepted_counts, counts_differ, reported_people, result_counts, results_table
from reports.job_handlers import KIND, MinistryReportExporter
from reports.models import ReportStatus, UnitReport
from tests.factories import OrgUnitFactory, StaffFactory
from tests.jobs.conftest import make_job
from tests.official_forms import assert_official_form
from years.models import Deadline, DeadlineKind, TrainingYear

from .test_chain import give_result

MISSING_REASON = "Hết hạn: nộp với các đơn vị đã có báo cáo"

pytestmark = pytest.mark.django_db

TITLE = "BÁO CÁO KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC 2025–2026"
CLASSES = ["Giỏi", "Khá", "Trung bình", "Không hoàn thành kế hoạch", "Đạt yêu cầu", "Không đạt yêu cầu"]


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def province(cast, year):
    """Results of Sở A, by hand (see EXPECTED), plus results that must not count."""
    mn = OrgUnitFactory(code="M1", name="Trường Mầm non M1", parent=cast.phong_a, levels="MN")
    gdtx = OrgUnitFactory(code="G1", name="Trung tâm GDTX G1", parent=cast.so, levels="GDTX")

    def staff(unit, level, position=Position.TEACHER, **extra):
        return StaffFactory(unit=unit, level=level, position=position, **extra)

    give_result(staff(mn, Level.MN), year, "GIOI", "9.0")
    give_result(staff(mn, Level.MN, Position.PRINCIPAL), year, "KHA", "8.0")  # MN managers get the 4 classes
    give_result(cast.teacher_a1.staff, year, "KHA", "8.0")
    give_result(cast.group_head_a1.staff, year, "GIOI", "9.3")
    give_result(staff(cast.school_a2, Level.TH), year, "GIOI", "9.0")
    give_result(cast.teacher_a2.staff, year, "KHONG_HOAN_THANH")
    give_result(cast.principal_a1.staff, year, "DAT", "7.0")
    give_result(cast.teacher_b1.staff, year, "TRUNG_BINH", "6.0")
    give_result(cast.teacher_t1.staff, year, "KHA", "7.5")
    give_result(staff(cast.school_t1, Level.THPT, Position.PRINCIPAL), year, "KHONG_DAT", "4.5")
    staff(gdtx, Level.GDTX)  # no result yet
    staff(gdtx, Level.GDTX, is_active=False)  # left: not counted
    # Not Sở A's year or not Sở A's province.
    give_result(cast.teacher_z1.staff, year, "GIOI", "9.5")
    earlier = TrainingYear.objects.create(department=cast.so, start_year=2024)
    give_result(cast.teacher_a1_other_group.staff, earlier, "GIOI", "9.0")  # and none this year
    return year


@pytest.fixture
def sent_up(cast, province):
    """Every school confirmed its results and sent its report, each accepted; both Phòng sent and were accepted:
    the Sở's figures for the Bộ are what it accepted."""
    from assessment.models import SchoolConfirmation

    schools = OrgUnit.objects.filter(subtree_q(cast.so), kind=OrgUnit.Kind.SCHOOL, is_active=True).order_by("path")
    for school in schools:
        SchoolConfirmation.objects.create(school=school, year=province, is_locked=True, managers_locked=True)
        chain.report_accept(report=chain.report_submit(unit=school, year=province, user=cast.admin), user=cast.admin)
    for phong in (cast.phong_a, cast.phong_b):
        chain.report_accept(report=chain.report_submit(unit=phong, year=province, user=cast.admin), user=cast.admin)
    return province


# (level, audience): counts per class in CLASSES order, total, completion %, without result
EXPECTED = {
    ("MN", "GV"): ([1, 0, 0, 0, 0, 0], 1, Decimal("100.0"), 0),
    ("MN", "CBQL"): ([0, 1, 0, 0, 0, 0], 1, Decimal("100.0"), 0),
    ("TH", "GV"): ([2, 1, 0, 1, 0, 0], 4, Decimal("75.0"), 1),
    ("TH", "CBQL"): ([0, 0, 0, 0, 1, 0], 1, Decimal("100.0"), 0),
    ("THCS", "GV"): ([0, 0, 1, 0, 0, 0], 1, Decimal("100.0"), 0),
    ("THCS", "CBQL"): ([0, 0, 0, 0, 0, 0], 0, None, 0),
    ("THPT", "GV"): ([0, 1, 0, 0, 0, 0], 1, Decimal("100.0"), 0),
    ("THPT", "CBQL"): ([0, 0, 0, 0, 0, 1], 1, Decimal("0.0"), 0),
    ("GDTX", "GV"): ([0, 0, 0, 0, 0, 0], 0, None, 1),
    ("GDTX", "CBQL"): ([0, 0, 0, 0, 0, 0], 0, None, 0),
}
TOTAL_GV = ([3, 2, 1, 1, 0, 0], 7, Decimal("85.7"), 2)
TOTAL_CBQL = ([0, 1, 0, 0, 1, 1], 3, Decimal("66.7"), 0)
GRAND_TOTAL = ([3, 3, 1, 1, 1, 1], 10, Decimal("80.0"), 2)


def _row_values(row):
    return (row.counts, row.total, row.completion_rate, row.no_result)


def test_totals_match_the_hand_computed_province(cast, province, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        counts = result_counts(year=province, root=cast.so)
    table = results_table(counts=counts, ruleset=province.ruleset)

    assert [label for _code, label in table.classes] == CLASSES
    assert {(row.level, row.audience): _row_values(row) for row in table.rows} == EXPECTED
    assert [row.level for row in table.rows][:4] == ["MN", "MN", "TH", "TH"]
    gv, cbql, grand = table.totals
    assert _row_values(gv) == TOTAL_GV
    assert _row_values(cbql) == TOTAL_CBQL
    assert _row_values(grand) == GRAND_TOTAL
    th_gv = next(row for row in table.rows if (row.level, row.audience) == ("TH", "GV"))
    assert th_gv.percents == [
        Decimal("50.0"),
        Decimal("25.0"),
        Decimal("0.0"),
        Decimal("25.0"),
        Decimal("0.0"),
        Decimal("0.0"),
    ]


def test_a_phong_subtree_counts_only_its_schools(cast, province):
    counts = result_counts(year=province, root=cast.phong_b)
    assert counts == {"THCS": {"GV": {"TRUNG_BINH": 1}}}


def test_the_2019_ruleset_shows_completed_or_not(cast, year):
    year.ruleset = "TT19_2019"
    year.save()
    give_result(cast.teacher_a1.staff, year, "HOAN_THANH")
    give_result(cast.teacher_a2.staff, year, "KHONG_HOAN_THANH")
    table = results_table(counts=result_counts(year=year, root=cast.so), ruleset=year.ruleset)
    assert [code for code, _label in table.classes] == ["HOAN_THANH", "KHONG_HOAN_THANH"]
    assert _row_values(table.grand_total)[:3] == ([1, 1], 2, Decimal("50.0"))


# ----------------------------------------------------------------------------------------------- the page


def test_so_officer_sees_the_ministry_page(cast, sent_up, login):
    response = login(cast.so_officer).get(reverse("reports:ministry_report"))
    assert response.status_code == 200
    content = response.content.decode()
    assert TITLE in content and html.escape(cast.so.name) in content
    assert "30/06/2026" in content  # the Ministry's deadline when the Sở set none
    grand = content.split('data-testid="grand-total"')[1].split("</tr>")[0]
    grand = re.sub(r"</?a\b[^>]*>", "", grand)  # each figure is a link to its people
    assert "data-total>10<" in grand and "80,0%" in grand  # Vietnamese decimal comma


@pytest.mark.parametrize("who", ["phong_a_officer", "principal_a1", "teacher_a1"])
def test_only_the_so_sees_the_ministry_report(cast, province, login, who):
    client = login(getattr(cast, who))
    assert client.get(reverse("reports:ministry_report")).status_code == 403
    assert client.post(reverse("reports:ministry_export"), {"year": province.pk}).status_code == 403
    assert not Job.objects.exists()


def test_another_provinces_officer_gets_404(cast, province, login):
    client = login(cast.so_z_officer)
    assert client.get(reverse("reports:ministry_report") + f"?year={province.pk}").status_code == 404
    assert client.post(reverse("reports:ministry_export"), {"year": province.pk}).status_code == 404


# ----------------------------------------------------------------------------------------------- Excel


def _sheet(content):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def test_excel_opens_with_the_right_headers_and_totals(cast, sent_up, login, django_capture_on_commit_callbacks):
    client = login(cast.so_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:ministry_export"), {"year": sent_up.pk})
    job = Job.objects.get(requester=cast.so_officer, kind=KIND)
    assert response.status_code == 302 and response.url == reverse("jobs:job_detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.file_name == "bao-cao-bdtx-SO-A-2025-2026.xlsx"
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    sheet = _sheet(b"".join(download.streaming_content))

    # The Sở's heading (accounts.letterheads) above the title: three rows, then the title and the Sở's name.
    assert_official_form(sheet, superior="UBND TỈNH A", issuer="SỞ GIÁO DỤC VÀ ĐÀO TẠO", signer="GIÁM ĐỐC", place="A")
    head = 3
    assert sheet["A4"].value == TITLE
    assert sheet["A5"].value == cast.so.name
    header = [sheet.cell(row=head + 5, column=column).value for column in range(1, 18)]
    assert header[:2] == ["Cấp học", "Đối tượng"]
    assert [header[2 + 2 * index] for index in range(6)] == CLASSES
    assert header[14:] == ["Tổng số", "Tỷ lệ hoàn thành (%)", "Chưa có kết quả"]
    assert [sheet.cell(row=head + 6, column=column).value for column in (3, 4)] == ["Số lượng", "Tỷ lệ (%)"]

    rows = {}
    for number in range(7, 20):
        values = [sheet.cell(row=head + number, column=column).value for column in range(1, 18)]
        rows[number] = values
    th_gv = rows[9]  # MN GV, MN CBQL, then TH GV
    assert th_gv[0] == "Tiểu học" and th_gv[1] == "Giáo viên"
    assert th_gv[2:14:2] == [2, 1, 0, 1, 0, 0]
    assert th_gv[3] == 50.0 and th_gv[14:] == [4, 75.0, 1]
    assert rows[10][0] is None and rows[10][1] == "Cán bộ quản lý"  # merged "Tiểu học" cell
    grand = rows[19]
    assert grand[0] == "Tổng cộng"
    assert grand[2:14:2] == GRAND_TOTAL[0]
    assert grand[14:] == [10, 80.0, 2]
    assert rows[18][:2] == ["Cộng", "Cán bộ quản lý"] and rows[18][14] == 3
    assert f"A{head + 7}:A{head + 8}" in {str(merged) for merged in sheet.merged_cells.ranges}  # "Mầm non"


def test_the_excel_signs_with_the_letterhead_settings_of_the_so(cast, year, tmp_path):
    UnitLetterhead.objects.create(
        unit=cast.so, signs_for="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC", signer_name="Cầm Văn Hùng", place="Sơn La"
    )
    path = tmp_path / "bo.xlsx"
    MinistryReportExporter(user=cast.so_officer, params={"year": year.pk}).write(path)
    sheet = openpyxl.load_workbook(path).active
    cells = assert_official_form(
        sheet, superior="UBND TỈNH A", issuer="SỞ GIÁO DỤC VÀ ĐÀO TẠO", signer="PHÓ GIÁM ĐỐC", place="Sơn La"
    )
    assert cells[-5:] == ["NGƯỜI LẬP BIỂU", "PHÓ GIÁM ĐỐC", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", "Cầm Văn Hùng"]
    assert "KT. GIÁM ĐỐC" in cells


def test_excel_keeps_a_formula_like_unit_name_as_text(cast, year, tmp_path):
    OrgUnit.objects.filter(pk=cast.so.pk).update(name='=HYPERLINK("http://x","Sở")')
    cast.so_officer.refresh_from_db()
    path = tmp_path / "bo.xlsx"
    MinistryReportExporter(user=cast.so_officer, params={"year": year.pk}).write(path)
    cell = openpyxl.load_workbook(path).active["A5"]  # under the heading and the title
    assert cell.value == '=HYPERLINK("http://x","Sở")' and cell.data_type == "s"


def test_the_job_rechecks_the_year_against_the_requester(cast, year):
    job = make_job(cast.so_z_officer, kind=KIND, params={"year": year.pk})
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "phạm vi" in job.message

    job = make_job(cast.phong_a_officer, kind=KIND, params={"year": year.pk})
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "Sở GD&ĐT" in job.message


# ----------------------------------------------------------------------------------------------- submission


def test_so_records_its_report_to_the_ministry(cast, province):
    with pytest.raises(chain.MissingUnitsError) as missing:
        chain.report_submit(unit=cast.so, year=province, user=cast.so_officer)
    assert {unit.code for unit in missing.value.units} == {"PH-A", "PH-B", "T1", "G1"}

    report = chain.report_submit(
        unit=cast.so, year=province, user=cast.so_officer, allow_missing=True, reason=MISSING_REASON
    )
    assert report.kind == DeadlineKind.DEPARTMENT_REPORT and report.status == ReportStatus.SUBMITTED
    assert report.due_date == datetime.date(2026, 6, 30)
    assert report.snapshot["counts"] == {}  # nothing accepted below it: nothing to add up


def test_the_sos_report_adds_up_what_it_accepted(cast, sent_up):
    report = chain.report_submit(unit=cast.so, year=sent_up, user=cast.so_officer)
    assert report.snapshot["counts"] == result_counts(year=sent_up, root=cast.so)  # nothing changed since
    table = results_table(counts=report.snapshot["counts"], ruleset=sent_up.ruleset)
    assert _row_values(table.grand_total) == GRAND_TOTAL
    with pytest.raises(chain.ReportError, match="đã được nộp"):
        chain.report_submit(unit=cast.so, year=sent_up, user=cast.so_officer, allow_missing=True, reason=MISSING_REASON)
    with pytest.raises(chain.ReportError):
        chain.report_submit(
            unit=cast.so, year=sent_up, user=cast.phong_a_officer, allow_missing=True, reason=MISSING_REASON
        )


def test_a_score_changed_after_acceptance_shows_beside_not_in_the_figures(cast, sent_up, login):
    """The Sở's and the Bộ's figures are the sums of the accepted reports; a result changed later is live data,
    shown beside them as a difference, until the school's report is returned and sent again."""
    from assessment.models import YearResult

    accepted = accepted_counts(unit=cast.so, year=sent_up)
    YearResult.objects.filter(staff=cast.teacher_a1.staff, year=sent_up).update(classification="GIOI")
    assert accepted_counts(unit=cast.so, year=sent_up) == accepted
    live = result_counts(year=sent_up, root=cast.so)
    assert live != accepted and counts_differ(live, accepted)
    page = login(cast.so_officer).get(reverse("reports:ministry_report")).content.decode()
    grand = page.split('data-testid="grand-total"')[1].split("</tr>")[0]
    grand = re.sub(r"</?a\b[^>]*>", "", grand)  # each figure is a link to its people
    assert "data-total>10<" in grand
    assert 'data-testid="live-results" open' in page


def test_a_deadline_set_by_the_so_replaces_the_default(cast, year):
    Deadline.objects.create(
        year=year, kind=DeadlineKind.DEPARTMENT_REPORT, unit=cast.so, due_date=datetime.date(2026, 6, 25)
    )
    report = chain.report_submit(
        unit=cast.so, year=year, user=cast.so_officer, allow_missing=True, reason=MISSING_REASON
    )
    assert report.due_date == datetime.date(2026, 6, 25)


def test_submit_from_the_ministry_page(cast, province, login):
    client = login(cast.so_officer)
    url = reverse("reports:chain_submit", args=[cast.so.pk])
    response = client.post(url, {"year": province.pk, "next": "ministry"}, follow=True)
    assert "chưa có báo cáo được tiếp nhận" in response.content.decode()
    response = client.post(
        url, {"year": province.pk, "next": "ministry", "allow_missing": "1", "reason": MISSING_REASON}
    )
    assert response.status_code == 302 and response.url.startswith(reverse("reports:ministry_report"))
    page = client.get(response.url).content.decode()
    assert "Đã gửi lần 1" in page and 'data-testid="ministry-submit"' not in page


def _cells(table):
    """(level, audience, figure, value) of every linked cell of a report table."""
    codes = [code for code, _label in table.classes]
    for row in [*table.rows, *table.totals]:
        level = "" if row.is_total else row.level
        for code, count in zip(codes, row.counts, strict=True):
            yield level, row.audience, code, count
        yield level, row.audience, "evaluated", row.total
        yield level, row.audience, "NONE", row.no_result


def test_every_figure_of_the_report_tables_is_the_length_of_its_list(cast, sent_up, login):
    chain.report_submit(unit=cast.so, year=sent_up, user=cast.so_officer)
    # Live data moves after the reports went up: the lists still read what was reported.
    YearResult.objects.filter(year=sent_up).update(classification="KHONG_HOAN_THANH")
    checked = 0
    for unit, source, counts in [
        (cast.so, "accepted", accepted_counts(unit=cast.so, year=sent_up)),
        (cast.so, "snapshot", UnitReport.objects.get(unit=cast.so).snapshot["counts"]),
        (cast.phong_a, "snapshot", UnitReport.objects.get(unit=cast.phong_a).snapshot["counts"]),
        (cast.school_a1, "snapshot", UnitReport.objects.get(unit=cast.school_a1).snapshot["counts"]),
    ]:
        for level, audience, figure, value in _cells(results_table(counts=counts, ruleset=sent_up.ruleset)):
            people = reported_people(
                unit=unit, year=sent_up, source=source, level=level, audience=audience, figure=figure
            )
            assert len(people) == value, (unit.code, source, level, audience, figure)
            checked += 1
    assert checked > 100

    client = login(cast.so_officer)
    page = client.get(reverse("reports:ministry_report"), {"year": sent_up.pk}).content.decode()
    assert reverse("reports:chain_people", args=[cast.so.pk]) in page
    listing = client.get(
        reverse("reports:chain_people", args=[cast.so.pk]),
        {"year": sent_up.pk, "nguon": "accepted", "cap": "TH", "doi_tuong": "GV", "nhom": "evaluated"},
    )
    assert len(listing.context["page"].object_list) == EXPECTED[("TH", "GV")][1]
    assert client.get(reverse("reports:chain_people", args=[cast.so.pk]), {"nguon": "bogus"}).status_code == 404

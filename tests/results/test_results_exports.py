# ruff: noqa: F811 (fixtures imported from results_data are used as arguments)
"""Excel files of the BDTX results: each one started from its button, run at commit, downloaded, read back.

Every file is opened with openpyxl and checked for the official head, its headers, totals equal to the database,
Vietnamese text intact, and a staff member named like a formula staying text.
"""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Staff
from assessment.models import YearResult
from assessment.rules import LABELS
from jobs.models import Job
from jobs.tasks import run_job
from plans.models import Plan, PlanStatus
from tests.jobs.conftest import job_files, make_job
from years.models import TrainingYear

from .results_data import (  # noqa: F401 (fixtures)
    FORMULA_NAME,
    KHA,
    TRUNG_BINH,
    confirm,
    db_counts,
    make_result,
    manager,
    modules,
    scorer,
    teacher,
    year,
)

pytestmark = pytest.mark.django_db

LIST_HEADERS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Chức vụ",
    "Cấp học/Tổ",
    "Điểm",
    None,
    None,
    "ĐTB",
    "Xếp loại",
    "Ghi chú",
]
LIST_SUBHEADERS = [None, None, None, None, None, "ND1", "ND2", "ĐTB ND3", None, None, None]


@pytest.fixture
def data(cast, make_result, year):
    """Results in A1 (every class, a formula-like name, a missing module), A2, B1 and T1; a plan left in draft."""
    a1 = cast.school_a1
    cast.teacher_a1.staff.birth_date = datetime.date(1990, 4, 5)
    cast.teacher_a1.staff.save()
    plans = {
        "an": make_result(cast.teacher_a1.staff),
        "binh": make_result(cast.teacher_a1_other_group.staff, KHA),
        "formula": make_result(teacher(a1, FORMULA_NAME, subject_group="=1+1"), TRUNG_BINH),
        "son": make_result(teacher(a1, "Lò Văn Sơn"), module_totals=[9, 9, 9, None]),
        "principal": make_result(cast.principal_a1.staff, 8),
        "unscored": make_result(teacher(a1, "Quàng Thị Ánh"), scored=False),
        "cuong": make_result(cast.teacher_a2.staff, nd2=4),
        "dung": make_result(cast.teacher_b1.staff),
        "em": make_result(cast.teacher_t1.staff, KHA),
    }
    Plan.objects.create(year=year, staff=teacher(a1, "Điêu Văn Hùng"), school=a1, status=PlanStatus.DRAFT)
    teacher(a1, "Người Đã Nghỉ", is_active=False)
    confirm(cast.school_b1, year)
    return plans


@pytest.fixture
def export(login, django_capture_on_commit_callbacks):
    """POST an export as ``user``; the job runs at commit. Returns (response, workbook or None, job or None)."""

    def _export(user, report, unit, year=None):
        client = login(user)
        body = {"report": report, "unit": unit.pk}
        if year is not None:
            body["year"] = year.pk
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("results:results_export_start"), body)
        job = Job.objects.filter(requester=user).order_by("-pk").first()
        if response.status_code != 302:
            return response, None, job
        assert response.url == reverse("jobs:job_detail", args=[job.pk])
        job.refresh_from_db()
        assert job.status == Job.Status.SUCCEEDED, job.message
        download = client.get(reverse("jobs:job_download", args=[job.pk]))
        assert download.status_code == 200
        assert ".xlsx" in download["Content-Disposition"]
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        return response, workbook, job

    return _export


def values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def table(sheet, header_rows=2):
    """(header rows, data rows as cell lists up to the first empty row) of an official list."""
    rows = list(sheet.iter_rows())
    start = next(i for i, row in enumerate(rows) if row[0].value == "STT")
    body = []
    for row in rows[start + header_rows :]:
        if all(cell.value is None for cell in row):
            break
        body.append(row)
    return [[cell.value for cell in row] for row in rows[start : start + header_rows]], body


def texts(sheet):
    return [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def assert_official_head(sheet, *, unit_line, title, superior_line=None, signer="GIÁM ĐỐC", place="A"):
    cells = texts(sheet)
    if superior_line is not None:
        assert sheet["A1"].value == superior_line
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Độc lập - Tự do - Hạnh phúc" in cells
    assert sheet["A2"].value == unit_line
    assert title in cells
    assert "NGƯỜI LẬP BIỂU" in cells and signer in cells
    # The place and date of signing, no dots left to fill in.
    assert any(cell.startswith(f"{place}, ngày ") for cell in cells), cells
    assert any(", ngày " in text and " tháng " in text and " năm " in text for text in cells)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


# --- the school's classification list -------------------------------------------------------------------------


def test_principal_downloads_the_official_classification_list(cast, data, year, export):
    _, workbook, job = export(cast.principal_a1, "list", cast.school_a1, year)
    sheet = workbook.active
    assert_official_head(
        sheet,
        unit_line="TRƯỜNG TIỂU HỌC A1",
        title="DANH SÁCH XẾP LOẠI KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC 2025-2026",
        signer="HIỆU TRƯỞNG",
        place="A",  # the school's superior: Phòng GD&ĐT Huyện A
    )
    assert sheet["A1"].value == "PHÒNG GD&ĐT HUYỆN A"
    headers, rows = table(sheet)
    assert headers == [LIST_HEADERS, LIST_SUBHEADERS]
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    header_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "STT")
    assert f"F{header_row}:H{header_row}" in merged and f"A{header_row}:A{header_row + 1}" in merged

    approved = Plan.objects.filter(year=year, school=cast.school_a1, status=PlanStatus.APPROVED)
    assert len(rows) == approved.count() == 6
    assert [row[0].value for row in rows] == list(range(1, 7))
    by_name = {row[1].value: row for row in rows}
    assert set(by_name) == set(approved.values_list("staff__full_name", flat=True))
    assert "Điêu Văn Hùng" not in by_name and "Hoàng Văn Cường" not in by_name

    # Classes equal the stored results, with their Vietnamese labels.
    stored = {r.staff.full_name: r.classification for r in YearResult.objects.filter(school=cast.school_a1)}
    for name, classification in stored.items():
        assert by_name[name][9].value == str(LABELS[classification])
    assert by_name["Quàng Thị Ánh"][9].value == "Chưa có kết quả"
    assert by_name["Lê Thị Hoa"][9].value == "Đạt yêu cầu"

    an = by_name["Nguyễn Văn An"]
    assert an[2].value == datetime.datetime(1990, 4, 5) and an[2].number_format == "dd/mm/yyyy"
    assert [an[5].value, an[6].value, an[7].value, an[8].value] == [9, 9, 9, 9]
    assert an[3].value == "Giáo viên" and an[4].value == "Tổ 1-2-3"
    son = by_name["Lò Văn Sơn"]
    assert son[7].value is None and son[8].value is None
    assert son[9].value == "Không hoàn thành kế hoạch" and "Thiếu điểm mô đun TH4 (Mô đun TH 4)" in son[10].value

    formula = by_name[FORMULA_NAME]
    assert formula[1].data_type == "s" and formula[1].value == FORMULA_NAME
    assert formula[4].data_type == "s" and formula[4].value == "=1+1"

    summary_line = next(text for text in texts(sheet) if text.startswith("Tổng số:"))
    # Shares are of the people with a result, as on the dashboard: the unscored plan is not in the base.
    assert "Tổng số: 6 người có kế hoạch được duyệt, 5 người có kết quả" in summary_line
    assert "Giỏi: 1 (20,0 % trên 5 người có kết quả)" in summary_line
    assert "Chưa có kết quả: 1" in summary_line
    assert job.file_name == "danh-sach-xep-loai-bdtx-A1-2025-2026.xlsx"


def test_the_list_is_only_for_a_unit_in_scope(cast, data, year, export):
    response, _, _ = export(cast.principal_a1, "list", cast.school_a2, year)
    assert response.status_code == 404
    response, _, _ = export(cast.phong_b_officer, "list", cast.school_a1, year)
    assert response.status_code == 404
    response, _, _ = export(cast.phong_b_officer, "list", cast.phong_a, year)
    assert response.status_code == 404
    response, _, _ = export(cast.teacher_a1, "list", cast.school_a1, year)
    assert response.status_code == 403
    response, _, _ = export(cast.so_z_officer, "summary", cast.so_z, year)
    assert response.status_code == 404  # Sở A's year for Sở Z
    assert not Job.objects.exists()


def test_a_phong_officer_gets_the_list_of_a_school_below(cast, data, year, export):
    _, workbook, _ = export(cast.phong_a_officer, "list", cast.school_a2, year)
    _, rows = table(workbook.active)
    assert [row[1].value for row in rows] == ["Hoàng Văn Cường"]
    assert rows[0][6].value == 4 and rows[0][9].value == "Không hoàn thành kế hoạch"


def test_a_phong_officer_gets_the_list_of_every_school_below_with_their_names(cast, data, year, export):
    _, workbook, _ = export(cast.phong_a_officer, "list", cast.phong_a, year)
    headers, rows = table(workbook.active)
    assert headers[0][:6] == ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Đơn vị", "Cấp học/Tổ"]
    school_of = {row[1].value: row[4].value for row in rows}
    approved = Plan.objects.filter(year=year, school__path__startswith=cast.phong_a.path, status=PlanStatus.APPROVED)
    assert len(rows) == approved.count() == 7
    assert set(school_of) == set(approved.values_list("staff__full_name", flat=True))
    assert school_of["Hoàng Văn Cường"] == cast.school_a2.name
    assert school_of["Nguyễn Văn An"] == cast.school_a1.name
    assert cast.teacher_b1.staff.full_name not in school_of  # Phòng B's school


# --- the Phòng and Sở summaries ---------------------------------------------------------------------------------


def _class_columns(headers):
    """{header text: column index of its count} for the two-row summary header."""
    top, bottom = headers
    return {text: index for index, text in enumerate(top) if text and bottom[index] == "SL"}


def test_department_summary_totals_equal_the_database(cast, data, year, export):
    _, workbook, job = export(cast.so_officer, "summary", cast.so, year)
    sheet = workbook["Tổng hợp"]
    assert_official_head(
        sheet,
        superior_line="UBND TỈNH A",  # Nghị định 30/2020: the Sở under its People's Committee
        unit_line="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        title="BẢNG TỔNG HỢP KẾT QUẢ BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC 2025-2026",
    )
    headers, rows = table(sheet)
    assert headers[0][:4] == ["STT", "Đơn vị", "CB, GV đang công tác", "Đã có kết quả (cơ sở tính %)"]
    assert headers[0][-2:] == ["Chưa có kết quả", "Ghi chú"]
    columns = _class_columns(headers)
    assert list(columns) == [
        "Giỏi",
        "Khá",
        "Trung bình",
        "Không hoàn thành kế hoạch",
        "Đạt yêu cầu",
        "Không đạt yêu cầu",
        "Tổng số hoàn thành",
    ]
    assert [row[1].value for row in rows] == [
        "Phòng GD&ĐT Huyện A",
        "Phòng GD&ĐT Huyện B",
        "Trường THPT T1",
        "Tổng cộng",
    ]
    total = rows[-1]
    schools = [cast.school_a1, cast.school_a2, cast.school_b1, cast.school_t1]
    assert total[2].value == Staff.objects.filter(unit__in=schools, is_active=True).count() == 11
    assert total[3].value == YearResult.objects.filter(year=year).count() == 8
    counts = db_counts(year=year, schools=schools)
    for classification, label in LABELS.items():
        if label in columns:
            assert total[columns[str(label)]].value == counts.get(classification, 0), label
    giỏi = columns["Giỏi"]
    assert total[giỏi + 1].value == pytest.approx(round(100 * counts["GIOI"] / 8, 1))
    completed = YearResult.objects.filter(year=year).exclude(classification__in=["KHONG_HOAN_THANH", "KHONG_DAT"])
    assert total[columns["Tổng số hoàn thành"]].value == completed.count() == 6
    no_result = Staff.objects.filter(unit__in=schools, is_active=True).exclude(year_results__year=year).count()
    assert total[-2].value == no_result == 3
    # A Phòng's row is the sum of its schools.
    phong_a = rows[0]
    a_schools = [cast.school_a1, cast.school_a2]
    assert phong_a[2].value == Staff.objects.filter(unit__in=a_schools, is_active=True).count()
    assert phong_a[3].value == YearResult.objects.filter(year=year, school__in=a_schools).count() == 6
    assert rows[1][-1].value == "1/1 trường đã xác nhận kết quả"

    detail = workbook["Chi tiết theo trường"]
    headers, rows = table(detail)
    assert headers[0][:3] == ["STT", "Đơn vị", "Thuộc"]
    assert [(row[1].value, row[2].value) for row in rows[:-1]] == [
        ("Trường Tiểu học A1", "Phòng GD&ĐT Huyện A"),
        ("Trường Tiểu học A2", "Phòng GD&ĐT Huyện A"),
        ("Trường THCS B1", "Phòng GD&ĐT Huyện B"),
        ("Trường THPT T1", "Sở GD&ĐT Tỉnh A"),
    ]
    assert sum(row[4].value for row in rows[:-1]) == rows[-1][4].value == 8
    assert rows[2][-1].value == "Đã xác nhận kết quả"
    assert job.file_name == "tong-hop-ket-qua-bdtx-SO-A-2025-2026.xlsx"


def test_phong_summary_lists_its_own_schools_only(cast, data, year, export):
    _, workbook, _ = export(cast.phong_a_officer, "summary", cast.phong_a, year)
    assert workbook.sheetnames == ["Tổng hợp"]
    sheet = workbook.active
    assert sheet["A1"].value == "UBND HUYỆN A" and sheet["A2"].value == "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    _, rows = table(sheet)
    assert [row[1].value for row in rows] == ["Trường Tiểu học A1", "Trường Tiểu học A2", "Tổng cộng"]
    assert rows[-1][3].value == YearResult.objects.filter(year=year, school__parent=cast.phong_a).count()
    response, _, _ = export(cast.phong_b_officer, "summary", cast.phong_a, year)
    assert response.status_code == 404


def test_summary_of_a_2019_year_shows_its_two_classes(cast, make_result, export):
    year = TrainingYear.objects.create(department=cast.so, start_year=2024, ruleset="TT19_2019")
    make_result(cast.teacher_a1.staff, plan_year=year)
    make_result(cast.teacher_a2.staff, module_totals=[9, 9, 9, 4], plan_year=year)
    _, workbook, _ = export(cast.phong_a_officer, "summary", cast.phong_a, year)
    headers, rows = table(workbook.active)
    columns = _class_columns(headers)
    # The TT 19/2019 names of the two results (assessment.rules.label).
    assert list(columns) == ["Hoàn thành kế hoạch BDTX", "Không hoàn thành kế hoạch BDTX", "Tổng số hoàn thành"]
    assert rows[-1][columns["Hoàn thành kế hoạch BDTX"]].value == 1
    assert rows[-1][columns["Không hoàn thành kế hoạch BDTX"]].value == 1


# --- who did not complete ---------------------------------------------------------------------------------------


def test_not_completed_list_has_everyone_and_why(cast, data, year, export):
    _, workbook, _ = export(cast.so_officer, "not_completed", cast.so, year)
    sheet = workbook.active
    assert_official_head(
        sheet,
        superior_line="UBND TỈNH A",
        unit_line="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        title="DANH SÁCH CÁN BỘ QUẢN LÝ, GIÁO VIÊN CHƯA HOÀN THÀNH KẾ HOẠCH BỒI DƯỠNG THƯỜNG XUYÊN NĂM HỌC 2025-2026",
    )
    headers, rows = table(sheet, header_rows=1)
    assert headers == [["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Đơn vị", "Cấp học/Tổ", "Kết quả", "Lý do"]]
    failed = YearResult.objects.filter(year=year, classification__in=["KHONG_HOAN_THANH", "KHONG_DAT"])
    without = Staff.objects.filter(unit__path__startswith=cast.so.path, is_active=True).exclude(year_results__year=year)
    expected = set(failed.values_list("staff__full_name", flat=True)) | set(without.values_list("full_name", flat=True))
    by_name = {row[1].value: row for row in rows}
    assert set(by_name) == expected and len(rows) == failed.count() + without.count() == 5
    assert "Người Đã Nghỉ" not in by_name
    assert by_name["Lò Văn Sơn"][6].value == "Không hoàn thành kế hoạch"
    assert "Thiếu điểm mô đun TH4 (Mô đun TH 4)" in by_name["Lò Văn Sơn"][7].value
    assert "nội dung 2" in by_name["Hoàng Văn Cường"][7].value.lower()
    assert by_name["Quàng Thị Ánh"][6].value == "Chưa có kết quả"
    assert by_name["Quàng Thị Ánh"][7].value == "Kế hoạch đã được phê duyệt nhưng chưa có điểm đánh giá"
    assert by_name["Điêu Văn Hùng"][7].value == "Kế hoạch BDTX cá nhân còn đang soạn, chưa nộp"
    assert by_name["Phạm Văn Minh"][7].value == "Chưa lập kế hoạch BDTX cá nhân"
    assert by_name["Phạm Văn Minh"][4].value == "Trường Tiểu học A1"
    footer = next(text for text in texts(sheet) if text.startswith("Tổng số:"))
    assert footer == "Tổng số: 5 người (không hoàn thành, không đạt: 2; chưa có kết quả: 3)."


def test_not_completed_formula_names_stay_text(cast, make_result, year, export):
    make_result(teacher(cast.school_a1, FORMULA_NAME), module_totals=[9, 9, None, None])
    teacher(cast.school_a1, "+84 123 456", subject_group="@SUM(A1)")
    _, workbook, _ = export(cast.principal_a1, "not_completed", cast.school_a1, year)
    _, rows = table(workbook.active, header_rows=1)
    by_name = {row[1].value: row for row in rows}
    for name in (FORMULA_NAME, "+84 123 456"):
        assert by_name[name][1].data_type == "s"
    assert by_name["+84 123 456"][5].value == "@SUM(A1)" and by_name["+84 123 456"][5].data_type == "s"
    assert {row[4].value for row in rows} == {"Trường Tiểu học A1"}


# --- year over year ---------------------------------------------------------------------------------------------


def test_year_comparison_counts_each_year(cast, make_result, year, export):
    old = TrainingYear.objects.create(department=cast.so, start_year=2024)
    make_result(cast.teacher_a1.staff)
    make_result(cast.teacher_a2.staff, KHA)
    make_result(cast.teacher_a1.staff, plan_year=old)
    make_result(cast.teacher_b1.staff, plan_year=old)  # outside Phòng A
    _, workbook, _ = export(cast.phong_a_officer, "years", cast.phong_a)
    headers, rows = table(workbook.active)
    assert headers[0][:3] == ["STT", "Năm học", "Đã có kết quả (cơ sở tính %)"]
    columns = _class_columns(headers)
    assert [row[1].value for row in rows] == ["2024-2025", "2025-2026"]
    assert rows[0][2].value == 1 and rows[1][2].value == 2
    assert rows[1][columns["Giỏi"]].value == 1 and rows[1][columns["Khá"]].value == 1
    assert rows[1][columns["Giỏi"] + 1].value == 50


# --- jobs never trust their parameters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        lambda c, y: {"unit": c.school_b1.pk, "year": y.pk},
        lambda c, y: {"unit": c.school_a1.pk, "year": 999999},
        lambda c, y: {"unit": "abc", "year": y.pk},
        lambda c, y: {},
    ],
)
def test_tampered_job_parameters_fail_without_a_file(cast, data, year, params):
    job = make_job(cast.principal_a1, kind="results_classification_list", params=params(cast, year))
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "phạm vi" in job.message
    assert job_files(job) == []


def test_a_teacher_job_fails(cast, data, year):
    job = make_job(cast.teacher_a1, kind="results_summary", params={"unit": cast.school_a1.pk, "year": year.pk})
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "quyền" in job.message


def test_summary_export_queries_do_not_grow_with_the_schools(cast, make_result, year, django_assert_max_num_queries):
    from tests.factories import OrgUnitFactory

    for index in range(12):
        school = OrgUnitFactory(parent=cast.phong_a, name=f"Trường Tiểu học số {index}")
        make_result(teacher(school, f"Giáo Viên {index}"))
    job = make_job(cast.so_officer, kind="results_summary", params={"unit": cast.so.pk, "year": year.pk})
    with django_assert_max_num_queries(25):
        run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED


def test_percent_helper_rounds_half_up():
    from core.money import percent

    assert percent(1, 6) == Decimal("16.7") and percent(1, 8) == Decimal("12.5") and percent(0, 0) == 0
    assert percent(1, 16) == Decimal("6.3")  # 6.25 → 6.3

"""Score import from Excel: the pre-filled template, good files, bad files (nothing saved)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from assessment import importers, services
from assessment.models import SchoolConfirmation, Score, ScoreChange, Source, YearResult
from jobs.models import Job
from tests.factories import GAP_REASON, StaffFactory

from .helpers import D, pairs_row

pytestmark = pytest.mark.django_db

IMPORT = reverse("assessment:score_import")
TEMPLATE = reverse("assessment:score_template")
HEADER = ["Mã cán bộ", "Họ và tên", "Nội dung", "Mã mô đun", "Tên nội dung", "Điểm tiếp thu", "Điểm vận dụng"]


def _workbook_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(content, name="diem.xlsx"):
    return SimpleUploadedFile(name, content, content_type=importers.XLSX_CONTENT_TYPE)


def _full_rows(staff, modules, nd1=(4.5, 4.5), nd2=(4.5, "5"), module_scores=None):
    rows = [
        [staff.code, staff.full_name, 1, "", "", *nd1],
        [staff.code, staff.full_name, "2", "", "", *nd2],
    ]
    for index, code in enumerate(modules):
        pair = module_scores[index] if module_scores else ("4,5", 4.5)
        rows.append([staff.code, staff.full_name, 3, code, "", *pair])
    return rows


def test_template_is_prefilled_with_the_group_and_their_plan_items(cast, login, year, plans):
    services.scores_save_grid(
        user=cast.principal_a1,
        year=year,
        rows=[{"plan_id": plans["teacher"].pk, "version": 0, "values": {"nd1": ("4,5", "4")}}],
    )
    response = login(cast.group_head_a1).get(TEMPLATE)
    assert response["Content-Type"] == importers.XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Điểm"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADER
    code = cast.teacher_a1.staff.code
    assert [row[:4] for row in values[1:]] == [
        (code, "Nguyễn Văn An", 1, None),
        (code, "Nguyễn Văn An", 2, None),
        (code, "Nguyễn Văn An", 3, "TH1"),
        (code, "Nguyễn Văn An", 3, "TH2"),
        (code, "Nguyễn Văn An", 3, "TH3"),
        (code, "Nguyễn Văn An", 3, "TH4"),
    ]
    assert values[1][5:] == (4.5, 4)  # the stored scores are filled in
    assert values[3][4] == "TH1 — Mô đun tiểu học 1"
    assert "Hướng dẫn" in workbook.sheetnames


def test_template_writes_names_as_text_never_formulas(cast, login, year, make_plan):
    staff = StaffFactory(unit=cast.school_a1, full_name='=HYPERLINK("http://x","y")', subject_group="Tổ 1-2-3")
    make_plan(staff, modules=1)
    response = login(cast.principal_a1).get(TEMPLATE)
    sheet = load_workbook(io.BytesIO(response.content))["Điểm"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == staff.code]
    assert cells and all(cell.data_type == "s" and cell.value.startswith("=HYPERLINK") for cell in cells)


def test_a_good_file_saves_every_score_with_history(cast, login, year, plans):
    teacher, head = cast.teacher_a1.staff, cast.group_head_a1.staff
    rows = _full_rows(teacher, ["TH1", "TH2", "TH3", "TH4"]) + _full_rows(
        head, ["th1", "TH2", "TH3", "TH4"], nd1=("4", "4"), nd2=("4", "4")
    )
    response = login(cast.principal_a1).post(IMPORT, {"file": _upload(_workbook_bytes(rows))}, follow=True)
    page = response.content.decode()
    assert "Đã nhập 12 dòng: 12 ô điểm thay đổi, của 2 người." in page
    assert Score.objects.count() == 12
    assert ScoreChange.objects.filter(source=Source.IMPORT).count() == 12
    result = YearResult.objects.get(plan=plans["teacher"])
    assert (result.average, result.classification) == (D("9.1"), "GIOI")
    assert YearResult.objects.get(plan=plans["group_head"]).classification == "KHA"


def test_template_round_trip(cast, login, year, plans):
    client = login(cast.group_head_a1)
    workbook = load_workbook(io.BytesIO(client.get(TEMPLATE).content))
    sheet = workbook["Điểm"]
    for row in sheet.iter_rows(min_row=2):
        row[5].value, row[6].value = "4,25", 4.5
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.post(IMPORT, {"file": _upload(buffer.getvalue())})
    scores = Score.objects.filter(plan=plans["teacher"])
    assert scores.count() == 6
    assert {(s.knowledge, s.application) for s in scores} == {(D("4.25"), D("4.5"))}


def test_a_bad_file_saves_nothing_and_lists_errors_by_row_and_column(cast, login, year, plans):
    teacher = cast.teacher_a1.staff
    rows = _full_rows(teacher, ["TH1", "TH2", "TH3", "TH4"])
    rows[0][6] = 6  # row 2, Điểm vận dụng (G)
    rows[2][5] = "4,3"  # row 4, Điểm tiếp thu (F)
    rows.append([teacher.code, teacher.full_name, 3, "TH9", "", 4, 4])  # row 8: module not in the plan
    rows.append([teacher.code, "Trần Văn Khác", 1, "", "", 4, 4])  # row 9: name mismatch and duplicate content 1
    rows.append([cast.teacher_a2.staff.code, "Hoàng Văn Cường", 1, "", "", 4, 4])  # row 10: another school
    rows.append([teacher.code, teacher.full_name, "bốn", "", "", 4, 4])  # row 11: bad content
    rows.append(["", "", 1, "", "", 4, 4])  # row 12: no code
    response = login(cast.principal_a1).post(IMPORT, {"file": _upload(_workbook_bytes(rows))})
    page = response.content.decode()
    assert response.status_code == 200
    errors = {(e.row, e.letter) for e in response.context["errors"]}
    assert {(2, "G"), (4, "F"), (8, "D"), (9, "B"), (9, "C"), (10, "A"), (11, "C"), (12, "A")} <= errors
    messages = " ".join(e.message for e in response.context["errors"])
    assert "Điểm phải từ 0 đến 5, không nhận 6." in messages
    assert "chia hết cho 0,25" in messages
    assert "Mô đun TH9 không có trong kế hoạch" in messages
    assert "không khớp với mã cán bộ" in messages and "đã có ở dòng 2" in messages
    assert "không có trong danh sách bạn được nhập điểm" in messages
    assert "chưa có điểm nào được ghi" in page
    assert not Score.objects.exists() and not ScoreChange.objects.exists() and not YearResult.objects.exists()


def test_missing_columns_are_reported(cast, login, year, plans):
    content = _workbook_bytes([["x", 1, 4]], header=["Mã cán bộ", "Nội dung", "Điểm tiếp thu"])
    response = login(cast.principal_a1).post(IMPORT, {"file": _upload(content)})
    messages = [e.message for e in response.context["errors"]]
    assert "Thiếu cột “Mã mô đun” trong dòng tiêu đề." in messages
    assert "Thiếu cột “Điểm vận dụng” trong dòng tiêu đề." in messages
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"Ma can bo;Noi dung\n1;2\n", b"PK\x03\x04 not really a zip", b"<html>diem</html>"],
)
def test_a_file_that_is_not_a_workbook_is_refused_by_content(cast, login, year, plans, content):
    response = login(cast.principal_a1).post(IMPORT, {"file": _upload(content)})
    assert [e.message for e in response.context["errors"]] == ["Tệp không phải là tệp Excel (.xlsx) hợp lệ."]
    assert not Score.objects.exists()


def test_a_file_with_only_blank_scores_imports_nothing(cast, login, year, plans):
    teacher = cast.teacher_a1.staff
    content = _workbook_bytes([[teacher.code, teacher.full_name, 1, "", "", None, None]])
    response = login(cast.principal_a1).post(IMPORT, {"file": _upload(content)})
    assert "không có điểm nào để nhập" in response.context["errors"][0].message


def test_import_into_a_confirmed_school_is_refused(cast, login, year, plans):
    services.scores_save_grid(user=cast.principal_a1, year=year, rows=[pairs_row(plans["teacher"])])
    services.results_confirm(school=cast.school_a1, year=year, user=cast.principal_a1, reason=GAP_REASON)
    teacher = cast.teacher_a1.staff
    content = _workbook_bytes([[teacher.code, teacher.full_name, 1, "", "", 1, 1]])
    response = login(cast.principal_a1).post(IMPORT, {"file": _upload(content)})
    assert "đã được xác nhận" in response.context["errors"][0].message
    assert Score.objects.get(plan=plans["teacher"], content=1).knowledge == D("4.5")
    assert SchoolConfirmation.objects.get().is_locked


def test_group_head_cannot_import_another_groups_scores(cast, login, year, plans):
    other = cast.teacher_a1_other_group.staff
    content = _workbook_bytes([[other.code, other.full_name, 1, "", "", 4, 4]])
    response = login(cast.group_head_a1).post(IMPORT, {"file": _upload(content)})
    assert response.context["errors"][0].letter == "A"
    assert not Score.objects.exists()


def test_a_large_file_is_saved_by_a_worker_the_same_way(
    cast, login, year, plans, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS, settings.PRIVATE_MEDIA_ROOT = 3, tmp_path
    teacher = cast.teacher_a1.staff
    client = login(cast.principal_a1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            IMPORT, {"file": _upload(_workbook_bytes(_full_rows(teacher, ["TH1", "TH2", "TH3", "TH4"])))}
        )
    job = Job.objects.get(kind="score_import")
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert (job.status, job.message) == (Job.Status.SUCCEEDED, "Đã nhập 6 dòng: 6 ô điểm thay đổi, của 1 người.")
    assert ScoreChange.objects.filter(source=Source.IMPORT, changed_by=cast.principal_a1).count() == 6
    assert YearResult.objects.get(plan=plans["teacher"]).classification == "GIOI"
    assert f"{IMPORT}?year={year.pk}" in client.get(response["Location"]).content.decode()

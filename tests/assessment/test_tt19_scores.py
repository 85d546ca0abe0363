"""Scores of a TT 19/2019 year: one mark (0–10) per assessed piece in the grid, the preview, the Excel import,
the history and the stored result (Hoàn thành / Không hoàn thành kế hoạch BDTX, no ĐTB)."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from assessment import importers, services
from assessment.models import Score, ScoreChange, Source, YearResult
from assessment.services import ScoreInputError
from plans.models import Plan

from .helpers import D

pytestmark = pytest.mark.django_db

GRID = reverse("assessment:score_grid")
IMPORT = reverse("assessment:score_import")
TEMPLATE = reverse("assessment:score_template")


def _modules(plan):
    return [f"m{item.pk}" for item in plan.items.filter(content=3).order_by("order", "id")]


def _row(plan, version=0, nd1=("7",), nd2=("6,5",), modules=None):
    values = {"nd1": nd1, "nd2": nd2}
    for index, slot in enumerate(_modules(plan)):
        values[slot] = modules[index] if modules is not None else ("8", "7,5")
    return {"plan_id": plan.pk, "version": version, "values": values}


def _save(user, year, *rows):
    return services.scores_save_grid(user=user, year=year, rows=list(rows))


# --- reading a mark --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [("7,5", "7.50"), ("10", "10.00"), (4.75, "4.75"), (0, "0.00")])
def test_marks_are_read_on_the_0_10_scale(raw, expected):
    assert services.parse_mark(raw) == D(expected)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("10,5", "Điểm phải từ 0 đến 10, không nhận 10,5."),
        ("-1", "không nhận -1"),
        ("7,3", "Điểm phải chia hết cho 0,25"),
        ("1e999999", "không phải là số"),
        ("NaN", "không phải là số"),
        (True, "không phải là điểm"),
        (10**4000, "Điểm phải từ 0 đến 10, không nhận …"),
    ],
)
def test_bad_marks_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(ValueError, match=message):
        services.parse_mark(raw)


# --- saving and the stored result ------------------------------------------------------------------------------


def test_every_piece_passed_completes_the_plan(cast, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    summary = _save(cast.group_head_a1, tt19, _row(plan))
    assert (summary.cells, summary.plans) == (6, 1)  # BTH of 01 and 02, LT and TH of two modules
    assert set(Score.objects.filter(plan=plan).values_list("piece", flat=True)) == {"BTH", "LT", "TH"}
    assert not Score.objects.filter(plan=plan, knowledge__isnull=False).exists()
    result = YearResult.objects.get(plan=plan)
    assert result.classification == "HOAN_THANH" and result.label == "Hoàn thành kế hoạch BDTX"
    assert result.average is None and result.reasons == []
    assert (result.completed_hours, result.planned_hours, result.missing_count) == (0, 120, 0)  # no tiết confirmed
    change = ScoreChange.objects.get(plan=plan, score__content=1)
    assert (change.piece, change.old_mark, change.new_mark) == ("BTH", None, D("7"))


def test_one_piece_at_4_75_does_not_complete_it(cast, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    _save(cast.group_head_a1, tt19, _row(plan, modules=[("8", "4,75"), ("6", "6")]))
    result = YearResult.objects.get(plan=plan)
    assert result.classification == "KHONG_HOAN_THANH" and result.label == "Không hoàn thành kế hoạch BDTX"
    assert result.reasons == [
        "Mô đun GVPT04 (Mô đun GVPT 4), bài kiểm tra thực hành: 4,75, dưới 5,0 nên không hoàn thành kế hoạch BDTX"
    ]
    assert result.average is None
    assert (result.completed_hours, result.planned_hours) == (0, 120)


def test_a_planned_module_with_no_mark_does_not_complete_it(cast, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    row = _row(plan)
    del row["values"][_modules(plan)[1]]
    _save(cast.group_head_a1, tt19, row)
    result = YearResult.objects.get(plan=plan)
    assert result.classification == "KHONG_HOAN_THANH"
    assert "Thiếu điểm Mô đun GVPT05 (Mô đun GVPT 5), bài kiểm tra lý thuyết" in result.reasons
    assert (result.completed_hours, result.missing_count) == (0, 1)


def test_a_manager_completes_or_not_never_dat(cast, tt19, make_plan19):
    plan = make_plan19(cast.principal_a1.staff)
    _save(cast.phong_a_officer, tt19, _row(plan))
    assert YearResult.objects.get(plan=plan).classification == "HOAN_THANH"
    _save(cast.phong_a_officer, tt19, _row(plan, version=6, nd1=("3",)))
    assert YearResult.objects.get(plan=plan).classification == "KHONG_HOAN_THANH"


def test_a_change_keeps_the_old_and_new_mark(cast, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    _save(cast.group_head_a1, tt19, _row(plan))
    _save(cast.group_head_a1, tt19, _row(plan, version=6, nd1=("9,25",)))
    change = ScoreChange.objects.filter(plan=plan, piece="BTH", score__content=1).first()
    assert (change.old_mark, change.new_mark, change.source) == (D("7"), D("9.25"), Source.GRID)
    assert ScoreChange.objects.filter(plan=plan).count() == 7


def test_bad_marks_save_nothing_and_name_the_piece(cast, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    first = _modules(plan)[0]
    with pytest.raises(ScoreInputError) as error:
        _save(cast.group_head_a1, tt19, _row(plan, modules=[("11", "5"), ("5", "5")]))
    assert set(error.value.errors) == {(plan.pk, first, "LT")}
    assert "bài kiểm tra lý thuyết: Điểm phải từ 0 đến 10, không nhận 11." in error.value.errors[(plan.pk, first, "LT")]
    assert not Score.objects.exists()
    with pytest.raises(ScoreInputError):  # a pair where the module has two pieces … and the programme one
        _save(cast.group_head_a1, tt19, _row(plan, nd1=("5", "5")))


def test_exemption_counts_only_with_the_sos_decision(cast, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff, modules=0, exempt=True)
    _save(cast.group_head_a1, tt19, _row(plan))
    result = YearResult.objects.get(plan=plan)
    assert result.classification == "KHONG_HOAN_THANH"
    assert "Thiếu điểm Chương trình bồi dưỡng 03" in result.reasons
    tt19.exemption_decision_number = "123/QĐ-SGDĐT"
    tt19.exemption_decision_date = datetime.date(2026, 8, 1)
    tt19.exemption_decision_reason = "Giáo viên tiếng Anh học khóa của Sở"
    tt19.save()
    result = services.year_result_recompute(plan=Plan.objects.get(pk=plan.pk))
    assert result.classification == "HOAN_THANH"


def test_preview_speaks_tt19(cast, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    first = _modules(plan)[0]
    data = services.plan_preview(plan=plan, raw_values={"nd1": ("7",), "nd2": ("4,5",), first: ("x", "6")})
    assert data["average"] == "" and data["label"] == "Không hoàn thành kế hoạch BDTX"
    assert set(data["errors"]) == {f"{first}-LT"}
    assert any("Chương trình bồi dưỡng 02, bài thu hoạch: 4,5" in reason for reason in data["reasons"])


# --- the pages -------------------------------------------------------------------------------------------------


def test_grid_has_one_input_per_piece_and_no_average(cast, login, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    response = login(cast.group_head_a1).get(GRID, {"year": tt19.pk})
    page = response.content.decode()
    assert "CT 01 · BTH" in page and "CT 02 · BTH" in page
    headers = [h for h in page.split('data-testid="part-header">')[1:]]
    assert [h.split("<")[0] for h in headers] == ["CT 01 · BTH", "CT 02 · BTH", "LT", "TH", "LT", "TH"]
    first = _modules(plan)[0]
    assert f'name="s-{plan.pk}-nd1-BTH"' in page and f'name="s-{plan.pk}-{first}-TH"' in page
    assert f'name="s-{plan.pk}-nd1-k"' not in page
    assert "ĐTB" not in page.split("<thead")[1].split("</thead>")[0]
    assert 'data-testid="average"' not in page
    assert "GVPT04 · LT" in page


def test_grid_post_without_and_with_javascript(cast, login, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    m1, m2 = _modules(plan)
    client = login(cast.group_head_a1)
    data = {"year": tt19.pk, f"v-{plan.pk}": 0, f"s-{plan.pk}-nd1-BTH": "7", f"s-{plan.pk}-nd2-BTH": "8"}
    for slot in (m1, m2):
        data[f"s-{plan.pk}-{slot}-LT"], data[f"s-{plan.pk}-{slot}-TH"] = "6", "5"
    assert client.post(GRID, data).status_code == 302
    assert YearResult.objects.get(plan=plan).classification == "HOAN_THANH"
    grid = {str(plan.pk): {"v": 6, "s": {"nd1": ["7"], "nd2": ["8"], m1: ["6", "4,75"], m2: ["6", "5"]}}}
    assert client.post(GRID, {"year": tt19.pk, "grid": json.dumps(grid)}).status_code == 302
    assert YearResult.objects.get(plan=plan).classification == "KHONG_HOAN_THANH"
    preview = client.get(reverse("assessment:score_preview", args=[plan.pk]), {"nd1-BTH": "2"}).json()
    assert preview["label"] == "Không hoàn thành kế hoạch BDTX" and preview["average"] == ""


def test_history_and_score_table_show_marks(cast, login, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    _save(cast.group_head_a1, tt19, _row(plan))
    _save(cast.group_head_a1, tt19, _row(plan, version=6, nd1=("9",)))
    page = login(cast.principal_a1).get(reverse("assessment:plan_history", args=[plan.pk])).content.decode()
    assert "Chương trình bồi dưỡng 01 · Bài thu hoạch" in page
    assert 'data-testid="old-mark">7<' in page and 'data-testid="new-mark">9<' in page
    assert "Bài kiểm tra thực hành: <span" in page
    assert "Hoàn thành kế hoạch BDTX" in page and "Điểm trung bình" not in page


def test_tt26_grid_is_unchanged(cast, login, year, plans):
    page = login(cast.group_head_a1).get(GRID).content.decode()
    headers = [h.split("<")[0] for h in page.split('data-testid="part-header">')[1:]]
    assert headers[:4] == ["KT", "VD", "KT", "VD"]
    assert "ĐTB" in page and f'name="s-{plans["teacher"].pk}-nd1-k"' in page and "BTH" not in page


# --- the Excel import ------------------------------------------------------------------------------------------

HEADER = ["Mã cán bộ", "Họ và tên", "Nội dung", "Mã mô đun", "Tên nội dung", "Điểm LT", "Điểm TH", "Điểm BTH"]


def _workbook(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("diem.xlsx", buffer.getvalue(), content_type=importers.XLSX_CONTENT_TYPE)


def test_template_has_one_column_per_piece(cast, login, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    _save(cast.group_head_a1, tt19, _row(plan))
    response = login(cast.group_head_a1).get(TEMPLATE, {"year": tt19.pk})
    sheet = load_workbook(io.BytesIO(response.content))["Điểm"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADER
    staff = cast.teacher_a1.staff
    assert values[1] == (staff.code, staff.full_name, 1, None, "Chương trình bồi dưỡng 01", None, None, 7)
    assert values[3][2:4] == (3, "GVPT04") and values[3][5:] == (8, 7.5, None)


def test_a_good_tt19_file_saves_marks(cast, login, tt19, make_plan19):
    plan = make_plan19(cast.teacher_a1.staff)
    staff = cast.teacher_a1.staff
    rows = [
        [staff.code, staff.full_name, 1, "", "", None, None, 7],
        [staff.code, staff.full_name, 2, "", "", None, None, "6,5"],
        [staff.code, staff.full_name, 3, "GVPT04", "", 8, "7,5", None],
        [staff.code, staff.full_name, 3, "gvpt05", "", 5, 5, None],
    ]
    response = login(cast.principal_a1).post(f"{IMPORT}?year={tt19.pk}", {"file": _workbook(rows)}, follow=True)
    assert "Đã nhập 4 dòng: 6 ô điểm thay đổi, của 1 người." in response.content.decode()
    assert ScoreChange.objects.filter(plan=plan, source=Source.IMPORT).count() == 6
    assert YearResult.objects.get(plan=plan).classification == "HOAN_THANH"


def test_a_bad_tt19_file_saves_nothing_and_lists_errors(cast, login, tt19, make_plan19):
    make_plan19(cast.teacher_a1.staff)
    staff = cast.teacher_a1.staff
    rows = [
        [staff.code, staff.full_name, 1, "", "", 5, None, 7],  # row 2: a theory mark on programme 01 (F)
        [staff.code, staff.full_name, 2, "", "", None, None, 11],  # row 3: 11 (H)
        [staff.code, staff.full_name, 3, "GVPT04", "", "7,3", 6, None],  # row 4: off step (F)
        [staff.code, staff.full_name, 3, "GVPT05", "", 6, 6, 6],  # row 5: an essay mark on a module (H)
    ]
    response = login(cast.principal_a1).post(f"{IMPORT}?year={tt19.pk}", {"file": _workbook(rows)})
    errors = {(e.row, e.letter) for e in response.context["errors"]}
    assert errors == {(2, "F"), (3, "H"), (4, "F"), (5, "H")}
    messages = " ".join(e.message for e in response.context["errors"])
    assert "Chương trình bồi dưỡng 01 không có bài kiểm tra lý thuyết; hãy để trống ô này." in messages
    assert "Điểm phải từ 0 đến 10, không nhận 11." in messages
    assert "Mô đun GVPT05 không có bài thu hoạch" in messages
    assert not Score.objects.exists() and not YearResult.objects.exists()

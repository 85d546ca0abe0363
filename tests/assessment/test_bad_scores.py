"""Bad score cells are refused cheaply with a short Vietnamese message, in the grid, the preview and the import.

Huge exponents (1e999999, 1e999999999, 1e-999999999) and digits that are not ASCII (², ٣) once produced a
million-digit message or a 500; nothing may be saved when they are refused.
"""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from assessment import importers, services
from assessment.models import Score, ScoreChange, YearResult

from .helpers import D

pytestmark = pytest.mark.django_db

GRID = reverse("assessment:score_grid")
IMPORT = reverse("assessment:score_import")
HEADER = ["Mã cán bộ", "Họ và tên", "Nội dung", "Mã mô đun", "Tên nội dung", "Điểm tiếp thu", "Điểm vận dụng"]
BAD_VALUES = ["1e999999", "1e999999999", "1e-999999999", "-1e999999999", "0e999999999", "²", "٣", "4,5e3", "NaN"]
# Every message a user sees about one cell stays short (the longest good one is about 80 characters).
MAX_MESSAGE = 200


def _counts():
    return (Score.objects.count(), ScoreChange.objects.count(), YearResult.objects.count())


@pytest.mark.parametrize("raw", BAD_VALUES)
def test_parse_part_refuses_with_a_short_message(raw):
    with pytest.raises(ValueError) as caught:
        services.parse_part(raw)
    assert len(str(caught.value)) < MAX_MESSAGE


@pytest.mark.parametrize("raw", [10**4000, -(10**4000), float("1e308"), float("5e-324"), float("inf")])
def test_parse_part_refuses_numbers_from_a_sheet_with_a_short_message(raw):
    with pytest.raises(ValueError) as caught:
        services.parse_part(raw)
    assert len(str(caught.value)) < MAX_MESSAGE


def test_parse_part_still_reads_ordinary_scores():
    assert [services.parse_part(raw) for raw in ("4,5", " 4.25 ", "5", "0", 4.5, 3, "", None)] == [
        D("4.50"),
        D("4.25"),
        D("5.00"),
        D("0.00"),
        D("4.50"),
        D("3.00"),
        None,
        None,
    ]


@pytest.mark.parametrize("raw", BAD_VALUES)
def test_grid_refuses_a_bad_cell_and_saves_nothing(cast, login, year, plans, raw):
    plan = plans["teacher"]
    before = _counts()
    grid = {str(plan.pk): {"v": 0, "s": {"nd1": [raw, "4"], "nd2": ["4", "4"]}}}
    response = login(cast.principal_a1).post(GRID, {"grid": json.dumps(grid)})
    assert response.status_code == 200
    assert _counts() == before
    shown = response.context["errors"]
    assert len(shown) == 1 and len(shown[0]) < MAX_MESSAGE
    assert len(response.content) < 200_000


@pytest.mark.parametrize("raw", BAD_VALUES)
def test_grid_without_javascript_refuses_a_bad_cell(cast, login, year, plans, raw):
    plan = plans["teacher"]
    before = _counts()
    data = {f"v-{plan.pk}": 0, f"s-{plan.pk}-nd1-k": raw, f"s-{plan.pk}-nd1-a": "4"}
    response = login(cast.principal_a1).post(GRID, data)
    assert response.status_code == 200
    assert _counts() == before
    assert len(response.context["errors"][0]) < MAX_MESSAGE


@pytest.mark.parametrize("raw", BAD_VALUES)
def test_preview_refuses_a_bad_cell(cast, login, year, plans, raw):
    plan = plans["teacher"]
    response = login(cast.principal_a1).get(
        reverse("assessment:score_preview", args=[plan.pk]), {"nd1-k": raw, "nd1-a": "4"}
    )
    assert response.status_code == 200
    message = response.json()["errors"]["nd1-k"]
    assert 0 < len(message) < MAX_MESSAGE


def _workbook(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("diem.xlsx", buffer.getvalue(), content_type=importers.XLSX_CONTENT_TYPE)


@pytest.mark.parametrize("raw", [*BAD_VALUES, 10**300, 1e308])
def test_import_refuses_a_bad_cell_and_saves_nothing(cast, login, year, plans, raw):
    teacher = cast.teacher_a1.staff
    before = _counts()
    rows = [[teacher.code, teacher.full_name, 1, "", "", raw, 4], [teacher.code, teacher.full_name, 2, "", "", 4, 4]]
    response = login(cast.principal_a1).post(IMPORT, {"file": _workbook(rows)})
    assert response.status_code == 200
    assert _counts() == before
    errors = response.context["errors"]
    assert len(errors) == 1 and len(errors[0].message) < MAX_MESSAGE
    assert len(response.content) < 200_000


@pytest.mark.parametrize("odd", ["²", "٣", "1e999999999", "-1"])
def test_odd_digits_in_any_parameter_never_crash(cast, login, year, plans, odd):
    plan = plans["teacher"]
    before = _counts()
    client = login(cast.principal_a1)
    for params in ({"year": odd}, {"school": odd}, {"group": odd}):
        assert client.get(GRID, params).status_code in (200, 404)
    preview = reverse("assessment:score_preview", args=[plan.pk])
    assert client.get(preview, {f"m{odd}-k": "4", f"nd1-{odd}": "4"}).status_code == 200
    assert client.post(GRID, {f"v-{odd}": "0", f"s-{odd}-nd1-k": "4"}).status_code in (200, 302, 404)
    grid = {odd: {"v": 0, "s": {"nd1": ["4", "4"]}}, str(plan.pk): {"v": odd, "s": {f"m{odd}": ["4", "4"]}}}
    assert client.post(GRID, {"grid": json.dumps(grid)}).status_code in (200, 302, 404)
    confirmation = reverse("assessment:confirmation_detail", args=[cast.school_a1.pk])
    assert client.get(confirmation, {"year": odd}).status_code in (200, 404)
    assert _counts() == before

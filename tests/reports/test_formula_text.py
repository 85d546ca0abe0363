"""Formula-like text written by the Excel writers stays text, with Excel's quote prefix (issue 12, item 6).

A unit name, a subtitle or a template cell starting with = + - @ must be a text cell (``data_type "s"``) that
carries the quote prefix, so it stays text even when someone edits the cell in Excel.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job
from people.exports_staff import StaffExporter
from tests.factories import OrgUnitFactory
from tests.results.results_data import make_result, modules, scorer, year  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x.invalid","bấm")'


def _cells_holding(workbook, text):
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value == text]


def test_a_unit_named_like_a_formula_is_text_in_the_staff_list_subtitle_and_rows(cast):
    cast.school_a1.name = FORMULA
    cast.school_a1.save(update_fields=["name"])
    buffer = io.BytesIO()
    StaffExporter(user=cast.principal_a1, params={}).write(buffer)
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    cells = _cells_holding(workbook, FORMULA)
    subtitle = workbook.active["A5"]  # under the official heading (three rows) and the title
    assert subtitle.value == FORMULA
    assert len(cells) > 1  # the subtitle and the "Đơn vị" column of every row
    heading = workbook.active["A2"]  # the school's line of the heading, in capitals
    assert heading.value == FORMULA.upper()
    for cell in [*cells, heading]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


def test_a_unit_named_like_a_formula_is_text_in_the_staff_import_template(cast, login):
    OrgUnitFactory(code="A3", name=FORMULA, parent=cast.phong_a, levels="TH")
    response = login(cast.phong_a_officer).get(reverse("people:staff_import_template"))
    cells = _cells_holding(load_workbook(io.BytesIO(response.content)), FORMULA)
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].quotePrefix


@pytest.mark.usefixtures("modules", "scorer")
def test_a_school_named_like_a_formula_is_text_in_the_official_results_list(
    cast, login, request, django_capture_on_commit_callbacks
):
    make, training_year = request.getfixturevalue("make_result"), request.getfixturevalue("year")
    cast.school_a1.name = FORMULA
    cast.school_a1.save(update_fields=["name"])
    make(cast.teacher_a1.staff)
    client = login(cast.principal_a1)
    body = {"report": "list", "unit": cast.school_a1.pk, "year": training_year.pk}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("results:results_export_start"), body)
    job = Job.objects.get(requester=cast.principal_a1)
    assert job.status == Job.Status.SUCCEEDED, job.message
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    cells = [
        cell
        for row in workbook.active.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.upper() == FORMULA.upper()
    ]
    assert len(cells) >= 2  # the unit line of the heading and the subtitle
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate

"""The score template writes formula-like names and titles as text with Excel's quote prefix (issue 12, item 6)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_score_template_names_starting_like_formulas_keep_the_quote_prefix(cast, login, year, make_plan):
    names = ['=HYPERLINK("http://x","y")', "+84 123", "-abc", "@SUM(A1)"]
    staff = [StaffFactory(unit=cast.school_a1, full_name=name, subject_group="Tổ 1-2-3") for name in names]
    for person in staff:
        make_plan(person, modules=1)
    response = login(cast.principal_a1).get(reverse("assessment:score_template"))
    sheet = load_workbook(io.BytesIO(response.content))["Điểm"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2) if row[1].value in names]
    assert {cell.value for cell in cells} == set(names)
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value

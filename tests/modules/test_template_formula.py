"""The catalog template writes a formula-like module title as text with Excel's quote prefix (issue 12, item 6)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from modules import importers
from modules.models import Module

pytestmark = pytest.mark.django_db


def test_catalog_template_title_starting_like_a_formula_keeps_the_quote_prefix(cast, login):
    Module.objects.filter(code="TH2").update(title="@SUM(A1)")
    response = login(cast.admin).get(reverse("modules:catalog_template"))
    sheet = load_workbook(io.BytesIO(response.content))[importers.DATA_SHEET_TITLE]
    cell = next(row for row in sheet.iter_rows() if row[0].value == "TH2")[2]
    assert cell.value == "@SUM(A1)"
    assert cell.data_type == "s" and cell.quotePrefix

"""The counts page spells out its column titles: "Kế hoạch chờ duyệt", not "KH chờ duyệt"."""

import pytest
from django.urls import reverse

from .test_counts import counted  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_unit_table_spells_out_plans_and_reports(cast, year, counted, login):  # noqa: F811
    page = login(cast.phong_a_officer).get(reverse("coreteachers:counts"), {"year": year.pk}).content.decode()

    for title in ("Kế hoạch chờ duyệt", "Kế hoạch đã duyệt", "Báo cáo chờ duyệt", "Báo cáo đã duyệt"):
        assert title in page
    for short in ("KH chờ duyệt", "BC đã duyệt"):
        assert short not in page

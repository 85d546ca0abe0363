"""A unit's levels read "TH, THCS" (with a space), not the stored "TH,THCS"."""

import pytest
from django.urls import reverse

from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_the_unit_pages_space_the_levels(cast, login):
    school = OrgUnitFactory(code="LC1", name="Trường TH và THCS Liên Cấp", parent=cast.phong_a, levels="TH,THCS")
    client = login(cast.phong_a_officer)

    listing = client.get(reverse("accounts:unit_list")).content.decode()
    detail = client.get(reverse("accounts:unit_detail", args=[school.pk])).content.decode()

    for page in (listing, detail):
        assert "TH, THCS" in page
        assert "TH,THCS" not in page

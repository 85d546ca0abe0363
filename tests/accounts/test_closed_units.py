"""A closed unit (a dissolved Phòng, a school merged away) is history: not offered in filters, not counted among
today's units, and not asked about again when its former parent is dissolved."""

import pytest

from accounts import restructure, selectors
from accounts.models import OrgUnit

pytestmark = pytest.mark.django_db

REASON = "Quyết định 45/QĐ-UBND"


@pytest.fixture
def closed_school(cast):
    """School A2 merged into A1: A2 is closed and stays under Phòng A."""
    restructure.merge(cast.school_a2, cast.school_a1, actor=cast.so_officer, reason=REASON)
    return OrgUnit.objects.get(pk=cast.school_a2.pk)


def test_dissolving_a_phong_moves_only_its_open_schools(cast, closed_school):
    assert not closed_school.is_active
    preview = restructure.preview_dissolve(cast.phong_a, {cast.school_a1.pk: cast.so}, actor=cast.so_officer)
    assert [child.pk for child, _destination in preview.moves] == [cast.school_a1.pk]
    restructure.dissolve(cast.phong_a, {cast.school_a1.pk: cast.so}, actor=cast.so_officer, reason=REASON)
    assert OrgUnit.objects.get(pk=cast.school_a1.pk).parent_id == cast.so.pk
    assert OrgUnit.objects.get(pk=closed_school.pk).parent_id == cast.phong_a.pk  # history stays where it was


def test_filters_and_home_counts_leave_closed_units_out(cast, closed_school):
    restructure.dissolve(cast.phong_a, {cast.school_a1.pk: cast.so}, actor=cast.so_officer, reason=REASON)
    offered = {unit.pk for unit in selectors.unit_filter_choices(user=cast.so_officer)}
    assert cast.phong_a.pk not in offered and closed_school.pk not in offered and cast.school_a1.pk in offered
    by_kind = dict(selectors.scope_summary(user=cast.so_officer)["units_by_kind"])
    assert by_kind["Phòng GD&ĐT"] == 1  # Phòng B only

"""Moving a unit under another parent takes its subtree along: scopes read paths, so no descendant is left behind."""

import pytest
from django.core.exceptions import ValidationError

from accounts import scoping
from accounts.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_a_phong_moved_under_another_department_takes_its_schools(cast):
    cast.phong_a.parent = cast.so_z
    cast.phong_a.save()

    for unit in (cast.school_a1, cast.school_a2):
        unit.refresh_from_db()
        assert unit.path == f"{cast.so_z.path}{cast.phong_a.pk:06d}/{unit.pk:06d}/"
        assert unit.depth == cast.so_z.depth + 2
    # The old Sở no longer sees the schools; the new one does.
    assert not scoping.visible_units(cast.so_officer).filter(pk=cast.school_a1.pk).exists()
    assert scoping.visible_units(cast.so_z_officer).filter(pk=cast.school_a1.pk).exists()
    # Units elsewhere are untouched.
    school_b1 = OrgUnit.objects.get(pk=cast.school_b1.pk)
    assert school_b1.path.startswith(cast.so.path)


def test_a_unit_cannot_be_put_under_its_own_descendant(cast):
    cast.phong_a.parent = cast.school_a1
    with pytest.raises(ValidationError):
        cast.phong_a.full_clean()
    with pytest.raises(ValidationError):
        cast.phong_a.save()
    cast.phong_a.refresh_from_db()
    assert cast.phong_a.parent_id == cast.so.pk

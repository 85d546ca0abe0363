"""List pages issue a fixed, small number of queries however many rows they show."""

import pytest
from django.urls import reverse

from accounts.models import OrgUnit
from tests.factories import OrgUnitFactory, StaffFactory

pytestmark = pytest.mark.django_db

# Session, user, the page's queries and the pagination count; generous enough for a template tweak,
# far below one query per row.
MAX_QUERIES = 10


def _count_queries(client, url, assert_max_queries, params=None):
    with assert_max_queries(MAX_QUERIES) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response


def _staff_in(units, count):
    for index in range(count):
        StaffFactory(unit=units[index % len(units)], subject_group=f"Tổ {index % 3}", is_core_teacher=index % 7 == 0)


@pytest.mark.parametrize(
    ("viewer", "schools"),
    [("principal_a1", ["school_a1"]), ("phong_a_officer", ["school_a1", "school_a2"]), ("so_officer", ["school_t1"])],
)
def test_staff_list_queries_do_not_grow_with_rows(cast, login, django_assert_max_num_queries, viewer, schools):
    client = login(getattr(cast, viewer))
    units = [getattr(cast, name) for name in schools]
    url = reverse("accounts:staff_list")
    _staff_in(units, 5)
    few, response = _count_queries(client, url, django_assert_max_num_queries)
    shown_few = len(response.context["page"].object_list)

    _staff_in(units, 60)
    many, response = _count_queries(client, url, django_assert_max_num_queries)

    assert len(response.context["page"].object_list) > shown_few
    assert many == few


def test_filtered_staff_list_queries_do_not_grow_with_rows(cast, login, django_assert_max_num_queries):
    client = login(cast.phong_a_officer)
    url = reverse("accounts:staff_list")
    params = {"q": "a", "unit": cast.school_a1.pk, "level": "TH", "active": "1"}
    _staff_in([cast.school_a1], 5)
    few, _ = _count_queries(client, url, django_assert_max_num_queries, params)

    _staff_in([cast.school_a1], 60)
    many, response = _count_queries(client, url, django_assert_max_num_queries, params)

    assert response.context["page"].paginator.count > 5
    assert many == few


def test_unit_list_queries_do_not_grow_with_units(cast, login, django_assert_max_num_queries):
    client = login(cast.so_officer)
    url = reverse("accounts:unit_list")

    def add_schools(count):
        for index in range(count):
            parent = cast.phong_a if index % 2 else cast.so
            school = OrgUnitFactory(kind=OrgUnit.Kind.SCHOOL, parent=parent, levels="TH")
            _staff_in([school], index % 3)

    add_schools(5)
    few, response = _count_queries(client, url, django_assert_max_num_queries)
    shown_few = len(response.context["page"].object_list)

    add_schools(60)
    many, response = _count_queries(client, url, django_assert_max_num_queries)

    assert len(response.context["page"].object_list) == shown_few + 60
    assert many == few


@pytest.mark.parametrize("viewer", ["principal_a1", "so_officer"])
def test_home_queries_do_not_grow_with_rows(cast, login, django_assert_max_num_queries, viewer):
    client = login(getattr(cast, viewer))
    _staff_in([cast.school_a1], 5)
    few, _ = _count_queries(client, reverse("home"), django_assert_max_num_queries)

    _staff_in([cast.school_a1, cast.school_a2], 60)
    many, _ = _count_queries(client, reverse("home"), django_assert_max_num_queries)

    assert many == few

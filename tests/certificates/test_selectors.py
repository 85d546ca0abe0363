"""Counts in a bounded number of queries, and the demo step."""

import random
from types import SimpleNamespace

import pytest
from django.urls import reverse

from certificates import selectors
from certificates.models import CheckStatus, PersonalDataCheck
from demo.certificates import step_personal_data
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_overview_counts_in_constant_queries(cast, year, issued, a1_ready, make_result, django_assert_max_num_queries):
    for number in range(5):
        make_result(StaffFactory(unit=cast.school_a2, full_name=f"Giáo Viên {number}"), year, "KHA")
    with django_assert_max_num_queries(6):
        rows = {row["school"].pk: row for row in selectors.school_overview(user=cast.phong_a_officer, year=year)}
    a1, a2 = rows[cast.school_a1.pk], rows[cast.school_a2.pk]
    assert (a1["locked"], a1["completed"], a1["agreed"], a1["issued"]) == (True, 3, 2, 2)
    assert (a2["locked"], a2["completed"], a2["agreed"], a2["issued"]) == (False, 5, 0, 0)
    assert set(rows) == {cast.school_a1.pk, cast.school_a2.pk}


def test_school_page_queries_do_not_grow_with_the_school(
    cast, year, issued, login, make_result, django_assert_max_num_queries
):
    client = login(cast.principal_a1)
    url = f"{reverse('certificates:school_detail', args=[cast.school_a1.pk])}?year={year.pk}"
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for number in range(15):
        make_result(StaffFactory(unit=cast.school_a1, full_name=f"Giáo Viên {number}"), year, "KHA")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_demo_step_confirms_most_staff_of_confirmed_schools(cast, year, a1_ready, with_birth):
    staff = [StaffFactory(unit=cast.school_a1, full_name=f"Nguyễn Thị Mẫu {n}") for n in range(60)]
    for member in staff:
        with_birth(member)
    other = with_birth(StaffFactory(unit=cast.school_a2))
    PersonalDataCheck.objects.all().delete()
    ctx = SimpleNamespace(
        year=year,
        schools=[(cast.school_a1, None), (cast.school_a2, None)],
        staff_by_school={cast.school_a1.pk: staff, cast.school_a2.pk: [other]},
        rng=random.Random(7),
        counts={},
        notes=[],
    )
    step_personal_data(ctx)
    checks = PersonalDataCheck.objects.filter(year=year)
    assert not checks.filter(staff=other).exists()  # A2 has not confirmed its results
    confirmed = checks.filter(status=CheckStatus.CONFIRMED).count()
    requested = checks.filter(status=CheckStatus.CORRECTION_REQUESTED)
    assert 45 <= confirmed <= 60 and ctx.counts["Xác nhận thông tin in giấy chứng nhận"] == checks.count()
    for check in requested:
        assert (check.requested_full_name, check.requested_birth_date, check.requested_birth_place) != (
            check.shown_full_name,
            check.shown_birth_date,
            check.shown_birth_place,
        )
    assert all(check.holds_for(check.staff) for check in checks.filter(status=CheckStatus.CONFIRMED))

"""seed_demo --size nation: the 34 provinces, their shapes, and a shrunken nation seeded province by province."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import OrgUnit, Role, Staff, User
from assessment.models import Score, YearResult
from demo import province as demo
from demo.provinces import PROVINCES, SON_LA
from plans.models import Plan, PlanItem
from years.models import Deadline, DeadlineKind, TrainingYear

K = OrgUnit.Kind


def _seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_the_nation_is_34_provinces_of_about_35000_staff():
    shapes = demo.nation_shapes(2026)
    assert len(shapes) == len(PROVINCES) == 34
    codes = [shape.province.code for shape in shapes]
    assert len(set(codes)) == 34 and all(len(code) == 2 and code.isdigit() for code in codes)
    assert len({shape.province.name for shape in shapes}) == 34
    assert shapes[0].province == SON_LA
    # Sơn La is the province demo itself: same districts, same size, same rng seed.
    assert shapes[0].districts == demo.province_shape("province").districts
    assert shapes[0].spec == demo.SIZES["province"] and shapes[0].seed == 2026
    without_communes = [shape.province.name for shape in shapes if not shape.province.has_communes]
    assert 3 <= len(without_communes) <= 8
    sizes = [demo._expected_staff(shape.spec, shape.districts) * shape.spec.staff_scale for shape in shapes]
    assert 1_100_000 < sum(sizes) < 1_300_000
    assert all(28_000 < size < 43_000 for size in sizes)
    assert max(sizes) - min(sizes) > 5_000, "sizes vary"
    for shape in shapes:
        communes = [commune for district in shape.districts for commune in district.communes]
        assert len(communes) == len(set(communes)), shape.province.name


def test_nation_shapes_do_not_depend_on_how_many_are_asked_for():
    assert demo.nation_shapes(2026, limit=5) == demo.nation_shapes(2026)[:5]
    assert demo.nation_shapes(2026) == demo.nation_shapes(2026)
    assert demo.nation_shapes(2026)[1] != demo.nation_shapes(7)[1]


@pytest.mark.django_db
def test_small_demo_is_what_it_was():
    """The counts the small demo gives (since 2018–2019 is seeded on its Phòng before the 2025 restructuring into
    six communes): the same seed draws the same province every time."""
    _seed("--size", "small")
    assert (OrgUnit.objects.count(), Staff.objects.count(), Plan.objects.count()) == (22, 305, 540)
    assert (PlanItem.objects.count(), Score.objects.count(), YearResult.objects.count()) == (3776, 2468, 413)


@pytest.mark.django_db
def test_first_province_of_the_nation_is_the_demo_province():
    _seed("--size", "small")

    def snapshot():
        return (
            list(Staff.objects.order_by("code").values_list("code", "full_name", "birth_place", "unit__code")),
            list(Plan.objects.order_by("staff__code", "year__start_year").values_list("staff__code", "status")),
            list(
                YearResult.objects.order_by("staff__code", "year__start_year").values_list(
                    "staff__code", "classification"
                )
            ),
        )

    alone = snapshot()
    _seed("--size", "nation", "--reset", "--provinces", "2", "--province-size", "small")
    son_la = OrgUnit.objects.get(code="SGD14")
    staff, plans, results = snapshot()
    assert [row for row in staff if row[0].startswith("14")] == alone[0]
    assert [row for row in plans if row[0].startswith("14")] == alone[1]
    assert [row for row in results if row[0].startswith("14")] == alone[2]
    assert Staff.objects.filter(unit__path__startswith=son_la.path).count() == len(alone[0])


@pytest.mark.django_db
def test_a_small_nation_province_by_province():
    # Ten provinces reach Quảng Ninh, the first one without Phòng.
    output = _seed("--size", "nation", "--provinces", "10", "--province-size", "small")
    assert "[10/10]" in output
    ministry = OrgUnit.objects.get(kind=K.MINISTRY)
    departments = list(OrgUnit.objects.filter(kind=K.DEPARTMENT).order_by("code"))
    assert len(departments) == 10
    assert all(unit.parent == ministry for unit in departments)
    assert OrgUnit.objects.filter(kind=K.MINISTRY).count() == 1
    # Every code is unique (the database says so too) and carries its province's code.
    shapes = {f"SGD{shape.province.code}": shape for shape in demo.nation_shapes(2026, limit=10)}
    assert {unit.code for unit in departments} == set(shapes)
    for department in departments:
        province = shapes[department.code].province
        assert province.title in department.name
        below = OrgUnit.objects.filter(path__startswith=department.path).exclude(pk=department.pk)
        # 2025's shape: no active Phòng anywhere; communes where the province has them, else schools under the Sở.
        assert not below.filter(kind=K.DISTRICT, is_active=True).exists(), department.name
        assert below.filter(kind=K.COMMUNE).exists() == province.has_communes, department.name
        if not province.has_communes:
            assert not below.exclude(parent=department).exists(), "every school directly under the Sở"
        staff = Staff.objects.filter(unit__path__startswith=department.path)
        assert staff.count() > 200
        assert not staff.exclude(code__startswith=province.code).exists()
        # Its own current year with the Sở's deadlines, plans and scored results.
        year = TrainingYear.objects.get(department=department, is_current=True)
        assert year.is_current and year.start_year == demo.SCHOOL_YEAR_START
        kinds = Deadline.objects.filter(year=year, unit=department).values_list("kind", flat=True)
        assert sorted(kinds) == sorted(DeadlineKind.values)
        assert Plan.objects.filter(year=year, school__path__startswith=department.path).count() > 200
        assert not Plan.objects.filter(year=year).exclude(school__path__startswith=department.path).exists()
        assert YearResult.objects.filter(year=year).count() > 50
    assert len({unit.code for unit in OrgUnit.objects.all()}) == OrgUnit.objects.count()
    assert not OrgUnit.objects.values("name", "parent").annotate(n=Count("id")).filter(n__gt=1).exists()
    # The demo accounts once, in the first province (Sơn La), beside its staff members' own accounts.
    users = {user.username: user for user in User.objects.select_related("unit")}
    assert {name for name, user in users.items() if user.staff_id is None} | {
        "hieutruong",
        "totruong",
        "giaovien",
    } == set(demo.DEMO_USERNAMES)
    staff_accounts = User.objects.filter(staff__isnull=False).exclude(username__in=demo.DEMO_USERNAMES)
    assert not staff_accounts.exclude(unit__path__startswith=OrgUnit.objects.get(code="SGD14").path).exists()
    assert users["so"].unit.code == "SGD14" and users["so"].role == Role.DEPARTMENT_OFFICER
    assert users["hieutruong"].unit.path.startswith(OrgUnit.objects.get(code="SGD14").path)

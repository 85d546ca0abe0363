"""A past year reads as it was after the province restructures (issue 15): the Phòng dissolved in 2025 still heads
its schools in 2018–2019, under its old name, while 2026–2027 shows the communes the schools now sit under."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import OrgUnit, PastPlacement
from accounts.services import unit_move
from results.results import results_by_unit
from tests.factories import OrgUnitFactory
from tests.reports.test_chain import give_result
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(cast):
    past = TrainingYear.objects.create(department=cast.so, start_year=2018, is_current=False)
    current = TrainingYear.objects.create(department=cast.so, start_year=2026, is_current=True, ruleset="TT19_2019")
    return past, current


@pytest.fixture
def restructured(cast, years):
    """2018–2019 results in schools A1 and A2 (under Phòng A), then 2025: the Phòng is dissolved, A1 and A2 go to
    two communes and Phòng A is renamed on its way out."""
    past, _current = years
    give_result(cast.teacher_a1.staff, past, "KHA", "8.0")
    give_result(cast.teacher_a2.staff, past, "GIOI", "9.0")
    communes = [
        OrgUnitFactory(kind=OrgUnit.Kind.COMMUNE, code=f"XA-{n}", name=f"UBND xã {name}", parent=cast.so, levels="")
        for n, name in ((1, "Chiềng Mung"), (2, "Mường Bằng"))
    ]
    unit_move(cast.school_a1, communes[0], actor=cast.admin, reason="Sắp xếp đơn vị hành chính 2025")
    unit_move(cast.school_a2, communes[1], actor=cast.admin, reason="Sắp xếp đơn vị hành chính 2025")
    phong = OrgUnit.objects.get(pk=cast.phong_a.pk)
    phong.name, phong.is_active = "Phòng GD&ĐT huyện A (đã giải thể)", False
    phong.save()
    for year in years:
        year.refresh_from_db()  # the years before the restructuring are marked as keeping their tree
    return communes


def test_the_first_restructuring_keeps_the_tree_of_every_past_year_once(cast, years, restructured):
    kept = PastPlacement.objects.filter(start_year=2018)
    assert kept.count() == OrgUnit.objects.count()  # every unit there was when the first move was made
    a1 = kept.get(unit=cast.school_a1)
    assert a1.parent == cast.phong_a and a1.path.startswith(kept.get(unit=cast.phong_a).path)
    assert not PastPlacement.objects.filter(start_year=2026).exists()  # the current year follows today's tree
    assert [year.tree_kept for year in years] == [True, False]


def test_the_past_year_is_grouped_by_the_phong_under_its_name_of_that_year(cast, years, restructured):
    past, current = years
    rows = {row.unit.name: row for row in results_by_unit(user=cast.so_officer, year=past, root=cast.so).rows}
    phong = rows["Phòng GD&ĐT Huyện A"]
    assert phong.evaluated == 2 and {child.unit.code for child in phong.children} == {"A1", "A2"}
    assert not any(name.startswith("UBND xã") for name in rows)

    now = {row.unit.name for row in results_by_unit(user=cast.so_officer, year=current, root=cast.so).rows}
    assert {"UBND xã Chiềng Mung", "UBND xã Mường Bằng"} <= now
    assert not any(name.startswith("Phòng GD&ĐT Huyện A") for name in now)


def test_the_so_drills_down_into_the_dissolved_phong_for_its_past_year(cast, years, restructured, client):
    past, _current = years
    client.force_login(cast.so_officer)
    response = client.get(reverse("results:results_unit", args=[cast.phong_a.pk]), {"year": past.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert escape("Trường Tiểu học A1") in body and escape("Trường Tiểu học A2") in body


def test_the_phong_of_another_province_stays_out_of_scope_in_the_past_too(cast, years, restructured, client):
    past, _current = years
    client.force_login(cast.so_z_officer)
    response = client.get(reverse("results:results_unit", args=[cast.phong_a.pk]), {"year": past.pk})
    assert response.status_code == 404


def test_the_results_list_of_2018_is_headed_by_the_phong_of_that_year(cast, years, restructured):
    from results.exports_results import ClassificationListExporter

    past, current = years
    params = {"year": past.pk, "unit": cast.school_a1.pk}
    head = ClassificationListExporter(user=cast.so_officer, params=params).letterhead()
    assert (head.superior, head.issuer, head.place) == ("PHÒNG GD&ĐT HUYỆN A", "TRƯỜNG TIỂU HỌC A1", "A")
    params = {"year": current.pk, "unit": cast.school_a1.pk}
    head = ClassificationListExporter(user=cast.so_officer, params=params).letterhead()
    assert (head.superior, head.issuer, head.place) == ("UBND XÃ CHIỀNG MUNG", "TRƯỜNG TIỂU HỌC A1", "Chiềng Mung")

"""Dashboard: current share vs target per unit on a fixture, roll-up of a Phòng, bounded queries."""

from decimal import Decimal

import pytest

from accounts.models import Level, Position
from qualifications import services
from qualifications.models import Degree, PoliticalTheory
from qualifications.selectors import Cell, qualification_dashboard
from tests.factories import OrgUnitFactory, StaffFactory

from .conftest import ISSUED

pytestmark = pytest.mark.django_db


def _q(staff, by, **fields):
    services.qualification_save(staff=staff, user=by, **fields)


def _ielts(staff, by, score):
    services.certificate_add(staff=staff, user=by, test="IELTS", scores={"score": score}, issued_on=ISSUED)


@pytest.fixture
def fixture(cast, year):
    """A1 (TH): principal master + trung cấp LLCT; teacher A1 master; other-group teacher doctorate; group head
    đại học; two English teachers: one B2 (meets), one B1 (does not); one inactive doctor (ignored).
    A2 (TH): one teacher đại học. B1 (THCS): one teacher, no record. T1 (THPT): CBQL master; teacher đại học;
    English teacher B2 (THPT needs C1: does not meet).
    """
    so = cast.so_officer
    a1 = {staff.full_name: staff for staff in cast.school_a1.staff.all()}
    _q(a1["Lê Thị Hoa"], so, degree=Degree.THAC_SI, political_theory=PoliticalTheory.TRUNG_CAP)
    _q(a1["Nguyễn Văn An"], so, degree=Degree.THAC_SI)
    _q(a1["Trần Thị Bình"], so, degree=Degree.TIEN_SI, political_theory=PoliticalTheory.SO_CAP)
    _q(a1["Phạm Văn Minh"], so, degree=Degree.DAI_HOC, political_theory=PoliticalTheory.CAO_CAP)
    english_ok = StaffFactory(unit=cast.school_a1, level=Level.TH, subject_group="Tổ Tiếng Anh")
    english_low = StaffFactory(unit=cast.school_a1, level=Level.TH, subject_group="Tổ Tiếng Anh")
    _q(english_ok, so, degree=Degree.DAI_HOC, teaches_english=True)
    _q(english_low, so, degree=Degree.DAI_HOC, teaches_english=True)
    _ielts(english_ok, so, "5.5")
    _ielts(english_low, so, "5.0")
    gone = StaffFactory(unit=cast.school_a1, level=Level.TH, is_active=False)
    _q(gone, so, degree=Degree.TIEN_SI)
    _q(cast.teacher_a2.staff, so, degree=Degree.DAI_HOC)
    t1_manager = StaffFactory(unit=cast.school_t1, level=Level.THPT, position=Position.PRINCIPAL)
    _q(t1_manager, so, degree=Degree.THAC_SI, political_theory=PoliticalTheory.CU_NHAN)
    _q(cast.teacher_t1.staff, so, degree=Degree.DAI_HOC)
    t1_english = StaffFactory(unit=cast.school_t1, level=Level.THPT, subject_group="Ngoại ngữ")
    _q(t1_english, so, degree=Degree.THAC_SI, teaches_english=True)
    _ielts(t1_english, so, "6.0")
    # Another province: never counted.
    _q(cast.teacher_z1.staff, cast.so_z_officer, degree=Degree.TIEN_SI)
    return year


def _target(cast, year, indicator, percent, unit_type="ALL", audience="ALL"):
    services.target_save(
        user=cast.so_officer,
        year=year,
        indicator=indicator,
        unit_type=unit_type,
        audience=audience,
        target_percent=Decimal(percent),
    )


def _cells(dashboard, row_code):
    rows = {row.unit.code: row for row in dashboard.rows}
    return rows[row_code].cells


def test_without_targets_the_four_indicators_over_everyone(cast, fixture):
    dashboard = qualification_dashboard(year=fixture, root=cast.so)
    assert not dashboard.has_targets
    assert [column.indicator for column in dashboard.columns] == ["MASTER", "DOCTORATE", "POLITICAL", "ENGLISH"]
    assert [row.unit.code for row in dashboard.rows] == ["PH-A", "PH-B", "T1"]
    master, doctorate, political, english = _cells(dashboard, "PH-A")
    # Phòng A: A1 has 6 active staff, A2 one: 7. Master or higher: principal, An and Bình (doctorate).
    assert (master.numerator, master.denominator) == (3, 7)
    assert (doctorate.numerator, doctorate.denominator) == (1, 7)
    # Political ≥ trung cấp: principal (trung cấp), Minh (cao cấp); Bình's sơ cấp does not count.
    assert (political.numerator, political.denominator) == (2, 7)
    assert (english.numerator, english.denominator) == (1, 2)
    assert english.share == Decimal("50.0") and english.met is None
    ph_b = _cells(dashboard, "PH-B")
    assert (ph_b[0].numerator, ph_b[0].denominator) == (0, 1)  # B1's teacher has no record: counted, not reached
    assert ph_b[3].share is None  # no English teacher
    t1 = _cells(dashboard, "T1")
    assert (t1[0].numerator, t1[0].denominator) == (2, 3)
    assert (t1[3].numerator, t1[3].denominator) == (0, 1)  # B2 is below THPT's C1
    total = dashboard.total.cells
    assert (total[0].numerator, total[0].denominator) == (5, 11)
    assert dashboard.total.staff == 11 and dashboard.total.recorded == 10


def test_shares_against_the_sos_targets_per_level_and_audience(cast, fixture):
    _target(cast, fixture, "MASTER", "33", unit_type="THPT", audience="CBQL")
    _target(cast, fixture, "MASTER", "12", unit_type="THPT", audience="GV")
    _target(cast, fixture, "POLITICAL", "100", audience="CBQL")
    _target(cast, fixture, "ENGLISH", "50", unit_type="TH", audience="GV")
    dashboard = qualification_dashboard(year=fixture, root=cast.so)
    assert dashboard.has_targets
    columns = [(c.indicator, c.unit_type, c.audience) for c in dashboard.columns]
    assert columns == [
        ("ENGLISH", "TH", "GV"),
        ("MASTER", "THPT", "CBQL"),
        ("MASTER", "THPT", "GV"),
        ("POLITICAL", "ALL", "CBQL"),
    ]
    english, master_cbql, master_gv, political = _cells(dashboard, "T1")
    assert english.share is None  # no TH staff in a THPT school
    assert (master_cbql.numerator, master_cbql.denominator, master_cbql.met) == (1, 1, True)
    assert (master_gv.numerator, master_gv.denominator) == (1, 2)
    assert master_gv.met is True  # 50% ≥ 12%
    assert (political.numerator, political.denominator, political.met) == (1, 1, True)
    english, master_cbql, _master_gv, political = _cells(dashboard, "PH-A")
    assert (english.numerator, english.denominator, english.met) == (1, 2, True)  # exactly 50%
    assert master_cbql.share is None
    assert (political.numerator, political.denominator, political.met) == (1, 1, True)


def test_a_phong_shows_its_schools(cast, fixture):
    _target(cast, fixture, "MASTER", "60")
    dashboard = qualification_dashboard(year=fixture, root=cast.phong_a)
    assert [row.unit.code for row in dashboard.rows] == ["A1", "A2"]
    a1, a2 = (row.cells[0] for row in dashboard.rows)
    assert (a1.numerator, a1.denominator) == (3, 6)
    assert a1.share == Decimal("50.0") and a1.met is False and a1.gap == Decimal("10.0")
    assert (a2.numerator, a2.denominator, a2.met) == (0, 1, False)


def test_a_school_dashboard_is_the_school_itself(cast, fixture):
    dashboard = qualification_dashboard(year=fixture, root=cast.school_a1)
    assert [row.unit.code for row in dashboard.rows] == ["A1"]
    assert dashboard.rows[0].staff == 6


def test_phong_row_lists_its_schools_as_children(cast, fixture):
    dashboard = qualification_dashboard(year=fixture, root=cast.so)
    phong_a = dashboard.rows[0]
    assert [child.unit.code for child in phong_a.children] == ["A1", "A2"]
    assert phong_a.schools == 2


@pytest.mark.parametrize(
    ("numerator", "denominator", "target", "met"),
    [(1, 3, "33.33", True), (1, 3, "33.34", False), (0, 0, "10", None), (3, 10, None, None)],
)
def test_cell_met_compares_exactly(numerator, denominator, target, met):
    cell = Cell(numerator=numerator, denominator=denominator, target_percent=Decimal(target) if target else None)
    assert cell.met is met


def test_dashboard_queries_do_not_grow_with_the_tree(cast, fixture, django_assert_max_num_queries):
    _target(cast, fixture, "MASTER", "33", unit_type="THPT", audience="CBQL")
    with django_assert_max_num_queries(3) as small:
        qualification_dashboard(year=fixture, root=cast.so)
    for number in range(8):
        school = OrgUnitFactory(parent=cast.phong_b if number % 2 else cast.phong_a, levels="TH")
        for _ in range(3):
            staff = StaffFactory(unit=school, level=Level.TH)
            _q(staff, cast.so_officer, degree=Degree.THAC_SI, teaches_english=True)
    with django_assert_max_num_queries(len(small.captured_queries)):
        dashboard = qualification_dashboard(year=fixture, root=cast.so)
    assert dashboard.total.staff == 11 + 24


def test_targets_concerning_nobody_under_the_root_are_hidden(cast, fixture):
    _target(cast, fixture, "MASTER", "33", unit_type="THPT", audience="CBQL")
    _target(cast, fixture, "MASTER", "10", unit_type="TH")
    dashboard = qualification_dashboard(year=fixture, root=cast.phong_a)
    assert [(c.unit_type, c.audience) for c in dashboard.columns] == [("TH", "ALL")]
    assert [(c.unit_type, c.audience) for c in dashboard.hidden] == [("THPT", "CBQL")]
    assert all(len(row.cells) == 1 for row in dashboard.rows)
    whole = qualification_dashboard(year=fixture, root=cast.so)
    assert len(whole.columns) == 2 and not whole.hidden
    assert all(len(child.cells) == 2 for row in whole.rows for child in row.children)

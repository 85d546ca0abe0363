"""The main flows in the three shapes a province has had since 1/7/2025 (regulations.md §7.5): schools under a Phòng
GD&ĐT (years before 2025–2026), under a commune People's Committee (UBND xã/phường), or straight under the Sở.

Plan approval, scoring (teachers by the school, managers by whoever is the school's superior), deadlines, the
school report and its aggregation up the chain, certificates and the Ministry report: each test runs once per shape.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import Level, OrgUnit, Position, Role
from assessment import services as assessment
from assessment.models import YearResult
from certificates import services as certificates
from certificates.models import Certificate
from modules.models import Module
from plans import services as plans
from plans.models import Plan, PlanItem, PlanStatus
from plans.services import PlanError
from reports import chain
from reports.chain_selectors import report_status_table
from reports.models import ReportStatus
from tests.factories import GAP_REASON, OrgUnitFactory, StaffFactory, UserFactory, make_tt19_year
from years import services as years
from years.models import DeadlineKind, TrainingYear

pytestmark = pytest.mark.django_db

SHAPES = ["phong", "commune", "none"]


@dataclass
class Province:
    shape: str
    so: OrgUnit
    middle: OrgUnit | None
    school: OrgUnit
    year: TrainingYear
    so_officer: object
    middle_officer: object | None
    principal: object
    group_head: object
    teacher: object

    @property
    def superior(self):
        """The unit the school reports to."""
        return self.middle or self.so

    @property
    def superior_officer(self):
        return self.middle_officer or self.so_officer


@pytest.fixture(params=SHAPES)
def province(request, db):
    K = OrgUnit.Kind
    ministry = OrgUnitFactory(kind=K.MINISTRY, code="BO", name="Bộ Giáo dục và Đào tạo", levels="")
    so = OrgUnitFactory(kind=K.DEPARTMENT, code="SO-SL", name="Sở GD&ĐT tỉnh Sơn La", parent=ministry, levels="")
    middle = {
        "phong": lambda: OrgUnitFactory(kind=K.DISTRICT, code="PH-MS", name="Phòng GD&ĐT huyện Mai Sơn", parent=so),
        "commune": lambda: OrgUnitFactory(kind=K.COMMUNE, code="XA-CM", name="UBND xã Chiềng Mung", parent=so),
        "none": lambda: None,
    }[request.param]()
    if middle is not None:
        middle.levels = ""
        middle.save()
    school = OrgUnitFactory(code="TH-CM", name="Trường Tiểu học Chiềng Mung", parent=middle or so, levels="TH")
    year = make_tt19_year(so, is_current=True)

    def person(username, role, unit, name=None, position=Position.TEACHER):
        staff = None
        if name:
            staff = StaffFactory(unit=unit, full_name=name, level=Level.TH, subject_group="Tổ 1-2-3", position=position)
            staff.birth_date, staff.birth_place = datetime.date(1985, 3, 5), "Sơn La"
            staff.save()
        return UserFactory(username=username, role=role, unit=unit, staff=staff)

    return Province(
        shape=request.param,
        so=so,
        middle=middle,
        school=school,
        year=year,
        so_officer=person("so", Role.DEPARTMENT_OFFICER, so),
        middle_officer=person("xa", Role.DISTRICT_OFFICER, middle) if middle else None,
        principal=person("ht", Role.SCHOOL_MANAGER, school, "Lê Thị Hoa", Position.PRINCIPAL),
        group_head=person("tt", Role.GROUP_HEAD, school, "Phạm Văn Minh", Position.GROUP_HEAD),
        teacher=person("gv", Role.TEACHER, school, "Nguyễn Văn An"),
    )


def submitted_plan(p, user):
    """A plan of 40 + 40 + 40 tiết (two modules of the teachers' or the managers' catalog), submitted by its owner."""
    plan = Plan.objects.create(year=p.year, staff=user.staff, school=p.school)
    PlanItem.objects.create(plan=plan, content=1, hours=40, period="Cả năm")
    PlanItem.objects.create(plan=plan, content=2, hours=40, period="Cả năm")
    catalog = "CBQL_GDPT" if user.staff.is_manager else "GVPT"
    for order, n in enumerate((4, 5)):
        module = Module.objects.update_or_create(
            code=f"{catalog}{n:02d}", defaults={"level": catalog, "title": f"Mô đun {catalog} {n}", "hours": 20}
        )[0]
        PlanItem.objects.create(plan=plan, content=3, module=module, hours=20, order=order, period="Học kỳ I")
    return plans.plan_submit(plan=plan, by=user)


def passing_row(plan):
    values = {"nd1": ("7",), "nd2": ("6,5",)}
    for item in plan.items.filter(content=3).order_by("order", "id"):
        values[f"m{item.pk}"] = ("8", "7,5")
    return {"plan_id": plan.pk, "version": 0, "values": values}


@pytest.fixture
def approved(province):
    """The teacher's plan approved by the principal, the principal's plan by the school's superior."""
    p = province
    teacher_plan = plans.plan_approve(plan=submitted_plan(p, p.teacher), by=p.principal)
    principal_plan = plans.plan_approve(plan=submitted_plan(p, p.principal), by=p.superior_officer)
    return teacher_plan, principal_plan


@pytest.fixture
def scored(province, approved):
    """Marks entered and confirmed: the teacher's by the school, the principal's by the school's superior."""
    p = province
    teacher_plan, principal_plan = approved
    assessment.scores_save_grid(user=p.group_head, year=p.year, rows=[passing_row(teacher_plan)])
    assessment.scores_save_grid(user=p.superior_officer, year=p.year, rows=[passing_row(principal_plan)])
    assessment.results_confirm(school=p.school, year=p.year, user=p.principal, reason=GAP_REASON)
    assessment.managers_confirm(school=p.school, year=p.year, user=p.superior_officer, reason=GAP_REASON)
    return approved


def test_a_managers_plan_is_approved_by_the_schools_superior_only(province):
    p = province
    plan = submitted_plan(p, p.principal)
    others = [p.principal, p.group_head] + ([p.so_officer] if p.middle else [])
    for user in others:
        with pytest.raises(PlanError):
            plans.plan_approve(plan=plan, by=user)
    assert plans.plan_approve(plan=plan, by=p.superior_officer).status == PlanStatus.APPROVED


def test_teachers_are_scored_by_the_school_and_managers_by_the_superior(province, scored):
    p = province
    results = dict(YearResult.objects.filter(year=p.year).values_list("staff__full_name", "classification"))
    assert results == {"Nguyễn Văn An": "HOAN_THANH", "Lê Thị Hoa": "HOAN_THANH"}
    if p.middle:  # the Sở above a middle tier does not score the school's managers
        with pytest.raises(assessment.AssessmentError):
            assessment.managers_reopen(school=p.school, year=p.year, user=p.so_officer, reason="Chấm lại")
    assessment.managers_reopen(school=p.school, year=p.year, user=p.superior_officer, reason="Chấm lại")


def test_the_schools_deadline_is_set_and_reopened_by_its_superior(province):
    p = province
    assert years.deadline_unit_for(p.superior_officer, p.year) == p.superior
    assert years.deadline_unit_for(p.principal, p.year) is None
    due = datetime.date(2027, 5, 20)
    years.deadline_set(year=p.year, unit=p.superior, dates={DeadlineKind.SCHOOL_REPORT: due}, by=p.superior_officer)
    deadline = p.year.deadlines.get(unit=p.superior, kind=DeadlineKind.SCHOOL_REPORT)
    reopening = years.deadline_reopen(
        deadline=deadline, school=p.school, until=datetime.date(2027, 5, 27), reason="Mất điện", by=p.superior_officer
    )
    assert reopening.school == p.school


def test_the_report_goes_up_the_chain_to_the_ministry(province, scored):
    p = province
    school_report = chain.report_submit(unit=p.school, year=p.year, user=p.principal)
    assert [row.unit for row in report_status_table(root=p.superior, year=p.year).rows] == [p.school]
    chain.report_accept(report=school_report, user=p.superior_officer)
    if p.middle:
        # The Sở sees the middle-tier unit as one row, with the school counted under it.
        row = report_status_table(root=p.so, year=p.year).rows[0]
        assert (row.unit, row.schools, row.schools_accepted) == (p.middle, 1, 1)
        middle_report = chain.report_submit(unit=p.middle, year=p.year, user=p.middle_officer)
        assert [unit["code"] for unit in middle_report.snapshot["included"]] == [p.school.code]
        chain.report_accept(report=middle_report, user=p.so_officer)
    so_report = chain.report_submit(unit=p.so, year=p.year, user=p.so_officer)
    assert so_report.status == ReportStatus.SUBMITTED
    # The teacher and the principal completed; the group head has no plan, so no result: the same in every shape.
    assert so_report.snapshot["counts"] == {"TH": {"CBQL": {"HOAN_THANH": 1}, "GV": {"HOAN_THANH": 1, "NONE": 1}}}


def test_certificates_are_issued_by_the_schools_superior_under_its_own_heading(province, scored):
    p = province
    for user in (p.teacher, p.principal):
        certificates.personal_data_confirm(staff=user.staff, year=p.year, user=user)
    summary = certificates.certificates_issue(school=p.school, year=p.year, user=p.superior_officer)
    assert len(summary.issued) == 2
    certificate = Certificate.objects.filter(year=p.year).first()
    expected = {
        "phong": ("UBND HUYỆN MAI SƠN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỞNG PHÒNG"),
        "commune": ("ỦY BAN NHÂN DÂN", "XÃ CHIỀNG MUNG", "CHỦ TỊCH"),
        "none": ("UBND TỈNH SƠN LA", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "GIÁM ĐỐC"),
    }[p.shape]
    assert certificate.issuer == p.superior
    assert (certificate.issuer_parent_heading, certificate.issuer_heading, certificate.signer_title) == expected


@pytest.mark.parametrize(
    "url, shows",
    [
        (lambda p: reverse("plans:plan_dashboard") + f"?year={p.year.pk}", lambda p: p.school.name),
        (lambda p: reverse("reports:chain_home") + f"?year={p.year.pk}", lambda p: p.school.name),
        (lambda p: reverse("results:results_home") + f"?year={p.year.pk}", lambda p: p.school.name),
        (lambda p: reverse("results:results_unit", args=[p.school.pk]) + f"?year={p.year.pk}", lambda p: p.school.name),
        (lambda p: reverse("years:year_detail", args=[p.year.pk]), lambda p: p.year.name),
        (lambda p: reverse("assessment:score_grid") + f"?year={p.year.pk}", lambda p: "Lê Thị Hoa"),
    ],
    ids=["plan-dashboard", "chain", "results", "results-of-the-school", "year", "managers-grid"],
)
def test_the_superiors_pages_show_the_school(province, scored, client, url, shows):
    p = province
    client.force_login(p.superior_officer)
    response = client.get(url(p))
    assert response.status_code == 200
    assert shows(p) in response.content.decode()


def test_the_so_drills_down_through_the_middle_tier(province, scored, client):
    p = province
    client.force_login(p.so_officer)
    body = client.get(reverse("results:results_home"), {"year": p.year.pk}).content.decode()
    assert escape((p.middle or p.school).name) in body
    if p.middle:
        response = client.get(reverse("plans:plan_dashboard_unit", args=[p.middle.pk]), {"year": p.year.pk})
        assert response.status_code == 200 and p.school.name in response.content.decode()


def test_the_ministry_report_counts_the_province_in_every_shape(province, scored, client):
    client.force_login(province.so_officer)
    response = client.get(reverse("reports:ministry_report"), {"year": province.year.pk})
    assert response.status_code == 200
    assert "Hoàn thành kế hoạch BDTX" in response.content.decode()


def test_the_superior_reminds_a_late_school_and_its_principal_is_told(province):
    from reports import notifications
    from reports.models import Notification

    p = province
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    p.year.deadlines.create(unit=p.superior, kind=DeadlineKind.SCHOOL_REPORT, due_date=yesterday)
    outcome = notifications.reminder_send(
        from_unit=p.superior, to_units=[p.school], year=p.year, user=p.superior_officer
    )
    assert [unit for unit, _n in outcome.sent] == [p.school]
    assert Notification.objects.filter(user=p.principal).exists()

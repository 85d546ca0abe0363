"""The plan rules of a TT 19/2019 year: the catalogs of the year's regime, level and audience; no content-3
exemption without the Sở's decision; a GDPT 2018 (ETEP) module and the GVPT module it overlaps not both counted;
programme names on the editor and the plan page (issue 14)."""

import datetime

import pytest
from django.urls import reverse

from modules.models import Module, Topic
from plans import services
from plans.models import Plan, PlanStatus
from plans.services import PlanError
from tests.factories import make_tt19_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def year19(cast):
    return make_tt19_year(cast.so, is_current=True)


@pytest.fixture
def topics19(cast, year19):
    return [
        Topic.objects.create(year=year19, publisher=cast.so, content=1, level="TH", title="Nhiệm vụ năm học", hours=40),
        Topic.objects.create(
            year=year19, publisher=cast.so, content=2, level="TH", title="Chuyên đề địa phương", hours=40
        ),
    ]


@pytest.fixture
def plan19(cast, year19, topics19):
    return services.plan_start(staff=cast.teacher_a1.staff, year=year19, by=cast.teacher_a1)


def _fill(plan, user, codes, period="Học kỳ I"):
    schedule = {item.pk: (period, "SELF") for item in plan.items.exclude(content=3)}
    modules = [Module.objects.get(code=code) for code in codes]
    return services.plan_save_items(
        plan=plan, by=user, content3=[(m, period, "SELF") for m in modules], schedule=schedule
    )


def _with_exemption_decision(year):
    year.exemption_decision_number = "123/QĐ-SGDĐT"
    year.exemption_decision_date = datetime.date(2026, 8, 20)
    year.exemption_decision_reason = "Giáo viên tiếng Anh học lớp bồi dưỡng của Sở"
    year.save()
    return year


# ---------------------------------------------------------------------------------------------------------------
# Catalogs of the year's regime, level and audience
# ---------------------------------------------------------------------------------------------------------------


def test_the_editor_of_a_tt19_year_offers_gvpt_modules_not_th(cast, login, plan19, th_modules):
    page = login(cast.teacher_a1).get(reverse("plans:plan_edit")).content.decode()
    assert 'value="GVPT01"' in page and 'value="MĐ4"' in page
    assert 'value="TH1"' not in page and 'value="CBQLPT1"' not in page
    assert "GVPT13 — nhóm IV. Phát triển mối quan hệ" in page
    assert "UNCONFIRMED" not in page
    assert "Chương trình bồi dưỡng 03: mô đun tự chọn" in page
    assert "Chương trình bồi dưỡng 01 và Chương trình bồi dưỡng 02" in page
    assert "CT 01: 40/40 tiết" in page


def test_a_tt19_plan_with_two_gvpt_modules_is_submitted(plan19, cast):
    _fill(plan19, cast.teacher_a1, ["GVPT01", "GVPT06"])
    assert services.plan_submit(plan=plan19, by=cast.teacher_a1).status == PlanStatus.SUBMITTED


def test_a_tt19_plan_refuses_a_tt26_module(plan19, cast, th_modules):
    with pytest.raises(PlanError, match="TH1"):
        _fill(plan19, cast.teacher_a1, ["GVPT01", "TH1"])


def test_a_tt19_plan_counts_programme_03_against_the_years_quota(plan19, cast):
    _fill(plan19, cast.teacher_a1, ["GVPT01"])
    with pytest.raises(PlanError, match="Chương trình bồi dưỡng 03 mới có 20/40 tiết"):
        services.plan_submit(plan=plan19, by=cast.teacher_a1)


def test_a_tt26_plan_still_refuses_gvpt_modules(cast, year, topics, th_modules):
    plan = services.plan_start(staff=cast.teacher_a1.staff, year=year, by=cast.teacher_a1)
    with pytest.raises(PlanError, match="GVPT01"):
        _fill(plan, cast.teacher_a1, ["TH1", "TH2", "TH3", "GVPT01"])


def test_a_manager_of_a_tt19_year_takes_the_cbql_catalog(cast, year19):
    Module.objects.create(code="CBQLPT1", level="CBQL_GDPT", audience="CBQL", title="Quản trị nhà trường", hours=20)
    own = services.plan_start(staff=cast.principal_a1.staff, year=year19, by=cast.principal_a1)
    with pytest.raises(PlanError, match="GVPT01"):
        _fill(own, cast.principal_a1, ["GVPT01"])
    _fill(own, cast.principal_a1, ["CBQLPT1"])
    assert list(own.items.filter(content=3).values_list("module__code", flat=True)) == ["CBQLPT1"]


# ---------------------------------------------------------------------------------------------------------------
# Content-3 exemption
# ---------------------------------------------------------------------------------------------------------------


def test_exemption_is_refused_in_a_tt19_year_without_the_sos_decision(plan19, cast):
    with pytest.raises(PlanError) as refused:
        services.plan_set_exemption(plan=plan19, by=cast.principal_a1, exempt=True, reason="Học lớp tiếng Anh")
    message = str(refused.value)
    assert "không được thay đổi chương trình 03" in message
    assert "Thông tư 17/2019" in message and "quyết định" in message
    plan19.refresh_from_db()
    assert not plan19.exempt_content3


def test_exemption_is_accepted_in_a_tt19_year_with_the_sos_decision(plan19, cast, year19):
    _with_exemption_decision(year19)
    plan19.refresh_from_db()
    services.plan_set_exemption(plan=plan19, by=cast.principal_a1, exempt=True, reason="Học lớp tiếng Anh")
    _fill(plan19, cast.teacher_a1, [])
    assert services.plan_submit(plan=plan19, by=cast.teacher_a1).status == PlanStatus.SUBMITTED


def test_an_exemption_left_from_before_blocks_submission_once_the_decision_is_gone(plan19, cast, year19):
    Plan.objects.filter(pk=plan19.pk).update(exempt_content3=True, exemption_reason="cũ")
    plan19.refresh_from_db()
    problems = " ".join(services.plan_problems(plan=plan19))
    assert "không được thay đổi chương trình 03" in problems
    assert "Chương trình bồi dưỡng 03 mới có 0/40 tiết" in problems


def test_exemption_under_tt26_is_unchanged(cast, year, topics):
    plan = services.plan_start(staff=cast.teacher_a1.staff, year=year, by=cast.teacher_a1)
    services.plan_set_exemption(plan=plan, by=cast.principal_a1, exempt=True, reason="Học lớp tiếng Anh")
    plan.refresh_from_db()
    assert plan.exempt_content3


# ---------------------------------------------------------------------------------------------------------------
# ETEP overlap
# ---------------------------------------------------------------------------------------------------------------


def test_an_etep_module_and_its_overlapping_gvpt_module_are_refused_together(plan19, cast):
    with pytest.raises(PlanError, match="MĐ4.*GVPT04"):
        _fill(plan19, cast.teacher_a1, ["MĐ4", "GVPT04"])
    _fill(plan19, cast.teacher_a1, ["MĐ4", "GVPT06"])  # no overlap


def test_the_sos_overlap_decision_allows_both(plan19, cast, year19):
    year19.overlap_decision = "Quyết định 45/QĐ-SGDĐT ngày 01/9/2026"
    year19.save()
    plan19.refresh_from_db()
    _fill(plan19, cast.teacher_a1, ["MĐ4", "GVPT04"])
    assert plan19.items.filter(content=3).count() == 2


def test_a_gvpt_module_is_refused_when_its_etep_module_is_counted_elsewhere_this_year(plan19, cast, year19):
    def provider(staff, year):
        return {"MĐ2"} if staff.pk == cast.teacher_a1.staff_id and year.pk == year19.pk else set()

    services.register_counted_elsewhere(provider)
    try:
        with pytest.raises(PlanError, match="GVPT05"):
            _fill(plan19, cast.teacher_a1, ["GVPT05", "GVPT01"])
        year19.overlap_decision = "Quyết định 45/QĐ-SGDĐT"
        year19.save()
        plan19.refresh_from_db()
        _fill(plan19, cast.teacher_a1, ["GVPT05", "GVPT01"])
    finally:
        services.COUNTED_ELSEWHERE.remove(provider)


# ---------------------------------------------------------------------------------------------------------------
# Names on the plan page
# ---------------------------------------------------------------------------------------------------------------


def test_the_plan_page_names_the_programmes_of_the_year(cast, login, plan19):
    _fill(plan19, cast.teacher_a1, ["GVPT01", "GVPT13"])
    page = login(cast.teacher_a1).get(reverse("plans:my_plan")).content.decode()
    assert "Chương trình bồi dưỡng 01" in page and "Chương trình bồi dưỡng 03" in page
    assert "GVPT13 — nhóm IV. Phát triển mối quan hệ" in page
    assert "UNCONFIRMED" not in page

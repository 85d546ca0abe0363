"""Qualifications, certificates converted with the year's table (and keeping it), the Sở's choice, targets."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Level
from qualifications import services
from qualifications.models import (
    Degree,
    Indicator,
    LanguageCertificate,
    PoliticalTheory,
    Qualification,
    Target,
    YearConversionTable,
)
from tests.factories import StaffFactory

from .conftest import ISSUED

pytestmark = pytest.mark.django_db


def _add(staff, user, test="IELTS", scores=None, **extra):
    return services.certificate_add(
        staff=staff, user=user, test=test, scores=scores or {"score": "5,5"}, issued_on=ISSUED, **extra
    )


# ---------------------------------------------------------------------------------------------------------------
# Qualification records


def test_principal_records_a_qualification_with_history(cast):
    staff = cast.teacher_a1.staff
    services.qualification_save(
        staff=staff,
        user=cast.principal_a1,
        degree=Degree.DAI_HOC,
        major="Sư phạm Tiểu học",
        political_theory=PoliticalTheory.SO_CAP,
    )
    services.qualification_save(
        staff=staff, user=cast.principal_a1, degree=Degree.THAC_SI, political_theory=PoliticalTheory.TRUNG_CAP
    )
    qualification = Qualification.objects.get(staff=staff)
    assert qualification.degree == Degree.THAC_SI
    assert qualification.major == ""
    assert qualification.updated_by == cast.principal_a1
    history = list(qualification.history.order_by("history_id"))
    assert [record.degree for record in history] == [Degree.DAI_HOC, Degree.THAC_SI]
    assert history[-1].history_user == cast.principal_a1


@pytest.mark.parametrize("who", ["teacher_a1", "group_head_a1", "phong_b_officer", "so_z_officer"])
def test_qualification_edit_refused_outside_the_managers_scope(cast, who):
    with pytest.raises(PermissionDenied):
        services.qualification_save(staff=cast.teacher_a1.staff, user=getattr(cast, who), degree=Degree.TIEN_SI)
    assert not Qualification.objects.exists()


@pytest.mark.parametrize("who", ["principal_a1", "phong_a_officer", "so_officer"])
def test_qualification_edit_allowed_to_school_and_offices_above(cast, who):
    services.qualification_save(staff=cast.teacher_a1.staff, user=getattr(cast, who), degree=Degree.TIEN_SI)
    assert Qualification.objects.get(staff=cast.teacher_a1.staff).degree == Degree.TIEN_SI


@pytest.mark.parametrize(
    ("group", "guess"),
    [("Tổ Ngoại ngữ", True), ("TIẾNG ANH", True), ("Anh văn - Tin học", True), ("Tổ 1-2-3", False), ("", False)],
)
def test_guess_teaches_english_from_the_subject_group(group, guess):
    assert services.guess_teaches_english(group) is guess


def test_mark_english_teachers_only_touches_staff_without_a_record(cast):
    english = StaffFactory(unit=cast.school_a1, subject_group="Tổ Ngoại ngữ")
    decided = StaffFactory(unit=cast.school_a1, subject_group="Tổ Ngoại ngữ")
    services.qualification_save(staff=decided, user=cast.principal_a1, teaches_english=False)  # teaches French
    outside = StaffFactory(unit=cast.school_a2, subject_group="Tiếng Anh")
    staff = cast.principal_a1.staff.unit.staff.all()
    count = services.english_teachers_mark_from_groups(user=cast.principal_a1, staff_queryset=staff.model.objects.all())
    assert count == 1
    assert Qualification.objects.get(staff=english).teaches_english
    assert not Qualification.objects.get(staff=decided).teaches_english
    assert not Qualification.objects.filter(staff=outside).exists()


# ---------------------------------------------------------------------------------------------------------------
# Certificates and conversions


def test_certificate_is_converted_with_table_s_by_default_and_records_it(cast, year):
    certificate = _add(cast.teacher_a1.staff, cast.principal_a1, scores={"score": "5,0"})
    assert certificate.conversion_table == "S"
    assert "Hồ Chí Minh" in certificate.conversion_source
    assert certificate.cefr_level == "B1" and certificate.cefr_rank == 3
    assert certificate.conversion_year == year
    assert certificate.converted_at is not None
    assert certificate.scores == {"score": "5.0"}
    assert "Bảng S" in certificate.conversion_explanation


def test_sos_choice_changes_future_conversions_not_recorded_ones(cast, year):
    staff = cast.teacher_a1.staff
    before = _add(staff, cast.principal_a1, scores={"score": "5.0"})
    services.conversion_table_choose(year=year, table_key="A", user=cast.so_officer)
    after = _add(staff, cast.principal_a1, scores={"score": "5.0"})
    before.refresh_from_db()
    assert (before.conversion_table, before.cefr_level) == ("S", "B1")
    assert (after.conversion_table, after.cefr_level) == ("A", "B2")
    assert "6089" in after.conversion_source


def test_choice_is_per_year(cast, year, next_year):
    services.conversion_table_choose(year=next_year, table_key="C", user=cast.so_officer)
    this_year = _add(cast.teacher_a1.staff, cast.principal_a1)
    that_year = _add(cast.teacher_a1.staff, cast.principal_a1, year=next_year)
    assert this_year.conversion_table == "S"
    assert (that_year.conversion_table, that_year.conversion_year) == ("C", next_year)


def test_choice_changed_twice_keeps_one_row_per_year(cast, year):
    services.conversion_table_choose(year=year, table_key="A", user=cast.so_officer)
    services.conversion_table_choose(year=year, table_key="B", user=cast.so_officer)
    choice = YearConversionTable.objects.get()
    assert (choice.year, choice.table_key, choice.department) == (year, "B", cast.so)


@pytest.mark.parametrize("who", ["phong_a_officer", "principal_a1", "so_z_officer"])
def test_only_the_sos_officers_choose_its_table(cast, year, who):
    with pytest.raises(PermissionDenied):
        services.conversion_table_choose(year=year, table_key="A", user=getattr(cast, who))


def test_unknown_table_refused(cast, year):
    with pytest.raises(services.QualificationError):
        services.conversion_table_choose(year=year, table_key="X", user=cast.so_officer)


def test_staff_without_a_year_converts_with_table_s(cast):
    certificate = _add(cast.teacher_z1.staff, cast.so_z_officer)
    assert certificate.conversion_table == "S" and certificate.conversion_year is None


def test_test_absent_from_the_chosen_table_records_no_level_with_the_reason(cast, year):
    services.conversion_table_choose(year=year, table_key="A", user=cast.so_officer)
    certificate = _add(cast.teacher_a1.staff, cast.principal_a1, test="TOEFL_IBT", scores={"score": "100"})
    assert certificate.cefr_level == "" and certificate.cefr_rank == 0
    assert "không có quy đổi cho TOEFL iBT" in certificate.conversion_explanation


def test_toeic_skills_are_stored_and_all_must_reach(cast, year):
    certificate = _add(
        cast.teacher_a1.staff,
        cast.principal_a1,
        test="TOEIC",
        scores={"listening_reading": "650", "speaking": "150", "writing": "120"},
    )
    assert certificate.scores == {"listening_reading": "650", "speaking": "150", "writing": "120"}
    assert certificate.cefr_level == "B1"  # writing 120 < 130
    assert certificate.scores_display() == "Nghe & Đọc 650, Nói 150, Viết 120"


def test_bad_scores_refused_and_nothing_saved(cast, year):
    with pytest.raises(services.QualificationError) as caught:
        _add(cast.teacher_a1.staff, cast.principal_a1, scores={"score": "9,5"})
    assert "score" in caught.value.errors
    assert not LanguageCertificate.objects.exists()


def test_future_issue_date_refused(cast, year):
    with pytest.raises(services.QualificationError):
        services.certificate_add(
            staff=cast.teacher_a1.staff,
            user=cast.principal_a1,
            test="IELTS",
            scores={"score": "6"},
            issued_on=datetime.date.today() + datetime.timedelta(days=2),
        )


def test_certificate_outside_scope_refused(cast, year):
    with pytest.raises(PermissionDenied):
        _add(cast.teacher_a2.staff, cast.principal_a1)
    assert not LanguageCertificate.objects.exists()


def test_best_level_follows_certificates_added_and_deleted(cast, year):
    staff = StaffFactory(unit=cast.school_a1, subject_group="Tổ Tiếng Anh", level=Level.TH)
    low = _add(staff, cast.principal_a1, scores={"score": "4.5"})
    qualification = Qualification.objects.get(staff=staff)
    assert qualification.teaches_english  # guessed from the group when the record is created
    assert (qualification.cefr_level, qualification.cefr_rank) == ("B1", 3)
    high = _add(staff, cast.principal_a1, scores={"score": "7.0"})
    qualification.refresh_from_db()
    assert qualification.cefr_level == "C1"
    services.certificate_delete(certificate=high, user=cast.principal_a1)
    qualification.refresh_from_db()
    assert qualification.cefr_level == "B1"
    services.certificate_delete(certificate=low, user=cast.principal_a1)
    qualification.refresh_from_db()
    assert (qualification.cefr_level, qualification.cefr_rank) == ("", 0)


def test_best_level_refresh_does_not_add_qualification_history(cast, year):
    staff = cast.teacher_a1.staff
    services.qualification_save(staff=staff, user=cast.principal_a1, degree=Degree.DAI_HOC)
    _add(staff, cast.principal_a1)
    assert Qualification.objects.get(staff=staff).history.count() == 1


# ---------------------------------------------------------------------------------------------------------------
# Targets


def test_so_officer_sets_and_updates_a_target(cast, year):
    services.target_save(
        user=cast.so_officer,
        year=year,
        indicator=Indicator.MASTER,
        unit_type="THPT",
        audience="CBQL",
        target_percent=Decimal("33"),
    )
    services.target_save(
        user=cast.so_officer,
        year=year,
        indicator=Indicator.MASTER,
        unit_type="THPT",
        audience="CBQL",
        target_percent=Decimal("35"),
    )
    target = Target.objects.get()
    assert target.target_percent == Decimal("35") and target.department == cast.so


@pytest.mark.parametrize("who", ["phong_a_officer", "principal_a1", "so_z_officer"])
def test_only_the_sos_officers_set_targets(cast, year, who):
    with pytest.raises(PermissionDenied):
        services.target_save(user=getattr(cast, who), year=year, indicator="MASTER", target_percent=Decimal("10"))


@pytest.mark.parametrize(
    ("indicator", "audience", "percent", "field"),
    [("MASTER", "ALL", Decimal("101"), "target_percent"), ("ENGLISH", "CBQL", Decimal("50"), "audience")],
)
def test_invalid_targets_refused(cast, year, indicator, audience, percent, field):
    with pytest.raises(services.QualificationError) as caught:
        services.target_save(
            user=cast.so_officer, year=year, indicator=indicator, audience=audience, target_percent=percent
        )
    assert field in caught.value.errors


def test_targets_copied_from_another_year_keep_existing_ones(cast, year, next_year):
    services.target_save(user=cast.so_officer, year=year, indicator="MASTER", target_percent=Decimal("10"))
    services.target_save(user=cast.so_officer, year=year, indicator="DOCTORATE", target_percent=Decimal("1"))
    services.target_save(user=cast.so_officer, year=next_year, indicator="MASTER", target_percent=Decimal("20"))
    assert services.targets_copy_from_year(user=cast.so_officer, year=next_year, source_year=year) == 1
    values = dict(Target.objects.filter(year=next_year).values_list("indicator", "target_percent"))
    assert values == {"MASTER": Decimal("20"), "DOCTORATE": Decimal("1")}


def test_hcmc_targets_preset_keeps_the_sos_own_targets(cast, year):
    services.target_save(
        user=cast.so_officer, year=year, indicator="MASTER", unit_type="THPT", audience="CBQL", target_percent=40
    )
    added = services.targets_load_hcmc_2013_2015(user=cast.so_officer, year=year)
    assert added == len(services.HCMC_2013_2015_TARGETS) - 1
    values = {(t.indicator, t.unit_type, t.audience): t.target_percent for t in Target.objects.filter(year=year)}
    assert values[("MASTER", "THPT", "CBQL")] == Decimal("40")
    assert values[("DOCTORATE", "THPT", "CBQL")] == Decimal("4")
    assert values[("DOCTORATE", "THPT", "GV")] == Decimal("0.3")
    assert values[("MASTER", "GDTX", "CBQL")] == Decimal("20")
    assert values[("POLITICAL", "ALL", "CBQL")] == Decimal("100")
    assert values[("ENGLISH", "ALL", "GV")] == Decimal("100")
    assert services.targets_load_hcmc_2013_2015(user=cast.so_officer, year=year) == 0
    with pytest.raises(PermissionDenied):
        services.targets_load_hcmc_2013_2015(user=cast.phong_a_officer, year=year)

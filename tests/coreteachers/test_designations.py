"""Designating core teachers: who may designate whom, the quick flag kept in sync with history, revoking."""

import pytest

from accounts.models import Level
from coreteachers import services
from coreteachers.models import Designation, Subject
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


def designate(cast, user, staff, year, subject=Subject.TOAN, **extra):
    return services.designation_create(staff=staff, year=year, subject=subject, by=user, **extra)


def test_principal_designates_in_own_school_only(cast, year):
    designation = designate(cast, cast.principal_a1, cast.teacher_a1.staff, year)
    assert (designation.school, designation.level, designation.active) == (cast.school_a1, Level.TH, True)
    assert designation.designated_by == cast.principal_a1
    for outsider in cast.outsiders_of_a1:
        with pytest.raises(services.CoreTeacherError, match="không có quyền"):
            designate(cast, cast.principal_a1, outsider.staff, year)
    assert Designation.objects.count() == 1


def test_phong_officer_designates_in_its_subtree(cast, year):
    designate(cast, cast.phong_a_officer, cast.teacher_a1.staff, year)
    designate(cast, cast.phong_a_officer, cast.teacher_a2.staff, year, subject=Subject.TIENG_VIET)
    for outsider in (cast.teacher_b1, cast.teacher_t1, cast.teacher_z1):
        with pytest.raises(services.CoreTeacherError):
            designate(cast, cast.phong_a_officer, outsider.staff, year)
    assert set(Designation.objects.values_list("staff__unit__code", flat=True)) == {"A1", "A2"}


def test_so_officer_designates_across_its_province_not_another(cast, year):
    designate(cast, cast.so_officer, cast.teacher_b1.staff, year, level=Level.THCS)
    designate(cast, cast.so_officer, cast.teacher_t1.staff, year, subject=Subject.VAT_LI)
    with pytest.raises(services.CoreTeacherError):
        designate(cast, cast.so_officer, cast.teacher_z1.staff, year)


def test_teachers_and_group_heads_cannot_designate(cast, year):
    for user in (cast.teacher_a1, cast.group_head_a1):
        with pytest.raises(services.CoreTeacherError):
            designate(cast, user, cast.teacher_a1.staff, year)


def test_a_year_of_another_province_is_refused(cast, year):
    other = TrainingYear.objects.create(department=cast.so_z, start_year=2025, is_current=True)
    with pytest.raises(services.CoreTeacherError, match="không thuộc Sở"):
        designate(cast, cast.so_officer, cast.teacher_a1.staff, other)


def test_the_same_subject_and_level_twice_is_refused_another_subject_is_allowed(cast, year):
    designate(cast, cast.principal_a1, cast.teacher_a1.staff, year)
    with pytest.raises(services.CoreTeacherError, match="đã là giáo viên cốt cán môn Toán"):
        designate(cast, cast.principal_a1, cast.teacher_a1.staff, year)
    designate(cast, cast.principal_a1, cast.teacher_a1.staff, year, subject=Subject.TIENG_VIET)
    assert Designation.objects.filter(staff=cast.teacher_a1.staff, active=True).count() == 2


def test_flag_is_set_and_cleared_through_staff_history(cast, year):
    staff = cast.teacher_a1.staff
    assert staff.is_core_teacher is False
    designation = designate(cast, cast.principal_a1, staff, year)
    staff.refresh_from_db()
    assert staff.is_core_teacher is True
    latest = staff.history.order_by("-history_date", "-history_id").first()
    assert (latest.is_core_teacher, latest.history_user, latest.history_change_reason) == (
        True,
        cast.principal_a1,
        "Phân công giáo viên cốt cán",
    )

    services.designation_revoke(designation=designation, by=cast.principal_a1, reason="Chuyển công tác khác")
    staff.refresh_from_db()
    designation.refresh_from_db()
    assert staff.is_core_teacher is False
    assert (designation.active, designation.revoked_by, designation.revoke_reason) == (
        False,
        cast.principal_a1,
        "Chuyển công tác khác",
    )
    assert [record.is_core_teacher for record in staff.history.order_by("history_date", "history_id")] == [
        False,
        True,
        False,
    ]


def test_flag_stays_while_another_designation_of_the_year_is_active(cast, year):
    staff = cast.teacher_a1.staff
    math = designate(cast, cast.principal_a1, staff, year)
    designate(cast, cast.principal_a1, staff, year, subject=Subject.TIENG_VIET)
    services.designation_revoke(designation=math, by=cast.principal_a1, reason="Thôi môn Toán")
    staff.refresh_from_db()
    assert staff.is_core_teacher is True


def test_a_past_year_designation_leaves_the_flag_alone(cast, year):
    past = TrainingYear.objects.create(department=cast.so, start_year=2023)
    staff = cast.teacher_a1.staff
    designate(cast, cast.principal_a1, staff, past)
    staff.refresh_from_db()
    assert staff.is_core_teacher is False
    assert staff.history.count() == 1  # created by the factory, nothing else


def test_revoked_designation_is_reactivated_when_designated_again(cast, year):
    first = designate(cast, cast.principal_a1, cast.teacher_a1.staff, year)
    services.designation_revoke(designation=first, by=cast.principal_a1, reason="Nhầm")
    again = designate(cast, cast.phong_a_officer, cast.teacher_a1.staff, year, decision="12/QĐ-PGD")
    assert again.pk == first.pk
    assert (again.active, again.designated_by, again.decision, again.revoked_by) == (
        True,
        cast.phong_a_officer,
        "12/QĐ-PGD",
        None,
    )


def test_revoking_needs_a_reason_and_the_designating_level(cast, year):
    by_phong = designate(cast, cast.phong_a_officer, cast.teacher_a1.staff, year)
    with pytest.raises(services.CoreTeacherError, match="lý do"):
        services.designation_revoke(designation=by_phong, by=cast.phong_a_officer, reason="  ")
    # The principal cannot undo what the Phòng decided; another Phòng cannot either; the Sở can.
    for user in (cast.principal_a1, cast.phong_b_officer, cast.teacher_a1):
        with pytest.raises(services.CoreTeacherError, match="đơn vị đã phân công"):
            services.designation_revoke(designation=by_phong, by=user, reason="Thôi")
    services.designation_revoke(designation=by_phong, by=cast.so_officer, reason="Theo quyết định của Sở")
    by_phong.refresh_from_db()
    assert by_phong.active is False
    with pytest.raises(services.CoreTeacherError, match="đã thôi"):
        services.designation_revoke(designation=by_phong, by=cast.so_officer, reason="Lần nữa")


def test_inactive_staff_cannot_be_designated(cast, year):
    staff = cast.teacher_a1.staff
    staff.is_active = False
    staff.save()
    with pytest.raises(services.CoreTeacherError):
        designate(cast, cast.principal_a1, staff, year)

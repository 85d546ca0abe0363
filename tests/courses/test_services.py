"""Course and enrolment services: validation, who may organise, enrolment scope, completion."""

import datetime

import pytest

from courses import services
from courses.models import Course, CourseAudience, CourseStatus, Enrollment, FundingSource
from courses.services import CourseError
from tests.factories import StaffFactory
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


def _values(**changes):
    return {
        "name": "Bồi dưỡng nâng cao năng lực kế toán đơn vị HCSN",
        "audience": CourseAudience.ACCOUNTANT,
        "funding_source": FundingSource.STATE,
        "class_count": 1,
        "planned_participants": 100,
        "cost_per_person": 1_500_000,
    } | changes


def test_create_keeps_integer_money_and_computes_the_total(cast, year):
    course = services.course_create(organiser=cast.so, year=year, by=cast.so_officer, **_values())
    course.refresh_from_db()
    assert course.cost_per_person == 1_500_000 and course.planned_total == 150_000_000
    assert course.status == CourseStatus.PLANNED
    assert course.history.first().history_user == cast.so_officer


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": "   "}, "tên lớp"),
        ({"audience": "XYZ"}, "Đối tượng"),
        ({"audience": CourseAudience.OTHER}, "ghi rõ đối tượng"),
        ({"funding_source": "NSTW"}, "Nguồn kinh phí"),
        ({"funding_source": FundingSource.OTHER, "funding_other": " "}, "ghi rõ nguồn"),
        ({"class_count": 0}, "Số lớp"),
        ({"planned_participants": 100_001}, "Số người"),
        ({"cost_per_person": -1}, "không được âm"),
        ({"cost_per_person": 1.5}, "số nguyên đồng"),
        ({"cost_per_person": "1500000"}, "số nguyên đồng"),
        ({"cost_per_person": 10_000_000_001}, "không được quá"),
        ({"start_date": datetime.date(2025, 10, 2), "end_date": datetime.date(2025, 10, 1)}, "Ngày kết thúc"),
        ({"status": "DONE"}, "Trạng thái"),
    ],
)
def test_create_validates(cast, year, changes, message):
    with pytest.raises(CourseError, match=message):
        services.course_create(organiser=cast.so, year=year, by=cast.so_officer, **_values(**changes))
    assert not Course.objects.exists()


def test_only_offices_organise_for_their_own_unit_and_their_own_sos_year(cast, year):
    with pytest.raises(CourseError, match="đơn vị của mình"):
        services.course_create(organiser=cast.phong_b, year=year, by=cast.phong_a_officer, **_values())
    with pytest.raises(CourseError, match="đơn vị của mình"):
        services.course_create(organiser=cast.so, year=year, by=cast.principal_a1, **_values())
    with pytest.raises(CourseError, match="Sở, Phòng GD&ĐT hoặc UBND xã"):
        services.course_create(organiser=cast.school_a1, year=year, by=cast.admin, **_values())
    other_year = TrainingYear.objects.create(department=cast.so_z, start_year=2025)
    with pytest.raises(CourseError, match="Năm học"):
        services.course_create(organiser=cast.so, year=other_year, by=cast.so_officer, **_values())
    course = services.course_create(organiser=cast.phong_a, year=year, by=cast.phong_a_officer, **_values())
    assert course.organiser == cast.phong_a
    assert services.course_create(organiser=cast.phong_b, year=year, by=cast.admin, **_values()).pk


def test_only_the_organiser_updates_or_deletes(cast, make_course):
    course = make_course(organiser=cast.phong_a)
    for outsider in (cast.so_officer, cast.phong_b_officer):
        with pytest.raises(CourseError):
            services.course_update(course=course, by=outsider, **_values(name="Đổi tên"))
        with pytest.raises(CourseError):
            services.course_delete(course=course, by=outsider)
    services.course_update(course=course, by=cast.phong_a_officer, **_values(name="Đổi tên", cost_per_person=0))
    course.refresh_from_db()
    assert course.name == "Đổi tên" and course.planned_total == 0


def test_a_course_with_students_is_not_deleted(cast, make_course):
    course = make_course(organiser=cast.phong_a)
    services.enrollment_add(course=course, staff_ids=[cast.teacher_a1.staff_id], by=cast.phong_a_officer)
    with pytest.raises(CourseError, match="đã có học viên"):
        services.course_delete(course=course, by=cast.phong_a_officer)
    assert Course.objects.filter(pk=course.pk).exists()


# --- enrolment ---------------------------------------------------------------------------------------------


def test_a_phong_enrols_its_own_schools_staff(cast, make_course):
    course = make_course(organiser=cast.phong_a)
    ids = [cast.teacher_a1.staff_id, cast.teacher_a2.staff_id, cast.principal_a1.staff_id]
    assert services.enrollment_add(course=course, staff_ids=ids, by=cast.phong_a_officer) == 3
    # Again: the ones already in are skipped, nothing doubles.
    assert services.enrollment_add(course=course, staff_ids=[str(ids[0])], by=cast.phong_a_officer) == 0
    assert set(course.enrollments.values_list("staff_id", flat=True)) == set(ids)
    assert course.enrollments.first().enrolled_by == cast.phong_a_officer


def test_a_phong_cannot_enrol_another_phongs_staff(cast, make_course):
    course = make_course(organiser=cast.phong_a)
    for foreign in (cast.teacher_b1, cast.teacher_t1, cast.teacher_z1):
        with pytest.raises(CourseError, match="không thuộc phạm vi"):
            services.enrollment_add(
                course=course, staff_ids=[cast.teacher_a1.staff_id, foreign.staff_id], by=cast.phong_a_officer
            )
    assert not Enrollment.objects.exists()  # nothing half-lands


def test_the_sos_course_takes_staff_of_the_whole_province_only(cast, make_course):
    course = make_course()
    ids = [cast.teacher_a1.staff_id, cast.teacher_b1.staff_id, cast.teacher_t1.staff_id]
    assert services.enrollment_add(course=course, staff_ids=ids, by=cast.so_officer) == 3
    with pytest.raises(CourseError):
        services.enrollment_add(course=course, staff_ids=[cast.teacher_z1.staff_id], by=cast.so_officer)
    # Even an admin may not put another province's teacher into the Sở's course.
    with pytest.raises(CourseError):
        services.enrollment_add(course=course, staff_ids=[cast.teacher_z1.staff_id], by=cast.admin)


def test_only_the_organiser_enrols(cast, make_course):
    course = make_course()
    with pytest.raises(CourseError, match="Chỉ đơn vị tổ chức"):
        services.enrollment_add(course=course, staff_ids=[cast.teacher_a1.staff_id], by=cast.phong_a_officer)


def test_inactive_staff_and_bad_ids_are_refused(cast, make_course):
    course = make_course(organiser=cast.phong_a)
    gone = StaffFactory(unit=cast.school_a1, is_active=False)
    with pytest.raises(CourseError):
        services.enrollment_add(course=course, staff_ids=[gone.pk], by=cast.phong_a_officer)
    with pytest.raises(CourseError, match="không hợp lệ"):
        services.enrollment_add(course=course, staff_ids=["abc"], by=cast.phong_a_officer)
    with pytest.raises(CourseError, match="ít nhất một"):
        services.enrollment_add(course=course, staff_ids=[], by=cast.phong_a_officer)


# --- completion --------------------------------------------------------------------------------------------


@pytest.fixture
def enrolled(cast, make_course):
    course = make_course(organiser=cast.phong_a, status=CourseStatus.ONGOING)
    services.enrollment_add(
        course=course, staff_ids=[cast.teacher_a1.staff_id, cast.teacher_a2.staff_id], by=cast.phong_a_officer
    )
    return course, list(course.enrollments.order_by("staff__sort_key"))


def test_completion_is_recorded_with_who_and_when(cast, enrolled):
    course, (first, second) = enrolled
    changed = services.enrollment_set_completed(
        course=course, enrollment_ids=[first.pk], completed=True, note="Đạt", by=cast.phong_a_officer
    )
    assert changed == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.completed and first.completed_at is not None and first.completed_by == cast.phong_a_officer
    assert first.result_note == "Đạt"
    assert not second.completed and second.completed_at is None
    # Recording again keeps the first time.
    at = first.completed_at
    services.enrollment_set_completed(course=course, enrollment_ids=[first.pk], completed=True, by=cast.phong_a_officer)
    first.refresh_from_db()
    assert first.completed_at == at
    assert first.history.count() == 2  # created, completed


def test_completion_can_be_withdrawn(cast, enrolled):
    course, (first, _second) = enrolled
    services.enrollment_set_completed(course=course, enrollment_ids=[first.pk], completed=True, by=cast.phong_a_officer)
    services.enrollment_set_completed(
        course=course, enrollment_ids=[first.pk], completed=False, by=cast.phong_a_officer
    )
    first.refresh_from_db()
    assert not first.completed and first.completed_at is None and first.completed_by is None


def test_completion_needs_a_started_course_and_the_organiser(cast, make_course, enrolled):
    course, (first, _second) = enrolled
    with pytest.raises(CourseError, match="Chỉ đơn vị tổ chức"):
        services.enrollment_set_completed(course=course, enrollment_ids=[first.pk], completed=True, by=cast.so_officer)
    course.status = CourseStatus.PLANNED
    course.save()
    with pytest.raises(CourseError, match="Dự kiến"):
        services.enrollment_set_completed(
            course=course, enrollment_ids=[first.pk], completed=True, by=cast.phong_a_officer
        )
    # Another course's enrolment cannot be touched through this one.
    other = make_course("Khác", organiser=cast.phong_a, status=CourseStatus.ONGOING)
    with pytest.raises(CourseError, match="không thuộc lớp"):
        services.enrollment_set_completed(
            course=other, enrollment_ids=[first.pk], completed=True, by=cast.phong_a_officer
        )
    first.refresh_from_db()
    assert not first.completed


def test_completed_students_are_not_removed(cast, enrolled):
    course, (first, second) = enrolled
    services.enrollment_set_completed(course=course, enrollment_ids=[first.pk], completed=True, by=cast.phong_a_officer)
    with pytest.raises(CourseError, match="bỏ ghi nhận"):
        services.enrollment_remove(course=course, enrollment_ids=[first.pk, second.pk], by=cast.phong_a_officer)
    assert course.enrollments.count() == 2
    assert services.enrollment_remove(course=course, enrollment_ids=[second.pk], by=cast.phong_a_officer) == 1
    assert list(course.enrollments.all()) == [first]


def test_a_course_with_completions_does_not_go_back_to_planned(cast, enrolled):
    course, (first, _second) = enrolled
    services.enrollment_set_completed(course=course, enrollment_ids=[first.pk], completed=True, by=cast.phong_a_officer)
    with pytest.raises(CourseError, match="Dự kiến"):
        services.course_update(course=course, by=cast.phong_a_officer, **_values(status=CourseStatus.PLANNED))
    services.course_update(course=course, by=cast.phong_a_officer, **_values(status=CourseStatus.FINISHED))
    course.refresh_from_db()
    assert course.status == CourseStatus.FINISHED

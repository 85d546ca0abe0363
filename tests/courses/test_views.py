"""Course pages: who sees what (outsiders 404), the money form, enrolment by search, completion, export."""

import io

import openpyxl
import pytest
from django.urls import reverse

from courses import services
from courses.models import Course, CourseStatus, Enrollment
from jobs.models import Job
from tests.factories import StaffFactory
from tests.official_forms import assert_official_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def phong_course(cast, make_course):
    course = make_course(
        "Bồi dưỡng công tác quản lý cho TTCM",
        organiser=cast.phong_a,
        planned_participants=100,
        cost_per_person=900_000,
        status=CourseStatus.ONGOING,
    )
    services.enrollment_add(
        course=course, staff_ids=[cast.teacher_a1.staff_id, cast.teacher_a2.staff_id], by=cast.phong_a_officer
    )
    return course


# --- visibility --------------------------------------------------------------------------------------------


def test_outsiders_get_404_on_every_course_page(cast, phong_course, login):
    enrollment = phong_course.enrollments.first()
    urls = [
        reverse("courses:course_detail", args=[phong_course.pk]),
        reverse("courses:course_edit", args=[phong_course.pk]),
        reverse("courses:course_delete", args=[phong_course.pk]),
        reverse("courses:enroll", args=[phong_course.pk]),
        reverse("courses:enrollment_edit", args=[phong_course.pk, enrollment.pk]),
    ]
    outsiders = [cast.phong_b_officer, cast.so_z_officer, cast.teacher_b1, cast.teacher_z1, cast.teacher_a1_other_group]
    for user in outsiders:
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
        assert client.post(reverse("courses:enrollment_action", args=[phong_course.pk])).status_code == 404


def test_who_sees_the_phongs_course(cast, phong_course, login):
    url = reverse("courses:course_detail", args=[phong_course.pk])
    for user in (cast.phong_a_officer, cast.so_officer, cast.principal_a1, cast.admin, cast.teacher_a1):
        assert login(user).get(url).status_code == 200, user.username
    # Visible but not theirs to change: 403.
    for user in (cast.so_officer, cast.principal_a1, cast.teacher_a1):
        client = login(user)
        assert client.get(reverse("courses:course_edit", args=[phong_course.pk])).status_code in (403, 404)
        assert client.get(reverse("courses:enroll", args=[phong_course.pk])).status_code in (403, 404)
    assert login(cast.so_officer).get(reverse("courses:course_edit", args=[phong_course.pk])).status_code == 403


def test_people_see_only_the_students_in_their_scope(cast, phong_course, login):
    url = reverse("courses:course_detail", args=[phong_course.pk])
    html = login(cast.principal_a1).get(url).content.decode()
    assert "Nguyễn Văn An" in html and "Hoàng Văn Cường" not in html  # teacher_a2 is in school A2
    assert "Đã ghi danh 2/100 người" in html
    html = login(cast.teacher_a1).get(url).content.decode()
    assert "Nguyễn Văn An" in html and "Hoàng Văn Cường" not in html
    html = login(cast.phong_a_officer).get(url).content.decode()
    assert "Nguyễn Văn An" in html and "Hoàng Văn Cường" in html
    assert "900.000 đ" in html and "90.000.000 đ" in html


def test_course_list_by_role(cast, year, phong_course, make_course, login):
    make_course("Lớp của Sở")
    make_course("Lớp của Phòng B", organiser=cast.phong_b)
    url = reverse("courses:course_list")

    def names(user):
        response = login(user).get(url, {"year": year.pk})
        assert response.status_code == 200
        return {course.name for course in response.context["page"].object_list}

    assert names(cast.so_officer) == {"Lớp của Sở", "Lớp của Phòng B", phong_course.name}
    assert names(cast.phong_a_officer) == {"Lớp của Sở", phong_course.name}
    assert names(cast.phong_b_officer) == {"Lớp của Sở", "Lớp của Phòng B"}
    assert names(cast.principal_a1) == {"Lớp của Sở", phong_course.name}
    assert names(cast.teacher_a1) == {phong_course.name}  # enrolled
    assert names(cast.teacher_b1) == set()
    assert login(cast.so_z_officer).get(url, {"year": year.pk}).status_code == 404


def test_navigation_item_for_offices_and_managers(cast, login):
    from bdtx.navigation import nav_for

    for user in (cast.so_officer, cast.phong_a_officer, cast.principal_a1):
        assert "courses" in {item["key"] for item in nav_for(user)}
    assert "courses" not in {item["key"] for item in nav_for(cast.teacher_a1)}


# --- the course form ---------------------------------------------------------------------------------------


def _form(year, **changes):
    return {
        "year": year.pk,
        "name": "Bồi dưỡng nâng cao năng lực kế toán đơn vị HCSN",
        "audience": "KE_TOAN",
        "funding_source": "NSNN",
        "class_count": "1",
        "planned_participants": "100",
        "cost_per_person": "1.500.000",
        "start_date": "15/10/2025",
        "end_date": "20/10/2025",
        "status": "PLANNED",
    } | changes


@pytest.mark.parametrize("typed", ["1.500.000", "1500000", "1 500 000", "1.500.000 đ"])
def test_create_accepts_money_typed_the_vietnamese_way(cast, year, login, typed):
    response = login(cast.so_officer).post(reverse("courses:course_create"), _form(year, cost_per_person=typed))
    course = Course.objects.get()
    assert response.status_code == 302 and response.url == reverse("courses:course_detail", args=[course.pk])
    assert course.organiser == cast.so and course.cost_per_person == 1_500_000 and course.planned_total == 150_000_000
    assert course.start_date.isoformat() == "2025-10-15"


@pytest.mark.parametrize(
    "typed, message",
    [("1.500.000,5", "không có phần thập phân"), ("-1500000", "không được âm"), ("1500.5", "không có phần lẻ")],
)
def test_create_refuses_decimals_and_negatives_in_vietnamese(cast, year, login, typed, message):
    response = login(cast.so_officer).post(reverse("courses:course_create"), _form(year, cost_per_person=typed))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Course.objects.exists()


def test_the_form_shows_saved_money_with_dots(cast, make_course, login):
    course = make_course(cost_per_person=1_500_000)
    html = login(cast.so_officer).get(reverse("courses:course_edit", args=[course.pk])).content.decode()
    assert 'value="1.500.000"' in html


def test_school_staff_cannot_create(cast, year, login):
    for user in (cast.principal_a1, cast.teacher_a1):
        assert login(user).post(reverse("courses:course_create"), _form(year)).status_code == 403
    assert not Course.objects.exists()


def test_edit_and_delete(cast, make_course, login):
    course = make_course(organiser=cast.phong_a)
    client = login(cast.phong_a_officer)
    response = client.post(
        reverse("courses:course_edit", args=[course.pk]),
        _form(course.year, name="Tên mới", cost_per_person="2 000 000", status="ONGOING"),
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.name, course.cost_per_person, course.status) == ("Tên mới", 2_000_000, "ONGOING")
    assert client.post(reverse("courses:course_delete", args=[course.pk])).status_code == 302
    assert not Course.objects.exists()


# --- enrolment ---------------------------------------------------------------------------------------------


def test_enrol_page_searches_without_diacritics_in_the_organisers_scope(cast, phong_course, login):
    url = reverse("courses:enroll", args=[phong_course.pk])
    client = login(cast.phong_a_officer)
    page = client.get(url, {"q": "thi hoa"}).context["page"]
    assert [staff.full_name for staff in page.object_list] == ["Lê Thị Hoa"]
    page = client.get(url, {"q": "nguyen van an"}).context["page"]
    assert [(staff.full_name, staff.is_enrolled) for staff in page.object_list] == [("Nguyễn Văn An", True)]
    everyone = {staff.full_name for staff in client.get(url).context["page"].object_list}
    assert "Đỗ Thị Dung" not in everyone and "Vũ Văn Em" not in everyone  # Phòng B, THPT under the Sở
    assert client.get(url, {"q": "dung"}).context["page"].paginator.count == 0


def test_enrol_page_is_paginated(cast, phong_course, login):
    for number in range(45):
        StaffFactory(unit=cast.school_a2, full_name=f"Trần Văn Tâm {number}")
    client = login(cast.phong_a_officer)
    url = reverse("courses:enroll", args=[phong_course.pk])
    first = client.get(url, {"q": "tam"}).context["page"]
    assert first.paginator.count == 45 and len(first.object_list) == 30
    assert len(client.get(url, {"q": "tam", "page": 2}).context["page"].object_list) == 15


def test_enrol_by_post(cast, phong_course, login):
    client = login(cast.phong_a_officer)
    response = client.post(
        reverse("courses:enroll", args=[phong_course.pk]), {"staff": [cast.principal_a1.staff_id], "back": "q=hoa"}
    )
    assert response.status_code == 302 and response.url.endswith("?q=hoa")
    assert phong_course.enrollments.filter(staff_id=cast.principal_a1.staff_id).exists()


def test_a_phong_officer_cannot_enrol_another_phongs_staff(cast, phong_course, make_course, login):
    client = login(cast.phong_a_officer)
    response = client.post(
        reverse("courses:enroll", args=[phong_course.pk]), {"staff": [cast.teacher_b1.staff_id]}, follow=True
    )
    assert "không thuộc phạm vi" in response.content.decode()
    assert not phong_course.enrollments.filter(staff_id=cast.teacher_b1.staff_id).exists()
    # Nor enrol anyone into Phòng B's course: it does not exist for them.
    course_b = make_course("Lớp của Phòng B", organiser=cast.phong_b)
    response = client.post(reverse("courses:enroll", args=[course_b.pk]), {"staff": [cast.teacher_a1.staff_id]})
    assert response.status_code == 404
    assert not Enrollment.objects.filter(course=course_b).exists()


def test_completion_is_recorded_from_the_course_page(cast, phong_course, login):
    first, second = phong_course.enrollments.order_by("pk")
    client = login(cast.phong_a_officer)
    url = reverse("courses:enrollment_action", args=[phong_course.pk])
    response = client.post(url, {"enrollment": [first.pk], "action": "complete", "note": "Đạt"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.completed and first.completed_by == cast.phong_a_officer and first.result_note == "Đạt"
    assert not second.completed
    html = client.get(reverse("courses:course_detail", args=[phong_course.pk])).content.decode()
    assert "1 người hoàn thành" in html
    # One student's result edited on its own page.
    response = client.post(
        reverse("courses:enrollment_edit", args=[phong_course.pk, second.pk]),
        {"completed": "on", "result_note": "Giỏi"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.completed and second.result_note == "Giỏi"
    # Removing a completed student is refused.
    client.post(url, {"enrollment": [first.pk], "action": "remove"})
    assert phong_course.enrollments.count() == 2


def test_a_sos_officer_cannot_record_completion_in_a_phongs_course(cast, phong_course, login):
    first = phong_course.enrollments.first()
    response = login(cast.so_officer).post(
        reverse("courses:enrollment_action", args=[phong_course.pk]), {"enrollment": [first.pk], "action": "complete"}
    )
    assert response.status_code == 403
    first.refresh_from_db()
    assert not first.completed


def test_course_detail_query_count(cast, phong_course, login, django_assert_max_num_queries):
    for _number in range(40):
        staff = StaffFactory(unit=cast.school_a1)
        Enrollment.objects.create(course=phong_course, staff=staff, enrolled_by=cast.phong_a_officer)
    client = login(cast.phong_a_officer)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("courses:course_detail", args=[phong_course.pk]))
    assert response.status_code == 200


# --- export ------------------------------------------------------------------------------------------------


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def test_budget_export_job_writes_the_table_with_totals(
    cast, year, make_course, login, private_root, django_capture_on_commit_callbacks
):
    make_course("Kế toán", planned_participants=100, cost_per_person=1_500_000)
    make_course('=HYPERLINK("http://x")', class_count=2, planned_participants=80, cost_per_person=3_800_000)
    make_course("Phòng A", organiser=cast.phong_a, planned_participants=10, cost_per_person=100_000)
    client = login(cast.so_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:budget_export"), {"year": year.pk, "unit": cast.so.pk})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    # The Sở's heading and its director's signature block around the table (accounts.letterheads).
    assert_official_form(sheet, superior="UBND TỈNH A", issuer="SỞ GIÁO DỤC VÀ ĐÀO TẠO", signer="GIÁM ĐỐC", place="A")
    assert sheet["A4"].value == "DỰ TRÙ KINH PHÍ CÁC LỚP BỒI DƯỠNG"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(index for index, row in enumerate(rows) if row[0] == "STT")
    end = next(index for index, row in enumerate(rows) if index > header and all(v is None for v in row))
    data = rows[header + 1 : end]
    assert data[0][1:] == [
        "Kế toán",
        "Sở GD&ĐT Tỉnh A",
        "Thư viện",
        "Ngân sách nhà nước",
        1,
        100,
        1_500_000,
        150_000_000,
    ]
    assert data[1][1] == '=HYPERLINK("http://x")'  # text, never a formula
    assert data[1][8] == 304_000_000
    assert data[-1][1:] == ["TỔNG CỘNG", None, None, None, 3, 180, None, 454_000_000]
    assert all(row[1] != "Phòng A" for row in data)


def test_a_phongs_budget_export_carries_the_phongs_heading(
    cast, year, make_course, login, private_root, django_capture_on_commit_callbacks
):
    make_course("Phòng A", organiser=cast.phong_a, planned_participants=10, cost_per_person=100_000)
    client = login(cast.phong_a_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:budget_export"), {"year": year.pk, "unit": cast.phong_a.pk})
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED, job.error
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert_official_form(
        sheet, superior="UBND HUYỆN A", issuer="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", signer="TRƯỞNG PHÒNG", place="A"
    )


def test_budget_export_refuses_a_unit_out_of_scope(cast, year, login):
    response = login(cast.phong_a_officer).post(reverse("courses:budget_export"), {"year": year.pk, "unit": cast.so.pk})
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_enrol_page_narrows_by_unit_and_position(cast, phong_course, login):
    client = login(cast.phong_a_officer)
    url = reverse("courses:enroll", args=[phong_course.pk])
    in_a2 = client.get(url, {"unit": cast.school_a2.pk}).context["page"].object_list
    assert {staff.unit_id for staff in in_a2} == {cast.school_a2.pk}
    principals = client.get(url, {"position": "HT"}).context["page"].object_list
    assert [staff.full_name for staff in principals] == ["Lê Thị Hoa"]
    # A unit outside the organiser is not offered and narrows nothing.
    response = client.get(url, {"unit": cast.school_b1.pk})
    assert all(staff.unit.path.startswith(cast.phong_a.path) for staff in response.context["page"].object_list)

"""The budget plan: rows, subtotals by funding source and grand totals summed by the database, checked by hand.

The rows are the Sở GD&ĐT TP.HCM budget of 2013–2015 (Kế hoạch đào tạo, bồi dưỡng … mục III.5): its printed
TỔNG CỘNG is 14 lớp, 1.180 người, 2.204.000.000 đ. The lớp and the money add up; the people do not: the rows
hold 10 × 100 + 2 × 80 = 1.160 người, so the printed 1.180 is a slip in the document, and we show 1.160.
"""

import pytest
from django.urls import reverse

from courses import selectors
from courses.models import CourseAudience, FundingSource

pytestmark = pytest.mark.django_db

# (tên lớp, số lớp, số người, kinh phí/người/khoá, thành tiền as printed in the plan)
HCM_2013 = [
    ("Bồi dưỡng nâng cao năng lực kế toán đơn vị HCSN", 1, 100, 1_500_000, 150_000_000),
    ("Bồi dưỡng nâng cao năng lực quản lý tài chính, tài sản trong giáo dục", 1, 100, 2_000_000, 200_000_000),
    ("Bồi dưỡng chuyên đề tư vấn học đường", 2, 100, 2_500_000, 250_000_000),
    ("Bồi dưỡng nhân viên văn thư hành chính trường học", 1, 100, 1_300_000, 130_000_000),
    ("Bồi dưỡng nghiệp vụ thư viện", 1, 100, 1_000_000, 100_000_000),
    ("Bồi dưỡng nghiệp vụ viên chức thiết bị trường học", 1, 100, 1_200_000, 120_000_000),
    ("Bồi dưỡng công tác y tế học đường", 2, 100, 500_000, 50_000_000),
    ("Bồi dưỡng kỹ năng nghiệp vụ cho nhân viên bảo vệ", 1, 100, 1_500_000, 150_000_000),
    ("Bồi dưỡng công tác quản lý cho TTCM", 1, 100, 900_000, 90_000_000),
    ("Bồi dưỡng công tác chủ nhiệm", 1, 100, 1_000_000, 100_000_000),
    ("Bồi dưỡng Hiệu trưởng trường phổ thông", 1, 80, 3_800_000, 304_000_000),
    ("Trung cấp lý luận chính trị - hành chính", 1, 80, 7_000_000, 560_000_000),
]


def _plan(user, year, unit, include_below=False):
    courses = selectors.budget_courses(user=user, year=year, unit=unit, include_below=include_below)
    return selectors.budget_plan(courses=courses)


def test_one_course_total_is_people_times_cost(cast, year, make_course):
    course = make_course("Kế toán", planned_participants=100, cost_per_person=1_500_000)
    assert course.planned_total == 150_000_000
    plan = _plan(cast.so_officer, year, cast.so)
    [row] = plan["rows"]
    assert row.total == 150_000_000
    assert plan["totals"] == {"course_count": 1, "classes": 1, "participants": 100, "total": 150_000_000}


def test_the_hcm_2013_table_adds_up_to_its_printed_totals(cast, year, make_course):
    for name, classes, people, cost, _printed in HCM_2013:
        make_course(name, class_count=classes, planned_participants=people, cost_per_person=cost)
    plan = _plan(cast.so_officer, year, cast.so)
    assert [
        (row.name, row.class_count, row.planned_participants, row.cost_per_person, row.total) for row in plan["rows"]
    ] == HCM_2013
    assert plan["totals"] == {"course_count": 12, "classes": 14, "participants": 1_160, "total": 2_204_000_000}
    assert plan["totals"]["total"] == sum(printed for *_row, printed in HCM_2013)


def test_subtotals_by_funding_source_add_up_to_the_grand_total(cast, year, make_course):
    make_course("A", planned_participants=100, cost_per_person=1_500_000, funding_source=FundingSource.STATE)
    make_course(
        "B", class_count=2, planned_participants=80, cost_per_person=3_800_000, funding_source=FundingSource.STATE
    )
    make_course("C", planned_participants=45, cost_per_person=900_000, funding_source=FundingSource.LOCAL)
    make_course(
        "D", class_count=3, planned_participants=120, cost_per_person=250_000, funding_source=FundingSource.SOCIAL
    )
    make_course(
        "E",
        planned_participants=7,
        cost_per_person=1_234_567,
        funding_source=FundingSource.OTHER,
        funding_other="Quỹ khuyến học",
    )
    make_course(
        "F",
        planned_participants=3,
        cost_per_person=1_000,
        funding_source=FundingSource.OTHER,
        funding_other="  Quỹ   khuyến học ",
    )
    make_course(
        "G",
        planned_participants=10,
        cost_per_person=0,
        funding_source=FundingSource.OTHER,
        funding_other="Đơn vị tự chi trả",
    )
    plan = _plan(cast.so_officer, year, cast.so)
    groups = [(g["label"], g["course_count"], g["classes"], g["participants"], g["total"]) for g in plan["by_funding"]]
    # By hand: 100×1.500.000 + 80×3.800.000 = 150.000.000 + 304.000.000 = 454.000.000; 45×900.000 = 40.500.000;
    # 120×250.000 = 30.000.000; 7×1.234.567 + 3×1.000 = 8.641.969 + 3.000 = 8.644.969; 10×0 = 0.
    assert groups == [
        ("Ngân sách nhà nước", 2, 3, 180, 454_000_000),
        ("Ngân sách địa phương", 1, 1, 45, 40_500_000),
        ("Xã hội hoá", 1, 3, 120, 30_000_000),
        ("Khác: Quỹ khuyến học", 2, 2, 10, 8_644_969),
        ("Khác: Đơn vị tự chi trả", 1, 1, 10, 0),
    ]
    assert plan["totals"] == {
        "course_count": 7,
        "classes": 10,
        "participants": 365,
        "total": 454_000_000 + 40_500_000 + 30_000_000 + 8_644_969,
    }
    assert sum(group["total"] for group in plan["by_funding"]) == plan["totals"]["total"] == 533_144_969


def test_totals_stay_exact_for_large_amounts(cast, year, make_course):
    make_course("Lớn", planned_participants=100_000, cost_per_person=9_999_999_999)
    make_course("Lẻ", planned_participants=99_999, cost_per_person=1)
    plan = _plan(cast.so_officer, year, cast.so)
    assert plan["totals"]["total"] == 999_999_999_900_000 + 99_999
    assert isinstance(plan["totals"]["total"], int)


def test_an_empty_plan_totals_zero(cast, year):
    plan = _plan(cast.so_officer, year, cast.so)
    assert plan["totals"] == {"course_count": 0, "classes": 0, "participants": 0, "total": 0}
    assert plan["by_funding"] == []


def test_the_plan_of_a_unit_and_of_its_subtree(cast, year, make_course):
    make_course("Sở", planned_participants=100, cost_per_person=1_500_000)
    make_course("Phòng A", organiser=cast.phong_a, planned_participants=50, cost_per_person=200_000)
    make_course("Phòng B", organiser=cast.phong_b, planned_participants=40, cost_per_person=300_000)
    assert _plan(cast.so_officer, year, cast.so)["totals"]["total"] == 150_000_000
    assert (
        _plan(cast.so_officer, year, cast.so, include_below=True)["totals"]["total"]
        == 150_000_000 + 10_000_000 + 12_000_000
    )
    assert _plan(cast.phong_a_officer, year, cast.phong_a)["totals"]["total"] == 10_000_000
    # Another year does not count.
    from years.models import TrainingYear

    other = TrainingYear.objects.create(department=cast.so, start_year=2024)
    make_course("Năm trước", in_year=other, planned_participants=100, cost_per_person=1_000_000)
    assert _plan(cast.so_officer, year, cast.so)["totals"]["total"] == 150_000_000


def test_budget_page_shows_rows_subtotals_and_total_in_vietnamese_money(cast, year, make_course, login):
    make_course("Kế toán", planned_participants=100, cost_per_person=1_500_000, audience=CourseAudience.ACCOUNTANT)
    make_course("Hiệu trưởng", planned_participants=80, cost_per_person=3_800_000, funding_source=FundingSource.LOCAL)
    response = login(cast.so_officer).get(reverse("courses:budget"), {"year": year.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "150.000.000 đ" in html and "304.000.000 đ" in html
    assert "1.500.000 đ" in html and "3.800.000 đ" in html
    assert "454.000.000 đ" in html  # grand total
    assert html.count('data-testid="funding-subtotal"') == 2


def test_budget_page_for_the_subtree_is_the_so_officers_choice(cast, year, make_course, login):
    make_course("Sở", planned_participants=100, cost_per_person=1_500_000)
    make_course("Phòng A", organiser=cast.phong_a, planned_participants=50, cost_per_person=200_000)
    client = login(cast.so_officer)
    html = client.get(reverse("courses:budget"), {"year": year.pk, "below": "1"}).content.decode()
    assert "160.000.000 đ" in html
    html = client.get(reverse("courses:budget"), {"year": year.pk, "unit": cast.phong_a.pk}).content.decode()
    assert "10.000.000 đ" in html and "150.000.000 đ" not in html


def test_budget_page_scope(cast, year, make_course, login):
    make_course("Sở", planned_participants=100, cost_per_person=1_500_000)
    make_course("Phòng B", organiser=cast.phong_b, planned_participants=40, cost_per_person=300_000)
    url = reverse("courses:budget")
    # A Phòng sees its own plan only, never the Sở's nor the other Phòng's.
    client = login(cast.phong_a_officer)
    html = client.get(url, {"year": year.pk}).content.decode()
    assert "Huyện A" in html and "150.000.000 đ" not in html and "12.000.000 đ" not in html
    assert client.get(url, {"year": year.pk, "unit": cast.phong_b.pk}).status_code == 404
    assert client.get(url, {"year": year.pk, "unit": cast.so.pk}).status_code == 404
    # Another province's year, and school staff.
    assert login(cast.so_z_officer).get(url, {"year": year.pk}).status_code == 404
    for user in (cast.principal_a1, cast.teacher_a1):
        assert login(user).get(url, {"year": year.pk}).status_code == 404


def test_budget_page_query_count_does_not_grow_with_courses(
    cast, year, make_course, login, django_assert_max_num_queries
):
    for number in range(30):
        make_course(f"Lớp {number}", planned_participants=number + 1, cost_per_person=100_000 * (number + 1))
    client = login(cast.so_officer)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("courses:budget"), {"year": year.pk})
    assert response.content.decode().count('data-testid="budget-row"') == 30

"""The confirmation page and "Kết quả của tôi" speak the year's regime: "kết quả" under TT 19/2019 (no class),
"xếp loại" under TT 26/2012."""

import pytest
from django.urls import reverse

from plans.models import Plan, PlanStatus
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[("TT19_2019", 2026, "kết quả"), ("TT26_2012", 2018, "xếp loại")], ids=["tt19", "tt26"])
def regime_year(request, cast):
    ruleset, start_year, word = request.param
    year = TrainingYear.objects.create(department=cast.so, start_year=start_year, is_current=True, ruleset=ruleset)
    return year, word


def test_the_confirmation_form_says_what_teachers_will_see(cast, login, regime_year):
    year, word = regime_year
    page = (
        login(cast.principal_a1)
        .get(reverse("assessment:confirmation_detail", args=[cast.school_a1.pk]), {"year": year.pk})
        .content.decode()
    )

    assert f"giáo viên thấy điểm và {word} của mình" in page
    if word == "kết quả":
        assert "xếp loại" not in page


def test_my_result_before_confirmation_says_what_will_show(cast, login, regime_year):
    year, word = regime_year
    staff = cast.teacher_a1.staff
    Plan.objects.create(year=year, staff=staff, school=staff.unit, status=PlanStatus.APPROVED)

    page = login(cast.teacher_a1).get(reverse("assessment:my_result"), {"year": year.pk}).content.decode()

    assert 'data-testid="not-confirmed"' in page
    assert "Nhà trường chưa xác nhận kết quả BDTX năm học này." in page
    assert f"Điểm và {word} sẽ hiện ở đây sau khi được xác nhận." in page
    if word == "kết quả":
        assert "xếp loại" not in page

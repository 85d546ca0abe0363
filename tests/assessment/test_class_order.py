"""The confirmation page lists the school's classes in their natural order (Giỏi, Khá, Trung bình, Không hoàn
thành kế hoạch), not in the alphabetical order of their codes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment import selectors
from assessment.models import YearResult
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

CLASSES = ["KHONG_HOAN_THANH", "TRUNG_BINH", "KHA", "GIOI"]


@pytest.fixture
def results(cast, year, make_plan):
    for classification in CLASSES:
        staff = StaffFactory(unit=cast.school_a1)
        plan = make_plan(staff)
        YearResult.objects.create(
            staff=staff,
            year=year,
            plan=plan,
            school=cast.school_a1,
            classification=classification,
            completed_hours=120,
            planned_hours=120,
            computed_at=timezone.now(),
        )


def test_the_summary_counts_classes_best_first(cast, year, results):
    summary = selectors.confirmation_summary(school=cast.school_a1, year=year)

    assert list(summary["by_class"]) == ["GIOI", "KHA", "TRUNG_BINH", "KHONG_HOAN_THANH"]


def test_the_confirmation_page_lists_classes_best_first(cast, year, results, login):
    page = login(cast.principal_a1).get(reverse("assessment:confirmation_detail", args=[cast.school_a1.pk]))
    html = page.content.decode()

    positions = [html.index(f"{label}: 1") for label in ("Giỏi", "Khá", "Trung bình", "Không hoàn thành kế hoạch")]
    assert positions == sorted(positions)

"""Which years keep their tree when the province restructures: every year whose June is over and that is no longer
current, once."""

import datetime

import pytest

from accounts.models import PastPlacement
from years import services
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_years(cast):
    return [
        TrainingYear.objects.create(department=cast.so, start_year=start, is_current=start == 2025)
        for start in (2023, 2024, 2025)
    ]


@pytest.mark.parametrize(
    "on, kept",
    [
        (datetime.date(2025, 6, 30), [2023]),  # 2024–2025 is still running
        (datetime.date(2025, 7, 1), [2023, 2024]),  # the day the district level ended: 2024–2025 is over
        (datetime.date(2026, 12, 3), [2023, 2024]),  # 2025–2026 is over but still marked current: worked on
    ],
)
def test_the_years_that_have_ended_keep_their_tree(three_years, monkeypatch, on, kept):
    monkeypatch.setattr(services, "today", lambda: on)
    services.freeze_past_trees()
    assert sorted(set(PastPlacement.objects.values_list("start_year", flat=True))) == kept
    assert [year.start_year for year in TrainingYear.objects.filter(tree_kept=True).order_by("start_year")] == kept


def test_a_kept_tree_is_never_overwritten(cast, three_years, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: datetime.date(2025, 7, 1))
    services.freeze_past_trees()
    cast.school_a1.name = "Trường Tiểu học A1 (tên mới)"
    cast.school_a1.save()
    services.freeze_past_trees()
    assert PastPlacement.objects.get(start_year=2024, unit=cast.school_a1).name == "Trường Tiểu học A1"

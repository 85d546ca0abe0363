import datetime

import pytest

from years.models import TrainingYear


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def next_year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2026)


@pytest.fixture
def year_z(cast):
    return TrainingYear.objects.create(department=cast.so_z, start_year=2025, is_current=True)


ISSUED = datetime.date(2024, 6, 1)

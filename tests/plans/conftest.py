import datetime

import pytest

from modules.models import Module, Topic
from years.models import TrainingYear


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def th_modules(db):
    """Six primary-school modules of 15 tiết (the catalog's own rows, whatever the migration loaded)."""
    modules = []
    for number in range(1, 7):
        module, _ = Module.objects.update_or_create(
            code=f"TH{number}", defaults={"level": "TH", "title": f"Mô đun tiểu học {number}", "hours": 15}
        )
        modules.append(module)
    return modules


@pytest.fixture
def topics(cast, year):
    """Content 1 from the Sở, content 2 from the Sở and Phòng A, for primary teachers."""
    return [
        Topic.objects.create(year=year, publisher=cast.so, content=1, level="TH", title="Nhiệm vụ năm học", hours=30),
        Topic.objects.create(year=year, publisher=cast.so, content=2, level="TH", title="Chuyên đề của Sở", hours=20),
        Topic.objects.create(
            year=year, publisher=cast.phong_a, content=2, level="TH", title="Chuyên đề của Phòng", hours=10
        ),
    ]


TODAY = datetime.date(2025, 9, 15)

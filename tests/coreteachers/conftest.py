import pytest

from coreteachers import services
from coreteachers.models import Subject
from years.models import TrainingYear


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def designation(cast, year):
    """teacher_a1 designated by the principal of A1 as core teacher of Toán (primary)."""
    return services.designation_create(
        staff=cast.teacher_a1.staff, year=year, subject=Subject.TOAN, by=cast.principal_a1
    )


@pytest.fixture
def colleague(cast):
    """Another teacher of A1 the core teacher supports."""
    return cast.teacher_a1_other_group.staff


def make_plan(designation, by, colleagues=()):
    return services.support_plan_save(
        designation=designation,
        by=by,
        goals="Giúp đồng nghiệp dạy học phát triển năng lực môn Toán.",
        activities="Dự giờ, góp ý\nSinh hoạt chuyên môn theo nghiên cứu bài học",
        schedule="Tháng 10/2025 – tháng 4/2026",
        colleagues=colleagues,
    )


@pytest.fixture
def draft_plan(cast, designation, colleague):
    return make_plan(designation, cast.teacher_a1, [colleague])


@pytest.fixture
def approved_plan(cast, draft_plan):
    services.support_plan_submit(plan=draft_plan, by=cast.teacher_a1)
    return services.support_plan_approve(plan=draft_plan, by=cast.principal_a1)

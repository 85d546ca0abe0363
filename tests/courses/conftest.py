import pytest

from courses import services
from courses.models import CourseAudience, CourseStatus, FundingSource
from years.models import TrainingYear


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def make_course(cast, year):
    """A course through the service, organised by the Sở unless ``organiser``/``by`` say otherwise."""

    def _make(name="Bồi dưỡng nghiệp vụ thư viện", *, organiser=None, by=None, in_year=None, **values):
        organiser = organiser or cast.so
        by = by or {cast.so.pk: cast.so_officer, cast.phong_a.pk: cast.phong_a_officer}.get(organiser.pk, cast.admin)
        fields = {
            "name": name,
            "audience": CourseAudience.LIBRARIAN,
            "funding_source": FundingSource.STATE,
            "class_count": 1,
            "planned_participants": 100,
            "cost_per_person": 1_000_000,
            "status": CourseStatus.PLANNED,
        } | values
        return services.course_create(organiser=organiser, year=in_year or year, by=by, **fields)

    return _make

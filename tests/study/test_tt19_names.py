"""A TT 19/2019 year names its programmes in the study pages, forms and messages ("Chương trình bồi dưỡng 03");
a TT 26/2012 year keeps "nội dung 3" (test_sessions.py pins it)."""

import pytest
from django.template import Context, Template

from modules.models import Module
from study import services as study
from study.forms import TrainingSessionForm
from study.services import StudyError
from tests.factories import make_tt19_year
from years.models import TrainingYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def tt19_year(cast):
    return make_tt19_year(cast.so)


def test_the_session_form_of_a_tt19_year_offers_its_programmes(tt19_year):
    form = TrainingSessionForm(
        modules=Module.objects.none(),
        topics=Module.objects.none(),
        staff=Module.objects.none(),
        groups=[],
        year=tt19_year,
    )
    assert [str(label) for _value, label in form.fields["content"].choices] == [
        "Chương trình bồi dưỡng 01",
        "Chương trình bồi dưỡng 02",
        "Chương trình bồi dưỡng 03",
    ]
    assert str(form.fields["module"].label) == "Mô đun (CT 03)"


def test_a_session_module_outside_programme_03_is_refused_in_its_name(cast, tt19_year):
    module = Module.objects.create(code="GVPT 01", level="GVPT", title="Mô đun GVPT 01", hours=20)
    with pytest.raises(StudyError, match="Mô đun chỉ dùng cho chương trình bồi dưỡng 03"):
        study.training_session_record(
            school=cast.school_a1,
            year=tt19_year,
            by=cast.principal_a1,
            attendees=[cast.teacher_a1.staff],
            session=None,
            title="Sinh hoạt chuyên môn",
            date=study.today(),
            hours="3",
            content=1,
            module=module,
            topic=None,
            subject_group="",
        )


def test_the_content_filters_follow_the_year(tt19_year, cast):
    tt26_year = TrainingYear.objects.create(department=cast.so, start_year=2018)
    template = Template("{% load study_tags %}{{ year|content_label:2 }}|{{ year|content_cell:2 }}")
    assert template.render(Context({"year": tt19_year})) == "Chương trình bồi dưỡng 02|CT 02"
    assert template.render(Context({"year": tt26_year})) == "Nội dung 2|2"

"""The demo step: records for everyone active, converted certificates for English teachers, targets."""

import pytest

from demo import province as demo
from demo.qualifications import step_qualifications
from qualifications import cefr
from qualifications.models import LanguageCertificate, Qualification, Target
from qualifications.selectors import qualification_dashboard

pytestmark = pytest.mark.django_db


def test_demo_step(django_assert_max_num_queries):
    ctx = demo.DemoContext(size="small", seed=7)
    for step in (demo.step_units, demo.step_staff, demo.step_accounts, demo.step_training_year):
        step(ctx)
    step_qualifications(ctx)
    active = sum(1 for members in ctx.staff_by_school.values() for staff in members if staff.is_active)
    assert Qualification.objects.count() == active
    certificates = list(LanguageCertificate.objects.select_related("staff__qualification"))
    assert certificates
    for certificate in certificates:
        assert certificate.conversion_table == "S"
        assert certificate.staff.qualification.teaches_english
        scores = cefr.normalise_scores(certificate.test, certificate.scores)
        assert certificate.cefr_level == (cefr.convert("S", certificate.test, scores).level or "")
    assert Target.objects.filter(year=ctx.year).exists()
    with django_assert_max_num_queries(3):
        dashboard = qualification_dashboard(year=ctx.year, root=ctx.department)
    assert dashboard.total.staff == active

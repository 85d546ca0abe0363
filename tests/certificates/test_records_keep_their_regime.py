"""Records keep their regime (issue 14): a 2018–2019 year under TT 26/2012 reads exactly as it was after the
catalogs and the settings of the TT 19/2019 year 2026–2027 change, and after its own results are recomputed."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from assessment.models import YearResult
from assessment.services import year_results_recompute
from certificates.models import Certificate
from modules.models import Module
from plans.models import Plan
from years import services as years
from years.models import TrainingYear
from years.rulesets import Ruleset

pytestmark = pytest.mark.django_db


def _verify_text(client, certificate):
    html = client.get(reverse("certificates:verify", args=[certificate.token])).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _classification_list(year):
    return list(
        YearResult.objects.filter(year=year)
        .order_by("staff__code")
        .values_list("staff__code", "classification", "average", "completed_hours", "planned_hours")
    )


def test_a_2018_certificate_and_classification_list_survive_the_changes_of_2026(settings, tmp_path, client):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("seed_demo", "--size", "small", verbosity=0)
    past = TrainingYear.objects.get(start_year=2018)
    current = TrainingYear.objects.get(is_current=True)
    assert (past.ruleset, current.ruleset) == (Ruleset.TT26_2012, Ruleset.TT19_2019)
    certificates = list(Certificate.objects.filter(year=past).order_by("pk")[:5])
    assert certificates
    before_pages = [_verify_text(client, c) for c in certificates]
    before_list = _classification_list(past)
    assert {row[1] for row in before_list} & {"GIOI", "KHA", "TRUNG_BINH"}
    assert re.search(r"Xếp loại.*(Giỏi|Khá|Trung bình|Đạt yêu cầu)", before_pages[0])

    # The Sở changes 2026–2027: hours shifted, an exemption decision, an overlap decision.
    officer = User.objects.get(username="so")
    years.year_update(
        year=current,
        by=officer,
        start_year=current.start_year,
        ruleset=current.ruleset,
        quota_content1=50,
        quota_content2=30,
        quota_content3=40,
        exemption_decision_number="15/QĐ-SGDĐT",
        exemption_decision_date=datetime.date(2026, 9, 1),
        exemption_decision_reason="Giáo viên tiếng Anh",
    )
    TrainingYear.objects.filter(pk=current.pk).update(overlap_decision="16/QĐ-SGDĐT ngày 02/09/2026")
    # The catalogs change: every 2011 module the 2018 plans used is renamed, re-timed and retired.
    used = Module.objects.filter(plan_items__plan__year=past).distinct()
    assert used.exists()
    for module in used:
        module.title = f"{module.title} (sửa 2026)"
        module.hours = 20
        module.is_retired = True
        module.save()

    # A later score write recomputes the 2018 results: the year's own regime decides them.
    year_results_recompute(plans=list(Plan.objects.filter(year=past)))

    assert _classification_list(past) == before_list
    assert [_verify_text(client, c) for c in certificates] == before_pages

"""seed_demo shows both regimes: the current year under TT 19/2019, the past year 2018–2019 under TT 26/2012."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q, Sum

from accounts.models import OrgUnit
from assessment.models import SchoolConfirmation, Score, YearResult
from audit.models import AuditEntry
from certificates.models import Certificate
from demo import province as demo
from modules.models import Module
from plans.models import Plan, PlanItem, PlanStatus
from years.models import Deadline, DeadlineKind, TrainingYear
from years.rulesets import Piece, Ruleset

pytestmark = pytest.mark.django_db

CATALOG_2011 = {"MN": "MN", "TH": "TH", "THCS": "THCS", "THPT": "THPT", "GDTX": "THPT"}


def _seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(gvpt_catalog):
    _seed("--size", "small")
    return OrgUnit.objects.get(kind=OrgUnit.Kind.DEPARTMENT)


def _content3():
    return Q(items__content=3)


def _hours_by_plan(year, content):
    return dict(
        PlanItem.objects.filter(plan__year=year, content=content)
        .values_list("plan_id")
        .annotate(hours=Sum("hours"))
        .order_by()
    )


def test_current_year_runs_under_tt19_with_gvpt_modules_and_marks_per_piece(seeded):
    year = TrainingYear.objects.get(department=seeded, is_current=True)
    assert year.start_year == demo.SCHOOL_YEAR_START
    assert year.ruleset == Ruleset.TT19_2019
    assert (year.quota_content1, year.quota_content2, year.quota_content3) == (40, 40, 40)
    # The demo's own deadlines, still open for the plan loop.
    deadlines = dict(Deadline.objects.filter(year=year, unit=seeded).values_list("kind", "due_date"))
    assert deadlines == demo.demo_deadlines()
    assert deadlines[DeadlineKind.PLAN_SUBMIT] >= date.today()

    plans = Plan.objects.filter(year=year)
    assert set(plans.values_list("status", flat=True)) == set(PlanStatus.values)
    for content in (1, 2):
        assert set(_hours_by_plan(year, content).values()) == {40}, content
    modules = PlanItem.objects.filter(plan__year=year, content=3)
    assert not modules.exclude(module__level="GVPT").exists()
    assert not modules.exclude(hours=20).exists()
    assert not modules.filter(module__title="").exists(), "a current year's plans choose modules with a title"
    per_plan = modules.values("plan_id").annotate(n=Count("id"), hours=Sum("hours")).order_by()
    assert {(row["n"], row["hours"]) for row in per_plan} == {(2, 40)}
    assert set(plans.values_list("pk", flat=True)) == {row["plan_id"] for row in per_plan}

    scores = Score.objects.filter(plan__year=year)
    assert scores.exists()
    assert not scores.exclude(knowledge=None).exists() and not scores.exclude(application=None).exists()
    assert not scores.filter(mark=None).exists()
    assert not scores.filter(mark__lt=0).exists() and not scores.filter(mark__gt=10).exists()
    for content in (1, 2):
        rows = scores.filter(content=content)
        assert not rows.exclude(item=None).exists()
        assert set(rows.values_list("piece", flat=True)) == {p.value for p in year.regime.pieces_for(content)}
        assert set(year.regime.pieces_for(content)) == {Piece.ESSAY}
    module_rows = scores.filter(content=3)
    assert not module_rows.filter(item=None).exists()
    assert set(module_rows.values_list("piece", flat=True)) == {Piece.THEORY.value, Piece.PRACTICE.value}
    # Only approved plans are scored, each on its own items.
    assert not scores.exclude(plan__status=PlanStatus.APPROVED).exists()
    for score in module_rows.select_related("item"):
        assert score.item.plan_id == score.plan_id

    # Marks at every stage: most plans pass every piece, some have a piece under 5, some a piece not marked yet.
    pieces = {}
    for plan_id, mark in scores.values_list("plan_id", "mark"):
        pieces.setdefault(plan_id, []).append(mark)
    expected = {
        plan.pk: 2 + 2 * plan.modules
        for plan in Plan.objects.filter(pk__in=pieces).annotate(modules=Count("items", filter=_content3()))
    }
    passing = [plan_id for plan_id, marks in pieces.items() if min(marks) >= 5 and len(marks) == expected[plan_id]]
    low = [plan_id for plan_id, marks in pieces.items() if min(marks) < 5]
    unmarked = [plan_id for plan_id, marks in pieces.items() if len(marks) < expected[plan_id]]
    assert len(passing) > len(pieces) / 2
    assert low and unmarked
    assert Decimal("4.75") in set(scores.values_list("mark", flat=True))
    # Some approved plans wait for their scores; the results come from year_results_recompute.
    approved = plans.filter(status=PlanStatus.APPROVED)
    assert approved.exclude(pk__in=pieces).exists()
    assert set(pieces) <= set(YearResult.objects.filter(year=year).values_list("plan_id", flat=True))


def test_current_year_results_are_the_two_tt19_classes(seeded):
    year = TrainingYear.objects.get(department=seeded, is_current=True)
    classes = set(YearResult.objects.filter(year=year).values_list("classification", flat=True))
    assert classes == {"HOAN_THANH", "KHONG_HOAN_THANH"}
    assert not YearResult.objects.filter(year=year).exclude(average=None).exists()


def test_past_year_2018_runs_under_tt26_with_pairs_four_classes_and_certificates(seeded):
    current = TrainingYear.objects.get(department=seeded, is_current=True)
    year = TrainingYear.objects.get(department=seeded, start_year=2018)
    assert TrainingYear.objects.filter(department=seeded).count() == 2
    assert not year.is_current and year.ruleset == Ruleset.TT26_2012
    assert (year.quota_content1, year.quota_content2, year.quota_content3) == (30, 30, 60)
    deadlines = Deadline.objects.filter(year=year, unit=seeded)
    assert sorted(deadlines.values_list("kind", flat=True)) == sorted(DeadlineKind.values)
    assert all(date(2018, 8, 1) <= d.due_date <= date(2019, 7, 31) for d in deadlines)

    plans = Plan.objects.filter(year=year).select_related("staff")
    assert set(plans.values_list("status", flat=True)) == {PlanStatus.APPROVED}
    # The same schools and about the same staff as the current year.
    assert set(plans.values_list("school_id", flat=True)) == set(
        Plan.objects.filter(year=current).values_list("school_id", flat=True)
    )
    assert plans.count() > 0.8 * Plan.objects.filter(year=current).count()
    for content in (1, 2):
        assert set(_hours_by_plan(year, content).values()) == {30}, content
    assert set(_hours_by_plan(year, 3).values()) == {60}
    for item in PlanItem.objects.filter(plan__year=year, content=3).select_related("module", "plan__staff"):
        assert item.module.level == CATALOG_2011[item.plan.staff.level], item.module.code

    scores = Score.objects.filter(plan__year=year)
    assert not scores.exclude(piece="").exists() and not scores.exclude(mark=None).exists()
    assert not scores.filter(knowledge=None).exists() and not scores.filter(application=None).exists()
    assert not scores.filter(knowledge__gt=5).exists() and not scores.filter(application__gt=5).exists()
    # Every plan scored: content 1, content 2 and each module.
    slots = Plan.objects.filter(year=year).annotate(n=Count("items", filter=_content3())).values_list("pk", "n")
    per_plan = dict(scores.values_list("plan_id").annotate(n=Count("id")).order_by())
    assert per_plan == {plan_id: 2 + modules for plan_id, modules in slots}

    results = YearResult.objects.filter(year=year)
    assert results.count() == plans.count()
    classes = set(results.values_list("classification", flat=True))
    assert {"GIOI", "KHA", "TRUNG_BINH", "KHONG_HOAN_THANH", "DAT"} <= classes
    assert classes <= {"GIOI", "KHA", "TRUNG_BINH", "KHONG_HOAN_THANH", "DAT", "KHONG_DAT"}
    # Đạt / Không đạt are the managers' classes (not MN managers'); teachers get the four classes.
    for result in results.filter(classification__in=("DAT", "KHONG_DAT")).select_related("staff"):
        assert result.staff.audience == "CBQL" and result.staff.level != "MN", result
    assert not results.exclude(classification__in=("KHONG_HOAN_THANH", "KHONG_DAT")).filter(average=None).exists()

    # Every school confirmed; a certificate for each completer, numbered in the year, dated in 2019.
    assert not SchoolConfirmation.objects.filter(year=year).exclude(is_locked=True, managers_locked=True).exists()
    assert SchoolConfirmation.objects.filter(year=year).count() == len(set(plans.values_list("school_id", flat=True)))
    completed = results.exclude(classification__in=("KHONG_HOAN_THANH", "KHONG_DAT"))
    certificates = Certificate.objects.filter(year=year)
    assert set(certificates.values_list("staff_id", flat=True)) == set(completed.values_list("staff_id", flat=True))
    for certificate in certificates.select_related("staff"):
        assert certificate.year_name == "2018–2019"
        assert certificate.number.startswith("BDTX-2018-")
        assert certificate.issue_date == date(2019, 6, 28)
        assert certificate.classification in {"GIOI", "KHA", "TRUNG_BINH", "DAT"}
    # One audit entry per issued certificate (the history step writes them; the service's are not kept twice).
    issued = AuditEntry.objects.filter(action="certificates.certificate.issued")
    assert sorted(issued.values_list("object_id", flat=True)) == sorted(certificates.values_list("pk", flat=True))


def test_the_demo_refuses_a_tt19_year_without_the_gvpt_catalog(db):
    Module.objects.filter(level="GVPT").delete()
    with pytest.raises(CommandError, match="GVPT"):
        _seed("--size", "small")
    assert not OrgUnit.objects.exists()


def test_a_small_nation_seeds_every_current_year_under_tt19(gvpt_catalog):
    _seed("--size", "nation", "--provinces", "2", "--province-size", "small")
    departments = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).order_by("code"))
    assert len(departments) == 2
    for department in departments:
        year = TrainingYear.objects.get(department=department, is_current=True)
        assert year.ruleset == Ruleset.TT19_2019 and year.total_quota == 120
        scores = Score.objects.filter(plan__year=year)
        assert scores.exists() and not scores.filter(piece="").exists() and not scores.filter(mark=None).exists()
        assert not PlanItem.objects.filter(plan__year=year, content=3).exclude(module__level="GVPT").exists()
    # The past year belongs to the first province (Sơn La, the demo province) only.
    past = TrainingYear.objects.filter(start_year=2018)
    assert [year.department.code for year in past] == ["SGD14"]

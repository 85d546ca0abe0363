"""Data for the results tests: approved plans with scores, year results computed by the assessment service."""

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Position
from assessment.models import SchoolConfirmation, Score, YearResult
from assessment.services import year_results_recompute
from modules.models import Module
from plans.models import Plan, PlanItem, PlanStatus
from tests.factories import StaffFactory, UserFactory
from years.models import TrainingYear

# Content totals (tiếp thu + vận dụng) that give each class with four modules of equal scores.
GIOI, KHA, TRUNG_BINH = 9, 8, 6
FORMULA_NAME = '=HYPERLINK("http://x")'


def pair(total):
    """A total score split into (knowledge, application): 9 → (4.5, 4.5); None → missing."""
    if total is None:
        return None, None
    half = (Decimal(str(total)) / 2).quantize(Decimal("0.25"))
    return half, Decimal(str(total)) - half


@pytest.fixture
def year(cast):
    return TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)


@pytest.fixture
def modules(db):
    found = []
    for number in range(1, 5):
        for level in ("TH", "THCS", "THPT"):
            module, _ = Module.objects.update_or_create(
                code=f"{level}{number}", defaults={"level": level, "title": f"Mô đun {level} {number}", "hours": 15}
            )
            if level == "TH":
                found.append(module)
    return found


@pytest.fixture
def scorer(cast):
    return UserFactory(username="scorer")


@pytest.fixture
def make_result(year, modules, scorer):
    """An approved plan of ``staff`` with content totals ``nd1``, ``nd2`` and one per module, and its result.

    ``total`` sets every score at once; a None in ``module_totals`` leaves that module unscored.
    """

    def _make(staff, total=GIOI, *, nd1=None, nd2=None, module_totals=None, exempt=False, plan_year=None, scored=True):
        plan_year = plan_year or year
        plan = Plan.objects.create(
            year=plan_year, staff=staff, school=staff.unit, status=PlanStatus.APPROVED, exempt_content3=exempt
        )
        PlanItem.objects.create(plan=plan, content=1, hours=30, order=0)
        PlanItem.objects.create(plan=plan, content=2, hours=30, order=0)
        items = []
        if not exempt:
            for index, module in enumerate(modules):
                items.append(PlanItem.objects.create(plan=plan, content=3, module=module, hours=15, order=index))
        if scored:
            now = timezone.now()
            totals = module_totals if module_totals is not None else [total] * len(items)
            scores = [
                Score(plan=plan, content=1, knowledge=pair(nd1 or total)[0], application=pair(nd1 or total)[1]),
                Score(plan=plan, content=2, knowledge=pair(nd2 or total)[0], application=pair(nd2 or total)[1]),
            ]
            for item, item_total in zip(items, totals, strict=False):
                if item_total is not None:
                    k, a = pair(item_total)
                    scores.append(Score(plan=plan, content=3, item=item, knowledge=k, application=a))
            if plan_year.regime.marks_out_of_ten:  # TT 19/2019: the total as the mark of every piece
                scores = _as_marks(scores, plan_year.regime)
            for score in scores:
                score.entered_by, score.entered_at = scorer, now
            Score.objects.bulk_create(scores)
            year_results_recompute(plans=[plan])
        return plan

    return _make


def _as_marks(scores, regime):
    """One Score per piece of each slot (TT 19/2019), marked with the slot's TT 26 total."""
    marks = []
    for score in scores:
        for piece in regime.pieces_for(score.content):
            mark = score.knowledge + score.application
            marks.append(Score(plan=score.plan, content=score.content, item=score.item, piece=piece, mark=mark))
    return marks


def teacher(school, name, **extra):
    return StaffFactory(unit=school, full_name=name, level=extra.pop("level", "TH"), **extra)


def manager(school, name, level="TH"):
    return StaffFactory(unit=school, full_name=name, level=level, position=Position.PRINCIPAL, subject_group="")


def confirm(school, year):
    return SchoolConfirmation.objects.create(school=school, year=year, is_locked=True, confirmed_at=timezone.now())


def db_counts(*, year, schools):
    """{classification: n} of the year results of ``schools`` straight from the database."""
    counts = {}
    for classification in YearResult.objects.filter(year=year, school__in=schools).values_list(
        "classification", flat=True
    ):
        counts[classification] = counts.get(classification, 0) + 1
    return counts

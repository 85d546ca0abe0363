"""The grid's reasons name a module by its code and title ("Mô đun TH2 (Mô đun tiểu học 2)"), never "mô đun thứ 2"."""

from decimal import Decimal as D

import pytest

from assessment import selectors, services

pytestmark = pytest.mark.django_db


def _values(plan, items, module_pairs):
    values = {selectors.ND1: (D("4"), D("4")), selectors.ND2: (D("4"), D("4"))}
    for item, pair in zip(selectors.module_items(plan, items), module_pairs, strict=True):
        values[selectors.module_slot(item.pk)] = pair
    return values


def _items(plan):
    return list(plan.items.select_related("module").order_by("content", "order", "id"))


def test_a_low_module_is_named_by_code_and_title(cast, plans):
    plan = plans["teacher"]
    items = _items(plan)
    low = (D("2"), D("2"))
    good = (D("4"), D("4"))

    outcome = services.plan_evaluate(
        plan=plan, items=items, values=_values(plan, items, [good, low, good, good]), hours={}
    )

    reasons = " ".join(outcome.evaluation.reasons)
    assert "Mô đun TH2 (Mô đun tiểu học 2) có điểm 4,0" in reasons
    assert "thứ" not in reasons


def test_a_missing_module_is_named_by_code_and_title(cast, plans):
    plan = plans["teacher"]
    items = _items(plan)
    good = (D("4"), D("4"))

    outcome = services.plan_evaluate(
        plan=plan, items=items, values=_values(plan, items, [good, good, good, (None, None)]), hours={}
    )

    assert outcome.evaluation.reasons == ("Thiếu điểm mô đun TH4 (Mô đun tiểu học 4)",)


def test_the_preview_of_the_grid_says_the_same(cast, plans):
    plan = plans["teacher"]
    items = _items(plan)
    raw = {selectors.ND1: ("4", "4"), selectors.ND2: ("4", "4")}
    for item in selectors.module_items(plan, items):
        raw[selectors.module_slot(item.pk)] = ("4", "4") if item.module.code != "TH3" else ("1", "2")

    preview = services.plan_preview(plan=plan, raw_values=raw)

    assert any("Mô đun TH3 (Mô đun tiểu học 3)" in reason for reason in preview["reasons"])

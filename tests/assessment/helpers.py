"""Helpers for the assessment tests."""

from decimal import Decimal


def D(value):
    return Decimal(str(value))


def pairs_row(plan, version=0, nd1=("4,5", "4,5"), nd2=("4,5", "5"), modules=None):
    """A grid row for the plan: content 1 and 2 and every module (default 4,5 + 4,5 each)."""
    values = {"nd1": nd1, "nd2": nd2}
    items = list(plan.items.filter(content=3).order_by("order", "id"))
    for index, item in enumerate(items):
        values[f"m{item.pk}"] = modules[index] if modules is not None else ("4,5", "4,5")
    return {"plan_id": plan.pk, "version": version, "values": values}

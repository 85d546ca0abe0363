"""assessment's answers to plans.signals: a confirmed result keeps its plan closed, a reopened plan loses its result."""

from django.utils.translation import gettext as _

from plans.services import PlanError

from .selectors import plan_results_locked
from .services import year_result_recompute


def refuse_reopening_a_confirmed_result(sender, *, plan, **kwargs):
    if plan_results_locked(plan):
        raise PlanError(_("Kết quả BDTX của người này đã được xác nhận: cần mở lại kết quả trước khi sửa kế hoạch."))


def drop_the_result_of_a_reopened_plan(sender, *, plan, **kwargs):
    """The year result follows the plan: a reopened plan has none until it is approved and scored again."""
    year_result_recompute(plan=plan)

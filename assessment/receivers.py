"""assessment's answers to plans.signals: a confirmed result keeps its plan closed, a reopened plan loses its result."""

from django.utils.translation import gettext as _

from plans.models import Plan
from plans.services import PlanError

from .selectors import locked_audiences, plan_is_locked, plan_results_locked
from .services import year_result_recompute, year_results_recompute


def refuse_reopening_a_confirmed_result(sender, *, plan, **kwargs):
    if plan_results_locked(plan):
        raise PlanError(_("Kết quả BDTX của người này đã được xác nhận: cần mở lại kết quả trước khi sửa kế hoạch."))


def refuse_approving_into_confirmed_results(sender, *, plan, memo=None, **kwargs):
    """``memo`` (a dict the batch keeps) holds each (year, school)'s locks, so a batch reads them once per school."""
    memo = {} if memo is None else memo
    key = (plan.year_id, plan.school_id)
    if key not in memo:
        memo[key] = locked_audiences(year=plan.year_id, school_ids=[plan.school_id])
    if plan_is_locked(plan, memo[key]):
        raise PlanError(
            _(
                "Kết quả BDTX của trường đã được xác nhận: kế hoạch duyệt lúc này sẽ không có kết quả. Hãy đề nghị "
                "đơn vị cấp trên mở lại kết quả trước khi phê duyệt."
            )
        )


def drop_the_result_of_a_reopened_plan(sender, *, plan, **kwargs):
    """The year result follows the plan: a reopened plan has none until it is approved and scored again."""
    year_result_recompute(plan=plan)


def recount_the_hours_of_open_results(sender, *, plan_ids, **kwargs):
    """A result counts confirmed tiết: recompute it when they change (a plan not scored yet has none to change),
    unless the school has confirmed it (a confirmed result changes only once reopened)."""
    with_result = Plan.objects.filter(pk__in=plan_ids, result__isnull=False).select_related("year")
    plans = [plan for plan in with_result if not plan_results_locked(plan)]
    year_results_recompute(plans=plans)

"""The plans app's audit action codes and their sentences (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "plans.plan.created": _("{actor} đã tạo kế hoạch {object}"),
        "plans.plan.submitted": _("{actor} đã nộp kế hoạch {object}"),
        "plans.plan.withdrawn": _("{actor} đã rút lại kế hoạch {object}"),
        "plans.plan.returned": _("{actor} đã trả lại kế hoạch của {person}"),
        "plans.plan.approved": _("{actor} đã duyệt kế hoạch của {person}"),
        "plans.plan.reopened": _("{actor} đã mở lại kế hoạch đã duyệt của {person}"),
        "plans.plan.exempted": _("{actor} đã miễn nội dung 3 trong kế hoạch của {person}"),
        "plans.plan.exemption_removed": _("{actor} đã bỏ miễn nội dung 3 trong kế hoạch của {person}"),
    }
)

"""The core teachers' audit action codes and their sentences (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "coreteachers.plan.created": _("{actor} đã lập kế hoạch hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.plan.submitted": _("{actor} đã nộp kế hoạch hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.plan.withdrawn": _("{actor} đã rút lại kế hoạch hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.plan.returned": _("{actor} đã trả lại kế hoạch hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.plan.approved": _("{actor} đã phê duyệt kế hoạch hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.plan.reopened": _("{actor} đã mở lại kế hoạch hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.report.created": _("{actor} đã lập báo cáo hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.report.submitted": _("{actor} đã nộp báo cáo hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.report.withdrawn": _("{actor} đã rút lại báo cáo hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.report.returned": _("{actor} đã trả lại báo cáo hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.report.approved": _("{actor} đã phê duyệt báo cáo hỗ trợ đồng nghiệp của {person}"),
        "coreteachers.report.reopened": _("{actor} đã mở lại báo cáo hỗ trợ đồng nghiệp của {person}"),
    }
)

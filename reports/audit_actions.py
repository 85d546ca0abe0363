"""The report chain's audit action codes and their sentences (see audit.registry)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "reports.report.submitted": _("{actor} đã nộp báo cáo {object}"),
        "reports.report.returned": _("{actor} đã trả lại báo cáo {object}"),
        "reports.report.accepted": _("{actor} đã tiếp nhận báo cáo {object}"),
        "reports.reminder.sent": _("{actor} đã nhắc {unit} nộp báo cáo ({after} người nhận)"),
    }
)

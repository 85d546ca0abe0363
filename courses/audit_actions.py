"""The courses app's audit action codes (written from the courses' history rows, see audit.staff_history)."""

from django.utils.translation import gettext_lazy as _

from audit.registry import register_many

register_many(
    {
        "courses.course.created": _("{actor} đã mở lớp bồi dưỡng {object}"),
        "courses.course.changed": _("{actor} đã sửa lớp bồi dưỡng {object}: {changes}"),
        "courses.course.deleted": _("{actor} đã xoá lớp bồi dưỡng {object}"),
        "courses.enrollment.created": _("{actor} đã ghi danh {person} vào {object}"),
        "courses.enrollment.changed": _("{actor} đã cập nhật việc học của {person} ở {object}: {changes}"),
        "courses.enrollment.deleted": _("{actor} đã rút {person} khỏi {object}"),
    }
)

"""Error pages in Vietnamese, inside the site's layout (menu for a logged-in user, a way back).

Django's own handlers answer in English ("Not Found", "Forbidden (403) CSRF verification failed"); these replace
them through ``handler400/403/404/500`` in ``bdtx.urls`` and ``CSRF_FAILURE_VIEW``. The 500 page tries the layout
and falls back to the standalone ``500.html`` when the layout itself fails (the error may come from it)."""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from core.http import own_url

logger = logging.getLogger(__name__)


def _back_url(request):
    """The page the user came from, when it is on this site and not the failing page itself."""
    referrer = request.META.get("HTTP_REFERER", "")
    if not referrer or referrer.endswith(request.path):
        return ""
    return own_url(request, referrer)


def _error_page(request, status, title, text, hint=""):
    context = {
        "status": status,
        "error_title": title,
        "error_text": text,
        "error_hint": hint,
        "back_url": _back_url(request),
        "request_id": getattr(request, "request_id", ""),
    }
    return render(request, "errors/page.html", context, status=status)


def bad_request(request, exception=None):
    return _error_page(
        request,
        400,
        _("Yêu cầu không hợp lệ"),
        _("Máy chủ không hiểu yêu cầu vừa gửi. Hãy quay lại trang trước và thử lại."),
    )


def permission_denied(request, exception=None):
    return _error_page(
        request,
        403,
        _("Bạn không có quyền thực hiện việc này"),
        _("Tài khoản của bạn không được phép xem trang này hoặc thực hiện thao tác vừa chọn."),
        _("Nếu bạn cho rằng mình cần quyền này, hãy liên hệ người quản lý đơn vị của bạn."),
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        404,
        _("Không tìm thấy trang"),
        _("Trang bạn tìm không có, đã bị xoá, hoặc nằm ngoài phạm vi đơn vị của bạn."),
        _("Hãy kiểm tra lại địa chỉ, hoặc dùng menu để tìm trang cần xem."),
    )


def csrf_failure(request, reason=""):
    return _error_page(
        request,
        403,
        _("Phiên làm việc đã hết hạn"),
        _(
            "Biểu mẫu đã được mở quá lâu hoặc từ một trang cũ nên chưa được gửi đi. Hãy quay lại trang trước, "
            "tải lại trang và gửi lại."
        ),
        _("Nếu bạn vừa đăng nhập ở một thẻ khác, hãy tải lại trang này trước khi gửi."),
    )


def server_error(request):
    try:
        return _error_page(
            request,
            500,
            _("Hệ thống gặp lỗi"),
            _(
                "Yêu cầu của bạn chưa được xử lý xong do lỗi của hệ thống. Dữ liệu bạn đã lưu trước đó không bị "
                "ảnh hưởng. Hãy thử lại sau ít phút; nếu lỗi còn lặp lại, hãy báo cho quản trị hệ thống kèm mã "
                "yêu cầu dưới đây."
            ),
        )
    except Exception:
        logger.exception("the 500 page could not be rendered in the layout")
        return HttpResponseServerError(loader.get_template("500.html").render())

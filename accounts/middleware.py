"""First login: an account with a one-time password goes to "Đổi mật khẩu" and nowhere else until it has its own."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# What such an account may still open: the change itself, logging out, and the files the pages need.
ALLOWED = ("password_change", "password_change_done", "logout")


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in ALLOWED}
            if request.path not in allowed and not request.path.startswith("/static/"):
                messages.info(request, _("Đây là lần đăng nhập đầu tiên với mật khẩu được cấp: hãy đặt mật khẩu mới."))
                return redirect("password_change")
        return self.get_response(request)

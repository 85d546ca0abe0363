"""The "Quên mật khẩu" request, throttled per client address and per e-mail address.

Each request sends a mail, so without a limit the form can flood a mailbox or probe many addresses. Both
counters advance on every POST, whatever the answer; past either limit nothing is sent and a 429 page says
what to do instead. Opening the form is not counted.
"""

from axes.utils import reset as reset_axes_attempts
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

GROUP = "password_reset"


def _ip_rate(_group, _request):
    return getattr(settings, "PASSWORD_RESET_RATE_IP", "20/h")


def _email_rate(_group, _request):
    return getattr(settings, "PASSWORD_RESET_RATE_EMAIL", "5/h")


def _email_key(_group, request):
    # One mailbox however it is written: case and blanks do not make a new counter.
    return "email:" + " ".join(request.POST.get("email", "").split()).lower()


def reset_limited(request):
    """Count this request against both limits; whether either is now exceeded."""
    limited = False
    for key, rate in (("ip", _ip_rate), (_email_key, _email_rate)):
        # Both counters advance, so a refused request still counts against the mailbox and the address.
        limited |= is_ratelimited(request, group=GROUP, key=key, rate=rate, method="POST", increment=True)
    return limited


class PasswordChangeView(auth_views.PasswordChangeView):
    """Đổi mật khẩu; after a one-time password, this is the step that lets the person into the rest."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.user.must_change_password:
            form.fields["old_password"].label = _("Mật khẩu được cấp (mật khẩu lần đầu)")
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.user.must_change_password:
            get_user_model().objects.filter(pk=self.request.user.pk).update(must_change_password=False)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        if reset_limited(request):
            return render(request, "registration/password_reset_limited.html", status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Đặt lại mật khẩu từ liên kết trong thư: the new password also lifts a login lockout of the account.

    Whoever followed the link holds the mailbox: the failed attempts against the username, from any address, no
    longer count (a teacher locked out at school resets from the phone and can log in at school again)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_axes_attempts(username=form.user.get_username())
        return response

"""Thông báo: the user's list, opening one, marking all read; which kinds come by e-mail; and for the administrator
the e-mails that could not be sent. Thin views over reports.notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import own_url

from . import notifications


@login_required
def notification_list(request):
    page = Paginator(notifications.notifications_for(user=request.user), notifications.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    unread = notifications.unread_count(user=request.user)
    return render(request, "reports/notifications.html", {"page": page, "unread": unread})


@login_required
@require_POST
def notification_open(request, pk):
    notification = notifications.notification_open(user=request.user, pk=pk)
    url = notification.url
    if own_url(request, url):
        return redirect(url)
    return redirect("reports:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = notifications.notifications_mark_all_read(user=request.user)
    if count:
        messages.info(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("reports:notification_list")


@login_required
def email_settings(request):
    """Nhận thông báo qua thư điện tử: each kind on or off."""
    if request.method == "POST":
        notifications.email_preferences_save(user=request.user, wanted=request.POST.getlist("kind"))
        messages.success(request, _("Đã lưu lựa chọn nhận thông báo qua thư điện tử."))
        return redirect("reports:email_settings")
    return render(
        request,
        "reports/email_settings.html",
        {
            "choices": notifications.email_preferences(user=request.user),
            "delivers": notifications.email_enabled(),
        },
    )


@login_required
def email_outbox(request):
    """Thư chưa gửi được: failed e-mails and those stuck pending, for the administrator to see and send again."""
    if not request.user.is_admin_role:
        raise Http404
    if request.method == "POST":
        count = notifications.emails_retry()
        messages.success(request, _("Đã đưa %(n)s thư vào hàng đợi gửi lại.") % {"n": count})
        return redirect("reports:email_outbox")
    page = Paginator(notifications.emails_waiting(), notifications.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/email_outbox.html", {"page": page, "delivers": notifications.email_enabled()})

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.selectors import scope_summary
from plans.selectors import home_panel


@login_required
def home(request):
    """Trang chủ: what needs the user's attention, by role."""
    return render(
        request,
        "home.html",
        {"summary": scope_summary(user=request.user), "plans": home_panel(user=request.user)},
    )


def rate_limited(request, exception):
    """Too many requests from one address (django-ratelimit): a plain 429 in Vietnamese."""
    return render(request, "rate_limited.html", status=429)

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.models import OFFICE_ROLES, Role
from accounts.selectors import scope_summary
from plans.selectors import home_panel

from .todo import todo_for


@login_required
def home(request):
    """Trang chủ: what needs the user's attention, by role."""
    return render(
        request,
        "home.html",
        {
            "summary": scope_summary(user=request.user),
            "plans": home_panel(user=request.user),
            "todo": todo_for(request.user),
            # Teachers and group heads see their own work, not a count of "everyone in scope" (themselves).
            "show_scope": request.user.is_admin_role or request.user.role in (Role.SCHOOL_MANAGER, *OFFICE_ROLES),
        },
    )


def rate_limited(request, exception):
    """Too many requests from one address (django-ratelimit): a plain 429 in Vietnamese."""
    return render(request, "rate_limited.html", status=429)

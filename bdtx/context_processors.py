from .navigation import nav_menu


def navigation(request):
    # An error page rendered before the authentication middleware ran (a Host not allowed: 400) has no user.
    user = getattr(request, "user", None)
    return {"nav_items": nav_menu(user) if user is not None else []}

from .navigation import nav_menu


def navigation(request):
    return {"nav_items": nav_menu(request.user)}

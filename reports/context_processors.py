"""Template context for every page: the number of unread notifications, counted only when a template uses it."""

from .notifications import unread_count


class _LazyCount:
    """Counts once, on first use in a template (``{{ unread_notifications }}``, ``{% if unread_notifications %}``)."""

    def __init__(self, user):
        self._user = user
        self._value = None

    def _get(self):
        if self._value is None:
            self._value = unread_count(user=self._user)
        return self._value

    def __bool__(self):
        return bool(self._get())

    def __int__(self):
        return self._get()

    def __str__(self):
        return str(self._get())

    def __eq__(self, other):
        return self._get() == other

    def __hash__(self):
        return hash(self._get())

    def __lt__(self, other):
        return self._get() < other

    def __gt__(self, other):
        return self._get() > other


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": _LazyCount(user)}

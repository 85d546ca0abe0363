"""Request ids: every request gets one (or keeps the proxy's), every log line written for it carries it."""

import contextvars
import logging
import re
import uuid

_request_id = contextvars.ContextVar("request_id", default="-")
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id():
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class NoYearYetMiddleware:
    """Turn years.selectors.NoYearYet, raised by any view, into the page explaining that no year is open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from years.selectors import NoYearYet

        if isinstance(exception, NoYearYet):
            return render(request, "years/no_year.html")
        return None


class OwnChangesMiddleware:
    """A successful POST by an office's officer (deadlines, a reopening, an approval, scores …) refreshes at once
    the cached figures of that office and of the offices above it (core.cache.changed_by): officers check their
    own change on the dashboard right after making it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and response.status_code < 400:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                from core.cache import changed_by

                changed_by(user)
        return response

"""The site's URLs plus views that fail on purpose, for the error-page tests (handlers come with the star import)."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from bdtx.urls import *  # noqa: F403
from bdtx.urls import urlpatterns as site_urlpatterns


def _fails_with(exception):
    def view(request):
        raise exception

    return view


urlpatterns = [
    path("thu-loi/400/", _fails_with(BadRequest("bad"))),
    path("thu-loi/403/", _fails_with(PermissionDenied)),
    path("thu-loi/500/", _fails_with(RuntimeError("boom"))),
    *site_urlpatterns,
]

"""Short-lived caching of the office dashboards' figures (a Sở's figures read every plan of the province).

On the days before a deadline a Sở's officers open the same dashboard again and again while thousands of schools
write; each opening recomputing the whole province is what would slow everyone down. The figures are kept for
``settings.DASHBOARD_CACHE_SECONDS`` (0 turns caching off) and the page says when they were computed.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def cache_seconds():
    return getattr(settings, "DASHBOARD_CACHE_SECONDS", 60)


def cached_figures(name, key, compute, *, seconds=None):
    """``(value, computed_at)``: ``compute()`` at most every ``seconds`` for the same name and key.

    ``key`` must hold everything the value depends on (the unit, the year, the viewer's scope, the day).
    """
    seconds = cache_seconds() if seconds is None else seconds
    if not seconds:
        return compute(), timezone.now()
    cache_key = "bdtx:figures:" + name + ":" + ":".join(str(part) for part in key)
    entry = cache.get(cache_key)
    if entry is None:
        entry = (compute(), timezone.now())
        cache.set(cache_key, entry, seconds)
    return entry

"""Short-lived caching of the office dashboards' figures (a Sở's figures read every plan of the province).

On the days before a deadline a Sở's officers open the same dashboard again and again while thousands of schools
write; each opening recomputing the whole province is what would slow everyone down. The figures are kept for
``settings.DASHBOARD_CACHE_SECONDS`` (0 turns caching off) and the page says when they were computed. With Redis
down the cache holds nothing (``FailOpenRedisCache``) and the figures are computed on every request.
"""

import functools
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


# How long past their freshness figures may still be shown while newer ones are being computed.
STALE_FACTOR = 10


def cache_seconds():
    return getattr(settings, "DASHBOARD_CACHE_SECONDS", 60)


def cached_figures(name, key, compute, *, seconds=None):
    """``(value, computed_at)``: ``compute()`` at most every ``seconds`` for the same name and key.

    ``key`` must hold everything the value depends on (the unit, the year, the viewer's scope, the day). When the
    figures are older than ``seconds``, the first request recomputes them while the others keep showing the old
    ones (with their time): without that, every officer opening the dashboard in the same second recomputes the
    province at once, once a minute, and the whole site stalls with them.
    """
    seconds = cache_seconds() if seconds is None else seconds
    if not seconds:
        return compute(), timezone.now()
    cache_key = "bdtx:figures:" + name + ":" + ":".join(str(part) for part in key)
    entry = cache.get(cache_key)
    if entry is not None:
        age = (timezone.now() - entry[1]).total_seconds()
        if age < seconds or not cache.add(cache_key + ":computing", 1, seconds):
            return entry
    entry = (compute(), timezone.now())
    # Kept past its freshness so that there is something to show while the next computation runs.
    cache.set(cache_key, entry, seconds * STALE_FACTOR)
    cache.delete(cache_key + ":computing")
    return entry


def fragment_context(key, computed_at):
    """The template context of a ``{% cache fragment_seconds "…" fragment_key %}`` that keeps a table's HTML as long
    as the figures it shows: the figures' key and the time they were computed."""
    return {
        "fragment_seconds": cache_seconds(),
        "fragment_key": ":".join(str(part) for part in (*key, computed_at.timestamp())),
    }


def data_version(name):
    """A token that changes each time ``bump_version(name)`` runs. Put in a cache key, it retires at once what was
    computed before a change that users expect to see immediately (a report submitted, a reminder sent)."""
    return cache.get("bdtx:version:" + name) or "0"


def bump_version(name):
    """Retire the entries keyed on ``data_version(name)``, once the current transaction commits (earlier, a
    request could still read the old rows and keep them under the new token)."""
    transaction.on_commit(lambda: cache.set("bdtx:version:" + name, uuid.uuid4().hex, None))


UNIT_VERSION_PREFIX = "bdtx:unit-version:"


def unit_versions(*unit_ids):
    """One token for the figures of the units given (the dashboard's unit and the viewer's): it changes when
    ``bump_unit_versions`` runs for any of them, so that it retires at once figures cached before their change."""
    ids = [str(unit_id) for unit_id in unit_ids if unit_id]
    if not ids:
        return "0"
    found = cache.get_many([UNIT_VERSION_PREFIX + unit_id for unit_id in ids])
    return ".".join(found.get(UNIT_VERSION_PREFIX + unit_id, "0") for unit_id in ids)


def bump_unit_versions(unit_ids):
    """A unit changed something: retire the figures keyed on ``unit_versions`` of these units (the unit and the
    offices above it). Called once the change is committed (OwnChangesMiddleware runs after the view): earlier, a
    request could still read the old rows and keep them under the new token."""
    tokens = {UNIT_VERSION_PREFIX + str(unit_id): uuid.uuid4().hex for unit_id in unit_ids if unit_id}
    if tokens:
        cache.set_many(tokens, None)


def changed_by(user):
    """``user`` has just changed something: an office's officer sees it at once on the dashboards of the office
    and of the offices above it. A school's changes retire nothing: thousands of schools write in the week before
    a deadline, and the offices' figures would never stay cached (they catch up within the minute)."""
    unit = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
    if unit is None or unit.is_school:
        return
    bump_unit_versions([*unit.ancestor_ids, unit.pk])


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, except that an outage makes it a cache that holds nothing.

    Everything kept in it can be computed again (dashboard figures, rendered tables, rate-limit counters), so
    pages keep working while Redis is down: every operation answers as an empty cache would (``get`` its default,
    ``add`` False, ``incr`` the ValueError of a missing key, which django-ratelimit takes for "no counter" and,
    with ``RATELIMIT_FAIL_OPEN``, lets the request through). Each failure is logged.
    """

    def _fail_open(name, empty=None):  # noqa: N805 - a decorator factory used in the class body
        """``empty(args, kwargs)`` is what the method answers when Redis fails (or raises)."""

        def wrap(method):
            @functools.wraps(method)
            def call(self, *args, **kwargs):
                try:
                    return method(self, *args, **kwargs)
                except RedisError:
                    logger.warning("cache unavailable (%s); going on without it", name, exc_info=True)
                    return empty(args, kwargs) if empty is not None else None

            return call

        return wrap

    def _answer(value):  # noqa: N805
        return lambda _args, _kwargs: value

    def _default(args, kwargs):  # noqa: N805
        return args[1] if len(args) > 1 else kwargs.get("default")

    def _all_keys(args, kwargs):  # noqa: N805 - set_many answers the keys it could not store
        return list(args[0] if args else kwargs.get("data", ()))

    def _missing(args, _kwargs):  # noqa: N805
        raise ValueError(f"Key {args[0]!r} not found (cache unavailable)")

    get = _fail_open("get", _default)(RedisCache.get)
    get_many = _fail_open("get_many", lambda _args, _kwargs: {})(RedisCache.get_many)
    has_key = _fail_open("has_key", _answer(False))(RedisCache.has_key)
    set = _fail_open("set")(RedisCache.set)
    set_many = _fail_open("set_many", _all_keys)(RedisCache.set_many)
    add = _fail_open("add", _answer(False))(RedisCache.add)
    touch = _fail_open("touch", _answer(False))(RedisCache.touch)
    incr = _fail_open("incr", _missing)(RedisCache.incr)  # decr, incr_version go through incr, get, set
    delete = _fail_open("delete", _answer(False))(RedisCache.delete)
    delete_many = _fail_open("delete_many")(RedisCache.delete_many)
    clear = _fail_open("clear", _answer(False))(RedisCache.clear)
    del _fail_open, _answer, _default, _all_keys, _missing

"""Health check: the database, the broker (Redis when configured) and at least one live Celery worker."""

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_redis():
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()
    return None


def _check_worker():
    from bdtx.celery import app

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return "eager"
    # The first answer is enough: waiting for every worker would hold each check for the whole timeout.
    replies = app.control.ping(timeout=2.0, limit=1)
    if not replies:
        raise RuntimeError("no worker answered")
    return "a worker answered"


CHECKS = {"database": _check_database, "redis": _check_redis, "worker": _check_worker}


@never_cache
def health(request):
    """200 when every check passes, 503 otherwise; each check reports ok/error and its time."""
    report, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            note = check()
            report[name] = {"ok": True, **({"note": note} if note else {})}
        except Exception as error:  # a health check reports every failure, whatever it is
            healthy = False
            report[name] = {"ok": False, "error": type(error).__name__}
        report[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return JsonResponse({"ok": healthy, "checks": report}, status=200 if healthy else 503)

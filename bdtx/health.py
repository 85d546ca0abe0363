"""Health checks for the orchestrator and the load balancer.

- ``/health/live/``: liveness, the process answers; touches neither the database nor Redis (restarting the web
  processes because PostgreSQL is down would not help).
- ``/health/ready/`` (and ``/health/``, as before): readiness, the database, the broker, the cache, at least one
  live Celery worker, free disk space under the private media folder and a storage that accepts a file.

Both answer before any other middleware (``HealthCheckMiddleware``, first after the request id): no login, no
HTTPS redirect and no ALLOWED_HOSTS check, so an orchestrator may call them over plain HTTP at the container's
address. They say nothing but ok/error and timings.
"""

import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import path
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


def _check_cache():
    # The cache fails open (core.cache.FailOpenRedisCache): only a value read back proves it works.
    key, value = "bdtx:health:" + uuid.uuid4().hex, uuid.uuid4().hex
    cache.set(key, value, 10)
    found = cache.get(key)
    cache.delete(key)
    if found != value:
        raise RuntimeError("the cache did not keep a value")


def _check_worker():
    from bdtx.celery import app

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return "eager"
    # The first answer is enough: waiting for every worker would hold each check for the whole timeout.
    replies = app.control.ping(timeout=2.0, limit=1)
    if not replies:
        raise RuntimeError("no worker answered")
    return "a worker answered"


def _existing(folder):
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _check_disk():
    free = shutil.disk_usage(_existing(settings.PRIVATE_MEDIA_ROOT)).free
    note = f"{free // (1024 * 1024)} MB free"
    if free < settings.HEALTH_MIN_FREE_MB * 1024 * 1024:
        raise RuntimeError(note)
    return note


def _check_storage():
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != b"ok":
                raise RuntimeError("the storage did not keep a file")
    finally:
        default_storage.delete(name)


CHECKS = {
    "database": _check_database,
    "redis": _check_redis,
    "cache": _check_cache,
    "worker": _check_worker,
    "disk": _check_disk,
    "storage": _check_storage,
}
# A check not run when the one it needs failed: pinging workers through a dead broker retries for seconds.
NEEDS = {"worker": "redis"}


@never_cache
def live(request):
    """200 as long as the process answers requests."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
def ready(request):
    """200 when every check passes, 503 otherwise; each check reports ok/error and its time."""
    report, healthy = {}, True
    for name, check in CHECKS.items():
        needed = report.get(NEEDS.get(name), {})
        if needed.get("ok") is False:
            healthy = False
            report[name] = {"ok": False, "error": f"skipped: {NEEDS[name]} failed", "ms": 0.0}
            continue
        started = time.monotonic()
        try:
            note = check()
            report[name] = {"ok": True, **({"note": note} if note else {})}
        except Exception as error:  # a health check reports every failure, whatever it is
            healthy = False
            report[name] = {"ok": False, "error": type(error).__name__}
        report[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return JsonResponse({"ok": healthy, "checks": report}, status=200 if healthy else 503)


health = ready  # the name /health/ had before the split

urlpatterns = [
    path("health/", ready, name="health"),
    path("health/live/", live, name="health_live"),
    path("health/ready/", ready, name="health_ready"),
]


def _resolve(path_info):
    for pattern in urlpatterns:
        match = pattern.resolve(path_info.lstrip("/"))
        if match is not None:
            return match
    return None


class HealthCheckMiddleware:
    """Answer the health paths before the HTTPS redirect, the host check, sessions and login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/health/"):
            match = _resolve(request.path_info)
            if match is not None:
                return match.func(request)
        return self.get_response(request)

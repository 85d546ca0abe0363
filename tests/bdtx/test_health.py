"""Liveness and readiness (issue 21, item 4): the orchestrator reaches both over plain HTTP, at any address.

Failures are real: a cache pointed at a port where nothing listens, a storage folder that cannot exist, a disk
threshold no disk meets.
"""

import os
import socket
from importlib import import_module

import pytest
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIVE, READY = "/health/live/", "/health/ready/"


def _dead_redis():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{probe.getsockname()[1]}/0"


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": _dead_redis(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def production_exempt():
    """SECURE_REDIRECT_EXEMPT as production sets it."""
    os.environ.setdefault("SECRET_KEY", "x" * 60)
    return import_module("bdtx.settings.production").SECURE_REDIRECT_EXEMPT


def test_the_paths():
    assert (reverse("health_live"), reverse("health_ready"), reverse("health")) == (LIVE, READY, "/health/")


def test_live_answers_ok_without_the_database_or_the_cache(client, dead_cache, django_assert_num_queries, monkeypatch):
    from bdtx import health

    def broken():
        raise OSError("down")

    for name in health.CHECKS:
        monkeypatch.setitem(health.CHECKS, name, broken)
    with django_assert_num_queries(0):
        response = client.get(LIVE)
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_ready_reports_every_component(client):
    response = client.get(READY)
    body = response.json()
    assert response.status_code == 200 and body["ok"] is True, body
    assert set(body["checks"]) == {"database", "redis", "cache", "worker", "disk", "storage"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["disk"]["note"].endswith("MB free")
    # /health/ is the readiness check, as before the split.
    assert client.get("/health/").json()["checks"].keys() == body["checks"].keys()


def test_ready_is_503_with_the_cache_down_and_live_still_200(client, dead_cache):
    response = client.get(READY)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"] == {"ok": False, "error": "RuntimeError", "ms": checks["cache"]["ms"]}
    assert checks["database"]["ok"] is True
    assert client.get("/health/").status_code == 503
    assert client.get(LIVE).status_code == 200


def test_ready_is_503_with_the_broker_down_and_skips_the_worker_ping(client, settings):
    settings.REDIS_URL = _dead_redis()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    checks = client.get(READY).json()["checks"]
    assert checks["redis"]["ok"] is False
    assert checks["worker"] == {"ok": False, "error": "skipped: redis failed", "ms": 0.0}


def test_ready_is_503_when_the_disk_is_nearly_full(client, settings):
    settings.HEALTH_MIN_FREE_MB = 10**12  # an exabyte
    response = client.get(READY)
    assert response.status_code == 503 and response.json()["checks"]["disk"]["ok"] is False


def test_ready_is_503_when_the_storage_cannot_keep_a_file(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "private")},
        },
    }
    response = client.get(READY)
    assert response.status_code == 503 and response.json()["checks"]["storage"]["ok"] is False


def test_the_storage_check_leaves_no_file(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    assert client.get(READY).status_code == 200
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


@pytest.mark.parametrize("url", [LIVE, READY, "/health/"])
def test_plain_http_at_an_address_not_in_allowed_hosts_with_the_production_redirect(client, url, production_exempt):
    with override_settings(
        SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=production_exempt, ALLOWED_HOSTS=["bdtx.vn"]
    ):
        response = client.get(url, HTTP_HOST="10.1.2.3:8000")
        assert response.status_code == 200, response.status_code
        # Any other page is still redirected to HTTPS.
        assert client.get(reverse("login"), HTTP_HOST="bdtx.vn").status_code == 301


def test_the_production_redirect_exempts_the_health_paths_by_itself(production_exempt):
    """Even without HealthCheckMiddleware in front, SecurityMiddleware would not redirect them."""
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=production_exempt, ALLOWED_HOSTS=["*"]):
        security = SecurityMiddleware(lambda request: HttpResponse())
        factory = RequestFactory()
        for url in (LIVE, READY, "/health/"):
            assert security.process_request(factory.get(url)) is None, url
        for url in ("/dang-nhap/", "/health/live/x", "/healthy/"):
            assert security.process_request(factory.get(url)).status_code == 301, url


def test_no_login_needed_and_no_session_written(client):
    response = client.get(READY)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies

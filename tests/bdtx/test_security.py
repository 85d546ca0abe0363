"""Security settings that must hold on every page: CSP without inline scripts, throttled logins, request ids."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_csp_header_forbids_inline_scripts(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" not in attributes and "application/json" not in attributes:
                offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.name}: inline event handler")
    assert offenders == []


def test_five_wrong_passwords_lock_the_login(cast, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "gv_a1", "password": "sai-mat-khau"})
    response = client.post(reverse("login"), {"username": "gv_a1", "password": "Bdtx-test-2026!"})
    assert response.status_code == 429
    assert "tạm thời bị khoá" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_before_the_limit_logs_in(cast, client):
    client.post(reverse("login"), {"username": "gv_a1", "password": "sai-mat-khau"})
    response = client.post(reverse("login"), {"username": "gv_a1", "password": "Bdtx-test-2026!"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(cast.teacher_a1.pk)


def test_every_response_carries_a_request_id(client):
    first = client.get(reverse("login"))["X-Request-ID"]
    second = client.get(reverse("login"))["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID="proxy-123")["X-Request-ID"] == "proxy-123"
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID="bad id <x>")["X-Request-ID"] != "bad id <x>"


def test_log_lines_carry_the_request_id():
    import logging

    from bdtx.middleware import RequestIdFilter, _request_id

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    token = _request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        _request_id.reset(token)
    assert record.request_id == "abc123"


def test_health_reports_each_component(client):
    response = client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 200 and body["ok"] is True
    assert set(body["checks"]) == {"database", "redis", "cache", "worker", "disk", "storage"}
    assert body["checks"]["database"]["ok"] is True


def test_health_fails_when_the_database_check_fails(client, monkeypatch):
    from bdtx import health

    def broken():
        raise OSError("down")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get(reverse("health"))
    assert response.status_code == 503 and response.json()["checks"]["database"] == {
        "ok": False,
        "error": "OSError",
        "ms": response.json()["checks"]["database"]["ms"],
    }


def test_production_settings_are_secure():
    import os
    from importlib import import_module

    os.environ.setdefault("SECRET_KEY", "x" * 60)
    production = import_module("bdtx.settings.production")
    assert production.DEBUG is False
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS >= 31536000 and production.SECURE_SSL_REDIRECT

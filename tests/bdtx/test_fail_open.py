"""With Redis down, the rate-limited pages keep answering (issue 21, item 4).

The cache is pointed for real at a port where nothing listens; nothing is mocked. With Redis up, the same pages
are still limited.
"""

import socket
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.cache import FailOpenRedisCache
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

REAL_REDIS = "redis://127.0.0.1:6379/0"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_cache(location):
    return {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def redis_down(settings):
    """The site's cache is a Redis where nothing listens."""
    url = f"redis://127.0.0.1:{_free_port()}/0"
    settings.CACHES = _redis_cache(url)
    with pytest.raises(ValueError):  # it really is down
        cache.incr("anything")
    return url


@pytest.fixture
def redis_up(settings):
    """The site's cache is the real Redis; counters of this test only."""
    settings.CACHES = _redis_cache(REAL_REDIS)
    settings.RATELIMIT_CACHE_PREFIX = f"test-rl-{uuid.uuid4().hex}:"
    cache.set("bdtx:test:up", 1, 5)
    assert cache.get("bdtx:test:up") == 1, "the test needs Redis on 127.0.0.1:6379"


def test_the_verify_page_answers_with_redis_down(client, settings, redis_down):
    settings.CERTIFICATE_VERIFY_RATE = "3/m"
    url = reverse("certificates:verify", args=["khong-ton-tai"])
    # Past the limit too: with no counter to read, nobody is limited (and nobody gets a 500).
    assert [client.get(url).status_code for _ in range(5)] == [404] * 5


def test_the_verify_page_is_still_limited_with_redis_up(client, settings, redis_up):
    settings.CERTIFICATE_VERIFY_RATE = "3/m"
    url = reverse("certificates:verify", args=["khong-ton-tai"])
    assert [client.get(url).status_code for _ in range(4)] == [404, 404, 404, 429]


def test_the_login_page_works_with_redis_down(cast, client, redis_down):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and "Đăng nhập" in page.content.decode()
    response = client.post(reverse("login"), {"username": "gv_a1", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(cast.teacher_a1.pk)


def test_the_password_reset_form_works_with_redis_down(cast, client, settings, redis_down):
    settings.PASSWORD_RESET_RATE_IP = "1/h"
    settings.PASSWORD_RESET_RATE_EMAIL = "1/h"
    statuses = [client.post(reverse("password_reset"), {"email": "ai@example.com"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 302]


def test_the_dashboards_work_with_redis_down(cast, tt19_year, client, settings, redis_down):
    settings.DASHBOARD_CACHE_SECONDS = 60
    client.force_login(cast.so_officer)
    assert client.get(reverse("home")).status_code == 200


def test_the_fail_open_cache_answers_as_an_empty_cache():
    down = FailOpenRedisCache(f"redis://127.0.0.1:{_free_port()}/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    assert down.get("key") is None
    assert down.get("key", 7) == 7 and down.get("key", default=8) == 8
    assert down.add("key", 1, 60) is False
    with pytest.raises(ValueError):
        down.incr("key")
    with pytest.raises(ValueError):
        down.decr("key")
    assert down.get_or_set("key", 3) == 3
    assert down.get_many(["a", "b"]) == {}
    assert down.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert down.has_key("a") is False
    assert down.touch("a") is False
    assert down.delete("a") is False
    down.delete_many(["a"])
    down.set("a", 1)
    down.clear()

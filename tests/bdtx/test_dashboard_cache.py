# ruff: noqa: F811 (fixtures imported from results_data are used as arguments)
"""The office dashboards keep their figures for a minute: repeated openings stop recomputing the province."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.cache import FailOpenRedisCache, cached_figures
from results import results
from tests.results.results_data import make_result, modules, scorer, teacher, year  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("url_name", ["results:results_home", "plans:plan_dashboard"])
def test_a_second_opening_reuses_the_figures_until_they_expire(cast, make_result, year, login, caching, url_name):
    make_result(cast.teacher_a1.staff)
    client = login(cast.phong_a_officer)
    url = reverse(url_name)
    first, first_queries = get(client, url)
    staff_before = first.text.count("<tr")

    teacher(cast.school_a1, "Lò Văn Sơn")
    second, second_queries = get(client, url)

    assert second_queries < first_queries, "the aggregates are not run again"
    assert 'data-testid="computed-at"' in second.text
    assert second.text.count("<tr") == staff_before

    cache.clear()  # the minute has passed
    third, third_queries = get(client, url)
    assert third_queries == first_queries


def test_viewers_with_another_scope_never_share_figures(cast, make_result, year, login, caching, monkeypatch):
    make_result(cast.teacher_a1.staff)
    computed = []
    compute = results.results_by_unit
    monkeypatch.setattr(
        results, "results_by_unit", lambda **kwargs: computed.append(kwargs["user"]) or compute(**kwargs)
    )
    url = reverse("results:results_unit", args=[cast.phong_a.pk])
    get(login(cast.so_officer), url)
    get(login(cast.phong_a_officer), url)
    get(login(cast.so_officer), url)
    assert computed == [cast.so_officer, cast.phong_a_officer], "once per scope, then from the cache"


def test_without_caching_every_opening_is_fresh(cast, make_result, year, login, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    make_result(cast.teacher_a1.staff)
    client = login(cast.phong_a_officer)
    url = reverse("results:results_home")
    before = client.get(url).context["summary"].total.staff
    teacher(cast.school_a1, "Lò Văn Sơn")
    assert client.get(url).context["summary"].total.staff == before + 1


def stale_entry(name, value, seconds=60):
    """Figures computed twice ``seconds`` ago, as cached_figures keeps them."""
    key = f"bdtx:figures:{name}:1"
    cache.set(key, (value, timezone.now() - datetime.timedelta(seconds=2 * seconds)), 600)
    return key


def test_figures_past_their_minute_are_recomputed_by_the_next_request(caching):
    stale_entry("test", "old")
    value, computed_at = cached_figures("test", (1,), lambda: "new", seconds=60)
    assert value == "new"
    assert timezone.now() - computed_at < datetime.timedelta(seconds=5)
    assert cached_figures("test", (1,), lambda: "newer", seconds=60)[0] == "new", "fresh again for a minute"


def test_while_one_request_recomputes_the_others_show_the_old_figures(caching):
    key = stale_entry("test", "old")
    cache.add(key + ":computing", 1, 60)  # another request is computing them
    computed = []
    value, _computed_at = cached_figures("test", (1,), lambda: computed.append(1) or "new", seconds=60)
    assert value == "old"
    assert computed == [], "no second computation of the same figures"


def test_with_redis_down_the_cache_holds_nothing_and_raises_nothing():
    down = FailOpenRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})
    assert down.get("figures") is None
    down.set("figures", 1)
    assert down.add("figures", 1) is False
    assert down.get_many(["figures"]) == {}
    assert cached_figures("test", (1,), lambda: 42, seconds=60)[0] == 42

"""The acceptance crawl: on the small demo, every page reachable by every demo account answers, in Vietnamese.

The demo is seeded once for the module, the way ``make run`` seeds it (bulk writes, no history rows), and removed
at the end (``seed_demo --reset``'s deletion, which keeps the national catalogs the migrations loaded)."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from accounts.models import User
from demo.province import demo_reset

from .crawl import crawl

DEMO_ACCOUNTS = ["admin", "so", "xa", "hieutruong", "totruong", "giaovien"]
PAGES_PER_ROLE = {}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", "--size", "small", verbosity=0)
        yield
        with transaction.atomic():
            demo_reset()


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_ACCOUNTS)
def test_every_page_of_a_demo_account_answers_in_vietnamese(demo, username):
    # A server error is a page the crawl records, as a user would see it, not an exception that stops it.
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    result = crawl(client)
    PAGES_PER_ROLE[username] = result
    failures = "\n".join(f"{path} (from {referrer}): {what}" for path, referrer, what in result.failures[:40])
    assert not result.failures, f"{len(result.failures)} failing pages of {result.pages}:\n{failures}"
    assert result.pages > 10

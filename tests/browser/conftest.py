"""Playwright for Python driving Debian's chromium against pytest-django's live server.

Browsers are never downloaded: ``make browser-deps`` installs Debian's chromium and we launch that binary.
Every test using ``page`` runs on a transactional database (``live_server`` asks for it), so the cast
and factories write rows the server thread can read.
"""

import os
import re
from pathlib import Path

import pytest

from core.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.factories import PASSWORD

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-results"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API keeps an event loop in the test thread; the ORM calls that factories and
    assertions make there are still plain synchronous calls, so Django's async guard is lifted for
    the browser tests only (set before the browser starts, restored after it stops)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_allow_orm_beside_playwright):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, request):
    """Open pages (desktop size unless told) on the live server; screenshots of failed tests go to test-results/."""
    contexts = []

    def _new_page(viewport=DESKTOP, **options):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for index, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
            for number, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{name}-{index}-{number}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def log_in():
    """Log a user in through the real login form and wait for the page it lands on."""

    def _log_in(page, username, password=PASSWORD, next_url=None):
        page.goto("/dang-nhap/" + (f"?next={next_url}" if next_url else ""))
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập").click()
        return page

    return _log_in


@pytest.fixture
def nav_keys():
    """Read the ``data-nav`` keys of the main navigation, in order (present even when the menu is collapsed)."""

    def _nav_keys(page):
        return page.locator("[data-testid=main-nav] [data-nav]").evaluate_all(
            "links => links.map(link => link.dataset.nav)"
        )

    return _nav_keys


def wait_for_menu_open(page):
    """Wait until the phone menu has finished sliding open: a tap during Bootstrap's animation can be lost."""
    from playwright.sync_api import expect

    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    expect(page.locator("#main-nav")).not_to_have_class(re.compile(r"collapsing"))


def open_nav(page, key):
    """Click the menu item ``key``, opening its section's dropdown (or the phone menu) first when needed."""
    link = page.locator(f"[data-testid=main-nav] [data-nav={key}]")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and not link.is_visible():
        toggler.click()
        wait_for_menu_open(page)
    if not link.is_visible():
        section = page.locator("[data-testid=main-nav] li.dropdown", has=page.locator(f"[data-nav={key}]"))
        section.locator("[data-bs-toggle=dropdown]").click()
    link.click()

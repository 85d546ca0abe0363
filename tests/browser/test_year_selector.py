"""After the Sở makes a new year current, the principal reaches last year's score grid and confirmation by the
year selector (a click, on a desktop and on a phone), never by typing an address."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from years.models import TrainingYear

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_last_years_grid_and_confirmation_are_one_click_away(cast, new_page, log_in, viewport):
    old = TrainingYear.objects.create(department=cast.so, start_year=2024, is_current=False)
    TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)
    page = new_page(viewport=viewport)
    log_in(page, cast.principal_a1.username)
    page.goto("/danh-gia/nhap-diem/")
    expect(page.locator("h1")).to_contain_text("2025–2026")
    selector = page.get_by_test_id("year-selector")
    selector.get_by_role("button").click()
    selector.get_by_role("link", name="2024–2025").click()
    expect(page).to_have_url(re.compile(rf"year={old.pk}"))
    expect(page.locator("h1")).to_contain_text("2024–2025")
    # The confirmation page of that year, from the grid's own link.
    page.locator(f"a[href*='/danh-gia/xac-nhan/'][href*='year={old.pk}']").click()
    expect(page.locator("h1")).to_contain_text("2024–2025")

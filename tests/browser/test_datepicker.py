"""Date boxes keep dd/mm/yyyy and open a Vietnamese calendar (flatpickr from npm, loaded only where a date box is)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


def test_a_date_box_opens_a_vietnamese_calendar_and_writes_dd_mm_yyyy(cast, tt19_year, new_page, log_in):
    page = new_page(viewport=PHONE)
    log_in(page, cast.so_officer.username, next_url=f"/bao-cao/nam-hoc/{tt19_year.pk}/ke-hoach-bdtx/")
    box = page.get_by_label("Ngày ban hành")
    box.click()
    calendar = page.locator(".flatpickr-calendar.open")
    expect(calendar).to_be_visible()
    expect(calendar).to_contain_text("T2")  # Thứ hai: the Vietnamese week
    calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)").nth(14).click()
    assert re.fullmatch(r"15/\d{2}/\d{4}", box.input_value())
    # Typing by hand still works.
    box.fill("05/09/2026")
    assert box.input_value() == "05/09/2026"


def test_a_page_without_a_date_box_loads_no_calendar(cast, new_page, log_in):
    page = new_page()
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    log_in(page, cast.teacher_a1.username)
    page.wait_for_load_state("networkidle")
    assert not [url for url in loaded if "flatpickr" in url]

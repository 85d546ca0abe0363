"""A school manager finds staff without typing diacritics, stays inside their school, and can work on a phone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import open_nav, wait_for_menu_open

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}


def test_principal_searches_without_diacritics_and_opens_the_record(cast, page, log_in):
    log_in(page, cast.principal_a1.username)
    open_nav(page, "staff")
    expect(page).to_have_url(re.compile(r"/can-bo/$"))
    table = page.get_by_test_id("staff-table")
    expect(table).to_contain_text("Lê Thị Hoa")

    page.get_by_label("Tìm theo tên hoặc mã").fill("nguyen van an")
    page.get_by_role("button", name="Lọc").click()

    expect(page).to_have_url(re.compile(r"[?&]q=nguyen\+van\+an"))
    expect(page.get_by_test_id("result-count")).to_have_text("1 người")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).not_to_contain_text("Lê Thị Hoa")
    expect(page.get_by_label("Tìm theo tên hoặc mã")).to_have_value("nguyen van an")

    table.get_by_role("link", name="Nguyễn Văn An").click()

    expect(page).to_have_url(re.compile(rf"/can-bo/{cast.teacher_a1.staff_id}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Văn An")
    expect(page.locator("dl")).to_contain_text("Trường Tiểu học A1")
    expect(page.get_by_role("link", name="Sửa")).to_be_visible()


def test_another_schools_record_is_a_404_page(cast, page, log_in):
    log_in(page, cast.principal_a1.username)
    outsider_url = reverse("accounts:staff_detail", args=[cast.teacher_a2.staff_id])

    response = page.goto(outsider_url)

    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Hoàng Văn Cường")
    # The same page inside the school still opens, so the 404 is about scope, not the URL.
    assert page.goto(reverse("accounts:staff_detail", args=[cast.teacher_a1.staff_id])).status == 200


def test_search_outside_scope_finds_nobody(cast, page, log_in):
    log_in(page, cast.principal_a1.username)
    page.goto("/can-bo/?q=hoang+van+cuong")
    expect(page.get_by_test_id("result-count")).to_have_text("0 người")
    expect(page.get_by_text("Không có cán bộ, giáo viên nào khớp với bộ lọc.")).to_be_visible()


def test_staff_pages_work_on_a_phone(cast, new_page, log_in):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, cast.principal_a1.username)
    page.goto("/can-bo/")

    toggler = page.locator(".navbar-toggler")
    staff_link = page.locator("[data-nav=staff]")
    expect(toggler).to_be_visible()
    expect(staff_link).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    # Less important columns are dropped on small screens.
    expect(page.get_by_test_id("staff-table").locator("th.hide-sm").first).to_be_hidden()

    toggler.tap()

    expect(toggler).to_have_attribute("aria-expanded", "true")
    wait_for_menu_open(page)
    section = page.locator("[data-testid=main-nav] li.dropdown", has=page.locator("[data-nav=staff]"))
    section.locator("[data-bs-toggle=dropdown]").tap()
    expect(staff_link).to_be_visible()
    expect(page.get_by_test_id("user-menu")).to_be_visible()

    staff_link.tap()
    expect(page).to_have_url(re.compile(r"/can-bo/$"))
    page.get_by_label("Tìm theo tên hoặc mã").fill("nguyen van an")
    page.get_by_role("button", name="Lọc").tap()
    expect(page.get_by_test_id("result-count")).to_have_text("1 người")
    page.get_by_role("link", name="Nguyễn Văn An").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Văn An")


def test_staff_list_fits_a_phone_screen(cast, new_page, log_in):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(page, cast.principal_a1.username)
    page.goto("/can-bo/")
    expect(page.get_by_test_id("staff-table")).to_be_visible()
    # Nothing is wider than the screen: the whole page never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

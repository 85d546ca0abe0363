"""Logging in through the real form shows each role exactly its own navigation."""

import re

import pytest
from playwright.sync_api import expect

from bdtx.navigation import nav_for, nav_menu
from tests.browser.conftest import open_nav
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

# Concrete expectations on top of the registry, so a wrong registry entry cannot pass unnoticed.
MUST_SEE = {
    "teacher_a1": {"home", "my_profile"},
    "group_head_a1": {"home", "group", "my_profile"},
    "principal_a1": {"home", "staff", "staff_import"},
    "phong_a_officer": {"home", "staff", "staff_import", "units"},
    "so_officer": {"home", "staff", "units"},
    "admin": {"home", "staff", "staff_import", "units"},
}
MUST_NOT_SEE = {
    "teacher_a1": {"staff", "staff_import", "units", "group"},
    "group_head_a1": {"staff", "staff_import", "units"},
    "principal_a1": {"units", "my_profile", "group"},
    "phong_a_officer": {"my_profile", "group"},
    "so_officer": {"my_profile", "group"},
    "admin": {"my_profile", "group"},
}
BDTX_NAVBAR = "rgb(15, 51, 88)"  # --bdtx-blue-dark of static/css/bdtx.css


@pytest.mark.parametrize("persona", list(MUST_SEE))
def test_each_role_sees_exactly_its_navigation(cast, new_page, log_in, nav_keys, persona):
    user = getattr(cast, persona)
    # The page shows the menu's sections in order; together they hold exactly the role's items.
    expected = [item["key"] for entry in nav_menu(user) for item in entry.get("children", [entry])]
    assert sorted(expected) == sorted(item["key"] for item in nav_for(user))
    page = new_page()
    static_failures = []
    page.on(
        "response",
        lambda response: "/static/" in response.url and not response.ok and static_failures.append(response.url),
    )

    log_in(page, user.username)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    keys = nav_keys(page)
    assert keys == expected
    assert len(keys) == len(set(keys)), keys
    assert MUST_SEE[persona] <= set(keys), keys
    assert not MUST_NOT_SEE[persona] & set(keys), keys
    expect(page.get_by_test_id("current-user")).to_contain_text(user.get_role_display())
    # The stylesheets really load from the live server: the product's stylesheet colours the navbar.
    assert static_failures == []
    background = page.locator("nav.navbar").evaluate("nav => getComputedStyle(nav).backgroundColor")
    assert background == BDTX_NAVBAR


def test_nav_links_lead_where_they_say(cast, page, log_in):
    log_in(page, cast.so_officer.username)
    page.locator("li.dropdown", has=page.locator("[data-nav=units]")).locator("[data-bs-toggle=dropdown]").click()
    open_nav(page, "units")
    expect(page).to_have_url(re.compile(r"/don-vi/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn vị")
    expect(page.locator("[data-nav=units]")).to_have_class(re.compile(r"\bactive\b"))
    expect(page.get_by_test_id("unit-table")).to_contain_text("Trường THPT T1")
    expect(page.get_by_test_id("unit-table")).not_to_contain_text("Trường Tiểu học Z1")


def test_logout_ends_the_session(cast, page, log_in):
    log_in(page, cast.teacher_a1.username)
    expect(page.get_by_test_id("main-nav")).to_be_visible()

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()

    expect(page).to_have_url(re.compile(r"/dang-nhap/$"))
    expect(page.get_by_test_id("main-nav")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập hệ thống BDTX")


def test_wrong_password_shows_the_vietnamese_error(cast, page, log_in):
    log_in(page, cast.teacher_a1.username, password=PASSWORD + "sai")

    expect(page).to_have_url(re.compile(r"/dang-nhap/$"))
    expect(page.locator(".alert-danger")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page.get_by_test_id("main-nav")).to_have_count(0)
    # What was typed is kept, the password is not.
    expect(page.get_by_label("Tên đăng nhập")).to_have_value(cast.teacher_a1.username)
    expect(page.get_by_label("Mật khẩu")).to_have_value("")


def test_login_returns_to_the_page_asked_for(cast, page, log_in):
    page.goto("/can-bo/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/can-bo/$"))
    log_in(page, cast.principal_a1.username, next_url="/can-bo/")
    expect(page).to_have_url(re.compile(r"/can-bo/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cán bộ, giáo viên")

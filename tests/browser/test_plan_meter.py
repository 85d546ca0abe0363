"""The plan editor's quota meter (issue 12): green only at the quota, never with a module chosen twice or with
more tiết than the quota; contents 1 and 2 show their totals too."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_autosave import draft_plan  # noqa: F401  (the teacher's draft plan, TH1–TH4 chosen)

pytestmark = pytest.mark.browser


def _module(row):
    return row.get_by_role("combobox", name="Mô đun", exact=True)


def test_the_meter_is_green_only_at_the_quota(cast, new_page, log_in, draft_plan):  # noqa: F811
    page = new_page()
    log_in(page, cast.teacher_a1.username, next_url=reverse("plans:plan_edit"))
    badge, note = page.locator("[data-total3]"), page.locator("[data-total3-note]")
    rows = page.locator("[data-c3-row]")
    expect(page.locator("[data-total1]")).to_have_text("ND1: 30/30 tiết")
    expect(page.locator("[data-total2]")).to_have_text("ND2: 30/30 tiết")
    expect(badge).to_have_text("60/60 tiết")
    expect(badge).to_have_class(re.compile(r"\btext-bg-success\b"))

    # The same module on a second row: counted once, marked on its row, and the meter is red.
    page.get_by_role("button", name="+ Thêm mô đun").click()
    _module(rows.nth(4)).select_option("TH1")
    expect(badge).to_have_text("60/60 tiết")
    expect(badge).to_have_class(re.compile(r"\btext-bg-danger\b"))
    expect(note).to_have_text("Mô đun TH1 được chọn 2 lần: hãy bỏ bớt một dòng.")
    expect(_module(rows.nth(4))).to_have_class(re.compile(r"\bis-invalid\b"))

    # Another module instead: 75 of 60 tiết is over the quota, not green.
    _module(rows.nth(4)).select_option("TH5")
    expect(badge).to_have_text("75/60 tiết")
    expect(badge).not_to_have_class(re.compile(r"\btext-bg-success\b"))
    expect(badge).to_have_attribute("data-quota", "over")
    expect(note).to_have_text("vượt 15 tiết")

    # Two modules fewer: under the quota, red, saying how many are missing.
    rows.nth(4).get_by_role("button", name="Bỏ mô đun").click()
    rows.nth(3).get_by_role("button", name="Bỏ mô đun").click()
    expect(badge).to_have_text("45/60 tiết")
    expect(badge).to_have_class(re.compile(r"\btext-bg-danger\b"))
    expect(note).to_have_text("thiếu 15 tiết")

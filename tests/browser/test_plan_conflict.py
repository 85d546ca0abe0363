"""Two tabs on one plan (issue 12): the second tab's typing survives the version conflict, is shown beside the
saved copy, and is saved with one click, or dropped for the saved copy by choice."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from plans.models import PlanItem
from tests.browser.test_autosave import draft_plan  # noqa: F401  (the teacher's draft plan, TH1–TH4 chosen)

pytestmark = pytest.mark.browser

ND1 = "Chuyên đề ND1 của Sở"


def _two_tabs(cast, new_page, log_in):
    first = new_page()
    log_in(first, cast.teacher_a1.username, next_url=reverse("plans:plan_edit"))
    second = first.context.new_page()  # same browser, same session, same localStorage
    second.goto(reverse("plans:plan_edit"))
    return first, second


def _period(page, title):
    return page.locator("tr", has_text=title).get_by_label("Thời gian thực hiện")


def _module(page, index):
    return page.locator("[data-c3-row]").nth(index).get_by_role("combobox", name="Mô đun", exact=True)


def _type_in_second_tab(second):
    _period(second, ND1).fill("Tuần 5, tự học buổi tối")
    _module(second, 1).select_option("TH5")
    second.get_by_label("Ghi chú").fill("Ghi chú gõ ở thẻ thứ hai")


def test_the_second_tab_keeps_its_typing_after_a_conflict_and_saves_it(cast, new_page, log_in, draft_plan):  # noqa: F811
    first, second = _two_tabs(cast, new_page, log_in)
    _period(first, ND1).fill("Tháng 10")
    first.get_by_role("button", name="Lưu nháp").click()
    expect(first.get_by_role("alert").filter(has_text="Đã lưu")).to_be_visible()

    _type_in_second_tab(second)
    second.get_by_role("button", name="Lưu nháp").click()

    conflict = second.get_by_test_id("plan-conflict")
    expect(conflict).to_be_visible()
    expect(second.get_by_role("alert").filter(has_text="thay đổi ở nơi khác")).to_be_visible()
    expect(_period(second, ND1)).to_have_value("Tuần 5, tự học buổi tối")
    expect(_module(second, 1)).to_have_value("TH5")
    expect(second.get_by_label("Ghi chú")).to_have_value("Ghi chú gõ ở thẻ thứ hai")
    expect(conflict.locator("tr[data-differs]", has_text=ND1)).to_contain_text("Tháng 10")

    # Even leaving and opening the editor again keeps the typing (as a draft restored with its note).
    second.goto(reverse("plans:my_plan"))
    second.goto(reverse("plans:plan_edit"))
    expect(second.locator("[data-draft-note]")).to_be_visible()
    expect(_period(second, ND1)).to_have_value("Tuần 5, tự học buổi tối")
    expect(_module(second, 1)).to_have_value("TH5")


def test_keeping_ones_own_copy_after_a_conflict_is_one_click(cast, new_page, log_in, draft_plan):  # noqa: F811
    first, second = _two_tabs(cast, new_page, log_in)
    _period(first, ND1).fill("Tháng 10")
    first.get_by_role("button", name="Lưu nháp").click()
    expect(first.get_by_role("alert").filter(has_text="Đã lưu")).to_be_visible()
    _type_in_second_tab(second)
    second.get_by_role("button", name="Lưu nháp").click()

    second.get_by_role("button", name="Lưu bản của tôi").click()
    expect(second).to_have_url(re.compile(r"/ke-hoach/cua-toi/$"))
    expect(second.get_by_role("alert").filter(has_text="Đã lưu")).to_contain_text("Đã lưu kế hoạch.")
    draft_plan.refresh_from_db()
    assert draft_plan.notes == "Ghi chú gõ ở thẻ thứ hai"
    assert PlanItem.objects.get(plan=draft_plan, content=1).period == "Tuần 5, tự học buổi tối"
    assert PlanItem.objects.filter(plan=draft_plan, module__code="TH5").exists()


def test_choosing_the_saved_copy_drops_the_typing(cast, new_page, log_in, draft_plan):  # noqa: F811
    first, second = _two_tabs(cast, new_page, log_in)
    _period(first, ND1).fill("Tháng 10")
    first.get_by_role("button", name="Lưu nháp").click()
    expect(first.get_by_role("alert").filter(has_text="Đã lưu")).to_be_visible()
    _type_in_second_tab(second)
    second.get_by_role("button", name="Lưu nháp").click()

    second.get_by_test_id("use-saved").click()
    expect(second.get_by_test_id("plan-conflict")).to_have_count(0)
    expect(second.locator("[data-draft-note]")).to_be_hidden()
    expect(_period(second, ND1)).to_have_value("Tháng 10")
    expect(second.get_by_label("Ghi chú")).to_have_value("")

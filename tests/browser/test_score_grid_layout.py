"""The score grid's "Lưu bảng điểm" button is reachable at 1024×768 and on a phone: a real click (no force) lands
on the button, not on the sticky name column, and the scores are saved."""

import pytest
from playwright.sync_api import expect

from assessment.models import Score
from modules.models import Module
from plans.models import Plan, PlanItem, PlanStatus
from tests.browser.conftest import PHONE
from tests.factories import StaffFactory
from years.models import TrainingYear

pytestmark = pytest.mark.browser

SMALL_LAPTOP = {"width": 1024, "height": 768}


@pytest.fixture
def full_group(cast):
    """A group of 25 teachers with approved plans: the grid is taller than the screen, as in a real school."""
    year = TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)
    modules = [
        Module.objects.update_or_create(
            code=f"TH{n}", defaults={"level": "TH", "title": f"Mô đun tiểu học {n}", "hours": 15}
        )[0]
        for n in range(1, 5)
    ]
    staff = [cast.teacher_a1.staff] + [
        StaffFactory(unit=cast.school_a1, full_name=f"Giáo Viên Số {n:02d}", level="TH", subject_group="Tổ 1-2-3")
        for n in range(24)
    ]
    for person in staff:
        plan = Plan.objects.create(year=year, staff=person, school=cast.school_a1, status=PlanStatus.APPROVED)
        PlanItem.objects.create(plan=plan, content=1, hours=30)
        PlanItem.objects.create(plan=plan, content=2, hours=30)
        for order, module in enumerate(modules):
            PlanItem.objects.create(plan=plan, content=3, module=module, hours=15, order=order)
    return year


@pytest.mark.parametrize("viewport", [SMALL_LAPTOP, PHONE], ids=["1024x768", "phone"])
def test_the_save_button_is_clickable_and_saves(cast, new_page, log_in, full_group, viewport):
    page = new_page(viewport=viewport)
    log_in(page, cast.group_head_a1.username)
    page.goto("/danh-gia/nhap-diem/")
    expect(page.get_by_test_id("grid-row")).to_have_count(25)
    page.get_by_label("Nguyễn Văn An — Nội dung 1 — tiếp thu", exact=True).fill("4,5")
    page.get_by_label("Nguyễn Văn An — Nội dung 1 — vận dụng", exact=True).fill("4")
    # The user clicks where the button shows on the screen, without scrolling the page first (Playwright's own
    # click would scroll it into a spot where nothing covers it): the topmost element there must be the button.
    page.evaluate("window.scrollTo(0, 0)")
    button = page.get_by_test_id("save-grid")
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert y < viewport["height"], "the button shows on the first screen (the sticky bar)"
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('[data-testid=save-grid]') !== null", [x, y]
    )
    assert on_top, "another element (the sticky name column) covers the button"
    page.mouse.click(x, y)
    expect(page.get_by_role("alert").filter(has_text="Đã lưu")).to_contain_text("Đã lưu 1 ô điểm của 1 người.")
    assert Score.objects.filter(plan__staff=cast.teacher_a1.staff, content=1).count() == 1

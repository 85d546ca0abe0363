"""The group head fills the score grid with the keyboard, sees the server's averages and classes while typing, saves;
the school manager confirms; afterwards the grid is read-only."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assessment.models import Score, YearResult
from modules.models import Module
from plans.models import Plan, PlanItem, PlanStatus
from tests.browser.conftest import open_nav
from tests.factories import StaffFactory
from years.models import TrainingYear

pytestmark = pytest.mark.browser


@pytest.fixture
def group_plans(cast):
    """Approved plans (content 1, 2 and modules TH1–TH4) for two teachers of the group head's group."""
    year = TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)
    modules = [
        Module.objects.update_or_create(
            code=f"TH{n}", defaults={"level": "TH", "title": f"Mô đun tiểu học {n}", "hours": 15}
        )[0]
        for n in range(1, 5)
    ]
    second = StaffFactory(unit=cast.school_a1, full_name="Lý Thị Yến", level="TH", subject_group="Tổ 1-2-3")
    plans = []
    for staff in (cast.teacher_a1.staff, second):
        plan = Plan.objects.create(year=year, staff=staff, school=cast.school_a1, status=PlanStatus.APPROVED)
        PlanItem.objects.create(plan=plan, content=1, hours=30)
        PlanItem.objects.create(plan=plan, content=2, hours=30)
        for order, module in enumerate(modules):
            PlanItem.objects.create(plan=plan, content=3, module=module, hours=15, order=order)
        plans.append(plan)
    return plans


def _cell(page, name, what, part):
    return page.get_by_label(f"{name} — {what} — {part}", exact=True)


def test_group_head_fills_the_grid_and_the_principal_confirms(cast, new_page, log_in, group_plans):
    page = new_page()
    log_in(page, cast.group_head_a1.username)
    open_nav(page, "score_grid")
    expect(page).to_have_url(re.compile(r"/danh-gia/nhap-diem/$"))
    rows = page.get_by_test_id("grid-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Nguyễn Văn An")
    expect(rows.nth(1)).to_contain_text("Lý Thị Yến")

    # Keyboard: type, Enter goes down the same column, ↑ comes back, → moves along the row.
    first = _cell(page, "Nguyễn Văn An", "Nội dung 1", "tiếp thu")
    first.click()
    page.keyboard.type("4,5")
    page.keyboard.press("Enter")
    expect(_cell(page, "Lý Thị Yến", "Nội dung 1", "tiếp thu")).to_be_focused()
    page.keyboard.type("3")
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowRight")  # the whole value is selected on focus, so → moves on
    expect(_cell(page, "Nguyễn Văn An", "Nội dung 1", "vận dụng")).to_be_focused()
    page.keyboard.type("4.5")
    page.keyboard.press("ArrowRight")
    expect(_cell(page, "Nguyễn Văn An", "Nội dung 2", "tiếp thu")).to_be_focused()

    # The rest of the first row: content 2 = 9,5, modules 9, 9, 10, 9 → ĐTB 9,3, Giỏi (regulations.md example B).
    _cell(page, "Nguyễn Văn An", "Nội dung 2", "tiếp thu").fill("4,5")
    _cell(page, "Nguyễn Văn An", "Nội dung 2", "vận dụng").fill("5")
    for code, (knowledge, application) in zip(
        ("TH1", "TH2", "TH3", "TH4"), (("4,5", "4,5"), ("4,5", "4,5"), ("5", "5"), ("4,5", "4,5")), strict=True
    ):
        _cell(page, "Nguyễn Văn An", f"mô đun {code}", "tiếp thu").fill(knowledge)
        _cell(page, "Nguyễn Văn An", f"mô đun {code}", "vận dụng").fill(application)
    expect(rows.nth(0).get_by_test_id("average")).to_have_text("9,3")
    expect(rows.nth(0).get_by_test_id("class")).to_have_text("Giỏi")
    # The second row has only one half typed: the server says the plan is not complete yet.
    expect(rows.nth(1).get_by_test_id("class")).to_have_text("Không hoàn thành kế hoạch")

    # A value off the 0.25 step is flagged while typing, and saving it is refused with a clear message.
    bad = _cell(page, "Lý Thị Yến", "Nội dung 1", "vận dụng")
    bad.fill("4,3")
    expect(bad).to_have_class(re.compile(r"\bis-invalid\b"))
    page.get_by_test_id("save-grid").click()
    expect(page.get_by_test_id("grid-errors")).to_contain_text(
        "Lý Thị Yến — Nội dung 1, điểm vận dụng: Điểm phải chia hết cho 0,25"
    )
    assert not Score.objects.exists()
    # What was typed is still there after the refusal.
    expect(_cell(page, "Nguyễn Văn An", "mô đun TH3", "tiếp thu")).to_have_value("5")
    _cell(page, "Lý Thị Yến", "Nội dung 1", "vận dụng").fill("4,25")
    page.get_by_test_id("save-grid").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu")).to_contain_text("Đã lưu 7 ô điểm của 2 người.")
    expect(page.get_by_test_id("grid-row").nth(0).get_by_test_id("average")).to_have_text("9,3")
    result = YearResult.objects.get(plan=group_plans[0])
    assert (result.average, result.classification) == (Decimal("9.3"), "GIOI")

    # The school manager confirms the school's results.
    manager = new_page()
    log_in(manager, cast.principal_a1.username)
    open_nav(manager, "results_confirm")
    expect(manager.get_by_test_id("confirmation-summary")).to_contain_text("Còn thiếu điểm: 1 người")
    # People still incomplete are listed; confirming anyway takes a reason.
    expect(manager.get_by_test_id("confirmation-gaps")).to_be_visible()
    manager.get_by_label("Lý do vẫn xác nhận (bắt buộc, được ghi lại)").fill("Hết hạn đánh giá")
    manager.get_by_test_id("confirm-results").click()
    expect(manager.get_by_test_id("confirmation-status")).to_contain_text("Đã xác nhận")

    # Afterwards the group head's grid is read-only.
    page.reload()
    expect(page.get_by_test_id("locked-banner")).to_be_visible()
    expect(page.get_by_test_id("save-grid")).to_have_count(0)
    expect(_cell(page, "Nguyễn Văn An", "Nội dung 1", "tiếp thu")).to_be_disabled()
    expect(_cell(page, "Nguyễn Văn An", "Nội dung 1", "tiếp thu")).to_have_value("4,5")

    # And the teacher now sees their own class and why.
    teacher = new_page()
    log_in(teacher, cast.teacher_a1.username)
    open_nav(teacher, "my_result")
    expect(teacher.get_by_test_id("result-class")).to_have_text("Giỏi")
    expect(teacher.get_by_test_id("result-average")).to_have_text("9,3")

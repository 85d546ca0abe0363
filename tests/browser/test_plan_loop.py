"""The whole personal-plan loop in a real browser (issue 3): the teacher builds and submits a plan, the school
manager returns it with a comment, the teacher fixes and resubmits, the manager approves it with another plan in
one batch, and the teacher logs hours with an uploaded PDF and sees the progress."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from modules.models import Module, Topic
from plans import services
from plans.models import Plan, PlanStatus
from study.models import Evidence, StudyLog
from tests.browser.conftest import open_nav
from tests.factories import StaffFactory, UserFactory
from years.models import TrainingYear

pytestmark = pytest.mark.browser

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def school_year_start(today):
    return today.year if today.month >= 8 else today.year - 1


@pytest.fixture
def private_media(settings, tmp_path):
    """Uploaded evidence goes to a throw-away folder (the live server runs in this process)."""
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan_world(cast, private_media):
    """The current school year of Sở A with the content 1/2 topics for TH teachers and modules TH1–TH6.

    The catalog rows come from a data migration that a transactional test may have flushed: make them here."""
    year = TrainingYear.objects.create(
        department=cast.so, start_year=school_year_start(timezone.localdate()), is_current=True
    )
    topics = [
        Topic.objects.create(
            year=year, publisher=cast.so, content=1, level="TH", title="Chuyên đề ND1 của Sở", hours=30
        ),
        Topic.objects.create(
            year=year, publisher=cast.so, content=2, level="TH", title="Chuyên đề ND2 của Sở", hours=20
        ),
        Topic.objects.create(
            year=year, publisher=cast.phong_a, content=2, level="TH", title="Chuyên đề ND2 của Phòng", hours=10
        ),
    ]
    modules = {
        code: Module.objects.update_or_create(
            code=code,
            defaults={
                "level": "TH",
                "title": f"Mô đun {code}",
                "hours": 15,
                "is_retired": False,
                "owner": None,
                "audience": "GV",
            },
        )[0]
        for code in ("TH1", "TH2", "TH3", "TH4", "TH5", "TH6")
    }
    return year, topics, modules


@pytest.fixture
def second_submitted_plan(cast, plan_world):
    """Another teacher of school A1 whose plan is already submitted, built through the services."""
    year, _topics, modules = plan_world
    staff = StaffFactory(unit=cast.school_a1, full_name="Lý Thị Yến", level="TH", subject_group="Tổ 1-2-3")
    user = UserFactory(username="gv_a1_yen", role=Role.TEACHER, unit=cast.school_a1, staff=staff)
    plan = services.plan_start(staff=staff, year=year, by=user)
    schedule = {item.pk: ("Tháng 9–10", "SELF") for item in plan.items.exclude(content=3)}
    content3 = [(modules[code], "Học kỳ I", "SELF") for code in ("TH1", "TH2", "TH5", "TH6")]
    plan = services.plan_save_items(plan=plan, by=user, content3=content3, schedule=schedule)
    return services.plan_submit(plan=plan, by=user)


def _alert(page, text):
    return page.get_by_role("alert").filter(has_text=text)


def _status(page):
    return page.locator("h1 [data-status]")


def _pick_module(row, code, period):
    row.get_by_role("combobox", name="Mô đun", exact=True).select_option(code)
    row.locator("[name=c3_period]").fill(period)


def test_teacher_and_manager_go_round_the_whole_plan_loop(
    cast, new_page, log_in, plan_world, second_submitted_plan, tmp_path
):
    year, topics, _modules = plan_world

    # --- The teacher builds the plan --------------------------------------------------------------------------
    teacher = new_page()
    log_in(teacher, cast.teacher_a1.username)
    open_nav(teacher, "my_plan")
    expect(teacher).to_have_url(re.compile(r"/ke-hoach/cua-toi/$"))
    teacher.get_by_role("button", name="Bắt đầu lập kế hoạch").click()
    expect(teacher).to_have_url(re.compile(r"/ke-hoach/cua-toi/sua/$"))

    for topic, period in zip(topics, ("Tháng 9–10", "Tháng 11", "Tháng 12"), strict=True):
        teacher.locator("tr", has_text=topic.title).get_by_label("Thời gian thực hiện").fill(period)

    rows = teacher.locator("[data-c3-row]")
    badge = teacher.locator("[data-total3]")
    expect(rows).to_have_count(1)  # the editor offers one empty module row to start with
    expect(badge).to_have_text("0/60 tiết")
    _pick_module(rows.nth(0), "TH1", "Học kỳ I")
    expect(badge).to_have_text("15/60 tiết")
    for index, code in ((1, "TH2"), (2, "TH3")):
        teacher.get_by_role("button", name="+ Thêm mô đun").click()
        expect(rows).to_have_count(index + 1)
        _pick_module(rows.nth(index), code, "Học kỳ I")
    expect(rows.nth(2).locator("[data-c3-hours]")).to_have_text("15")
    expect(badge).to_have_text("45/60 tiết")

    # Submitting with 45 of 60 tiết of content 3 is refused with a Vietnamese reason; what was typed is kept.
    teacher.get_by_role("button", name="Lưu và nộp").click()
    expect(_alert(teacher, "Nội dung 3")).to_contain_text("Nội dung 3 mới có 45/60 tiết: hãy chọn thêm mô đun.")
    expect(_status(teacher)).to_have_text("Đang soạn")
    expect(rows).to_have_count(3)
    expect(teacher.locator("tr", has_text=topics[0].title).get_by_label("Thời gian thực hiện")).to_have_value(
        "Tháng 9–10"
    )
    expect(badge).to_have_text("45/60 tiết")

    # The refused page carries a stale plan version (see test_a_module_added_right_after_a_refused_submission…),
    # so the teacher goes back to the plan and opens the editor again before adding the fourth module.
    open_nav(teacher, "my_plan")
    expect(teacher.get_by_text("Cần hoàn thiện trước khi nộp:")).to_be_visible()
    expect(teacher.get_by_test_id("totals")).to_contain_text("45/60 tiết")
    teacher.get_by_role("link", name="Sửa kế hoạch").click()
    expect(teacher.locator("[data-draft-note]")).to_be_hidden()
    expect(rows).to_have_count(3)
    teacher.get_by_role("button", name="+ Thêm mô đun").click()
    expect(rows).to_have_count(4)
    _pick_module(rows.nth(3), "TH4", "Học kỳ II")
    expect(badge).to_have_text("60/60 tiết")
    teacher.get_by_role("button", name="Lưu và nộp").click()
    expect(teacher).to_have_url(re.compile(r"/ke-hoach/cua-toi/$"))
    expect(_alert(teacher, "Đã nộp")).to_contain_text("Đã nộp kế hoạch.")
    expect(_status(teacher)).to_have_text("Đã nộp")
    plan = Plan.objects.get(staff=cast.teacher_a1.staff, year=year)
    assert plan.status == PlanStatus.SUBMITTED
    assert [item.module.code for item in plan.items.filter(content=3).order_by("order")] == [
        "TH1",
        "TH2",
        "TH3",
        "TH4",
    ]

    # --- The school manager returns it with a comment ---------------------------------------------------------
    manager = new_page()
    log_in(manager, cast.principal_a1.username)
    open_nav(manager, "plan_list")
    expect(manager).to_have_url(re.compile(r"/ke-hoach/truong/$"))
    manager.get_by_test_id("plan-table").locator("tr", has_text="Nguyễn Văn An").get_by_role("link", name="Xem").click()
    expect(manager).to_have_url(re.compile(rf"/ke-hoach/{plan.pk}/$"))
    expect(manager.get_by_test_id("totals")).to_contain_text("60/60 tiết")
    manager.get_by_label("Lý do trả lại").fill("Bổ sung mô đun TH5")
    manager.get_by_role("button", name="Trả lại").click()
    expect(_alert(manager, "trả lại")).to_contain_text("Đã trả lại kế hoạch.")
    expect(_status(manager)).to_have_text("Bị trả lại")

    # --- The teacher reads the comment, swaps TH3 for TH5 and resubmits ----------------------------------------
    open_nav(teacher, "my_plan")
    expect(_status(teacher)).to_have_text("Bị trả lại")
    expect(teacher.locator(".alert-warning")).to_contain_text("Kế hoạch bị trả lại: Bổ sung mô đun TH5")
    teacher.get_by_role("link", name="Sửa kế hoạch").click()
    expect(teacher).to_have_url(re.compile(r"/ke-hoach/cua-toi/sua/$"))
    expect(teacher.locator("[data-draft-note]")).to_be_hidden()  # drafts of the submitted version were dropped
    expect(rows).to_have_count(4)
    expect(rows.nth(2).get_by_role("combobox", name="Mô đun", exact=True)).to_have_value("TH3")
    rows.nth(2).get_by_role("combobox", name="Mô đun", exact=True).select_option("TH5")
    expect(badge).to_have_text("60/60 tiết")
    teacher.get_by_role("button", name="Lưu và nộp").click()
    expect(_alert(teacher, "Đã nộp")).to_contain_text("Đã nộp kế hoạch.")
    expect(_status(teacher)).to_have_text("Đã nộp")

    # --- The manager sees what changed, then approves both submitted plans in one batch -------------------------
    manager.reload()
    expect(_status(manager)).to_have_text("Đã nộp")
    changes = manager.get_by_test_id("changes")
    expect(changes).to_contain_text("Thay đổi so với lần trả lại")
    expect(changes.locator("li", has_text="Thêm:")).to_have_text("Thêm: TH5 — Mô đun TH5")
    expect(changes.locator("li", has_text="Bỏ:")).to_have_text("Bỏ: TH3 — Mô đun TH3")

    open_nav(manager, "plan_list")
    table = manager.get_by_test_id("plan-table")
    expect(table.get_by_role("checkbox", name="Nguyễn Văn An")).to_be_visible()
    table.get_by_role("checkbox", name="Nguyễn Văn An").check()
    table.get_by_role("checkbox", name="Lý Thị Yến").check()
    manager.get_by_role("button", name="Phê duyệt các kế hoạch đã chọn").click()
    expect(manager.get_by_test_id("batch-approvable")).to_contain_text("Lý Thị Yến")
    manager.get_by_role("button", name="Xác nhận phê duyệt 2 kế hoạch").click()
    expect(_alert(manager, "phê duyệt")).to_contain_text("Đã phê duyệt 2 kế hoạch.")
    for name in ("Nguyễn Văn An", "Lý Thị Yến"):
        expect(table.locator("tr", has_text=name).locator("[data-status]")).to_have_text("Đã phê duyệt")
    assert set(Plan.objects.filter(year=year).values_list("status", flat=True)) == {PlanStatus.APPROVED}
    assert Plan.objects.filter(year=year).count() == 2
    second_submitted_plan.refresh_from_db()
    assert second_submitted_plan.status == PlanStatus.APPROVED

    # --- The teacher logs 2 tiết on TH1 with a PDF and sees the progress ---------------------------------------
    evidence = tmp_path / "bien-ban-tu-hoc.pdf"
    evidence.write_bytes(PDF_BYTES)
    today = timezone.localdate()

    open_nav(teacher, "study_log")
    expect(teacher).to_have_url(re.compile(r"/ke-hoach/nhat-ky/$"))
    expect(teacher.get_by_test_id("not-approved")).to_have_count(0)
    progress = teacher.get_by_test_id("progress-table")
    th1 = progress.locator("tbody tr").filter(has=teacher.get_by_role("cell", name="TH1 — Mô đun TH1", exact=True))
    expect(th1.get_by_test_id("item-progress")).to_have_text("0/15")
    th1.get_by_role("link", name="Ghi nhật ký").click()
    expect(teacher.get_by_role("heading", name="Ghi nhật ký bồi dưỡng")).to_be_visible()
    expect(teacher.get_by_text("Nội dung 3 · TH1 — Mô đun TH1 · 15 tiết theo kế hoạch")).to_be_visible()
    date_box = teacher.get_by_label("Ngày học")
    expect(date_box).to_have_attribute("placeholder", "dd/mm/yyyy")
    date_box.fill(today.strftime("%d/%m/%Y"))
    teacher.get_by_label("Số tiết").fill("2")
    teacher.get_by_label("Nội dung đã học").fill("Đọc tài liệu mô đun TH1, làm bài tập chương 1.")
    teacher.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    teacher.get_by_role("button", name="Lưu nhật ký").click()

    expect(teacher).to_have_url(re.compile(r"/ke-hoach/nhat-ky/$"))
    expect(_alert(teacher, "Đã ghi nhật ký")).to_contain_text("Đã ghi nhật ký cho “TH1 — Mô đun TH1”.")
    expect(th1.get_by_test_id("item-progress")).to_contain_text("2/15")
    expect(teacher.get_by_test_id("total-logged")).to_have_text("2/120")
    log_row = teacher.get_by_test_id("log-table").locator("tbody tr").first
    expect(log_row).to_contain_text(today.strftime("%d/%m/%Y"))
    expect(log_row.get_by_test_id("evidence-list").get_by_role("link", name="bien-ban-tu-hoc.pdf")).to_be_visible()
    expect(log_row.locator("[data-log-status]")).to_have_text("Chờ xác nhận")

    log = StudyLog.objects.get(item__plan=plan)
    assert (log.item.module.code, log.date, str(log.hours)) == ("TH1", today, "2.0")
    stored = Evidence.objects.get(log=log)
    assert (stored.original_name, stored.content_type, stored.size) == (
        "bien-ban-tu-hoc.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    with stored.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES


@pytest.fixture
def plan_with_three_modules(cast, plan_world):
    """The teacher's draft with every period typed and modules TH1–TH3 (45 of 60 tiết of content 3)."""
    year, _topics, modules = plan_world
    user = cast.teacher_a1
    plan = services.plan_start(staff=user.staff, year=year, by=user)
    schedule = {item.pk: ("Tháng 9–10", "SELF") for item in plan.items.exclude(content=3)}
    content3 = [(modules[code], "Học kỳ I", "SELF") for code in ("TH1", "TH2", "TH3")]
    return services.plan_save_items(plan=plan, by=user, content3=content3, schedule=schedule)


def test_a_module_added_right_after_a_refused_submission_is_saved_and_submitted(
    cast, new_page, log_in, plan_with_three_modules
):
    teacher = new_page()
    log_in(teacher, cast.teacher_a1.username, next_url="/ke-hoach/cua-toi/sua/")
    rows = teacher.locator("[data-c3-row]")
    expect(rows).to_have_count(3)
    teacher.get_by_role("button", name="Lưu và nộp").click()
    expect(_alert(teacher, "Nội dung 3")).to_contain_text("Nội dung 3 mới có 45/60 tiết: hãy chọn thêm mô đun.")

    # Straight on the refused page, as a teacher would: add the fourth module and submit again.
    teacher.get_by_role("button", name="+ Thêm mô đun").click()
    expect(rows).to_have_count(4)
    _pick_module(rows.nth(3), "TH4", "Học kỳ II")
    expect(teacher.locator("[data-total3]")).to_have_text("60/60 tiết")
    teacher.get_by_role("button", name="Lưu và nộp").click()
    expect(teacher).to_have_url(re.compile(r"/ke-hoach/cua-toi/$"))
    expect(_status(teacher)).to_have_text("Đã nộp")
    plan_with_three_modules.refresh_from_db()
    assert plan_with_three_modules.status == PlanStatus.SUBMITTED


@pytest.fixture
def approved_plan(cast, plan_world, plan_with_three_modules):
    _year, _topics, modules = plan_world
    user = cast.teacher_a1
    content3 = [(modules[code], "Học kỳ I", "SELF") for code in ("TH1", "TH2", "TH3", "TH4")]
    schedule = {item.pk: ("Tháng 9–10", "SELF") for item in plan_with_three_modules.items.exclude(content=3)}
    plan = services.plan_save_items(plan=plan_with_three_modules, by=user, content3=content3, schedule=schedule)
    plan = services.plan_submit(plan=plan, by=user)
    return services.plan_approve(plan=plan, by=cast.principal_a1)


def test_half_a_tiet_typed_with_a_comma_is_saved_as_half_a_tiet(cast, new_page, log_in, approved_plan):
    item = approved_plan.items.get(module__code="TH1")
    teacher = new_page()
    log_in(teacher, cast.teacher_a1.username, next_url=f"/ke-hoach/nhat-ky/noi-dung/{item.pk}/ghi/")
    teacher.get_by_label("Ngày học").fill(timezone.localdate().strftime("%d/%m/%Y"))
    teacher.get_by_label("Số tiết").press_sequentially("0,5")
    teacher.get_by_label("Nội dung đã học").fill("Xem lại video bài giảng mô đun TH1.")
    teacher.get_by_role("button", name="Lưu nhật ký").click()
    expect(teacher).to_have_url(re.compile(r"/ke-hoach/nhat-ky/$"))
    log = StudyLog.objects.get(item=item)
    assert str(log.hours) == "0.5"

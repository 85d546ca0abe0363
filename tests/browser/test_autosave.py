"""Nothing typed is lost (issue 3): the plan editor and the study log form keep a draft in the browser every few
seconds, so after the session expires and the teacher logs in again the text is back in the form."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from modules.models import Module, Topic
from plans import services
from plans.models import PlanItem
from study.models import StudyLog
from tests.browser.conftest import open_nav
from tests.factories import PASSWORD
from years.models import TrainingYear

pytestmark = pytest.mark.browser

PLAN_DRAFT_PREFIX = "bdtx-draft-plan-"
LOG_DRAFT_PREFIX = "bdtx-autosave:study-log:"


def school_year_start(today):
    return today.year if today.month >= 8 else today.year - 1


@pytest.fixture
def draft_plan(cast):
    """The teacher's draft plan in the current school year: content 1/2 topics, TH1–TH4 chosen, periods typed."""
    year = TrainingYear.objects.create(
        department=cast.so, start_year=school_year_start(timezone.localdate()), is_current=True
    )
    Topic.objects.create(year=year, publisher=cast.so, content=1, level="TH", title="Chuyên đề ND1 của Sở", hours=30)
    Topic.objects.create(year=year, publisher=cast.so, content=2, level="TH", title="Chuyên đề ND2 của Sở", hours=20)
    Topic.objects.create(
        year=year, publisher=cast.phong_a, content=2, level="TH", title="Chuyên đề ND2 của Phòng", hours=10
    )
    modules = [
        Module.objects.update_or_create(
            code=f"TH{n}",
            defaults={
                "level": "TH",
                "title": f"Mô đun tiểu học {n}",
                "hours": 15,
                "is_retired": False,
                "owner": None,
                "audience": "GV",
            },
        )[0]
        for n in range(1, 7)
    ]
    user = cast.teacher_a1
    plan = services.plan_start(staff=user.staff, year=year, by=user)
    schedule = {item.pk: ("Tháng 9", "SELF") for item in plan.items.exclude(content=3)}
    content3 = [(module, "Học kỳ I", "SELF") for module in modules[:4]]
    return services.plan_save_items(plan=plan, by=user, content3=content3, schedule=schedule)


@pytest.fixture
def approved_plan(cast, draft_plan):
    plan = services.plan_submit(plan=draft_plan, by=cast.teacher_a1)
    return services.plan_approve(plan=plan, by=cast.principal_a1)


def _wait_for_draft(page, prefix, text):
    """Wait until the page's own timer has written a draft holding ``text`` to localStorage (every 3 s)."""
    page.wait_for_function(
        """([prefix, text]) => Object.keys(localStorage).some(
               (key) => key.startsWith(prefix) && localStorage.getItem(key).includes(text))""",
        arg=[prefix, text],
    )


def _expire_sessions():
    """The server forgets every session, as when SESSION_COOKIE_AGE runs out: the browser keeps a dead cookie."""
    Session.objects.all().delete()


def _log_in_again(page, username, back_to):
    """The teacher lands on the login form with ?next=, logs in there and is taken back to ``back_to``."""
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next="))
    url = urlsplit(page.url)
    assert (url.path, parse_qs(url.query)["next"]) == ("/dang-nhap/", [back_to])
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(re.escape(back_to) + "$"))


def test_plan_editor_draft_survives_a_session_expiry(cast, new_page, log_in, draft_plan):
    edit_url = reverse("plans:plan_edit")
    page = new_page()
    log_in(page, cast.teacher_a1.username, next_url=edit_url)
    expect(page).to_have_url(re.compile(re.escape(edit_url) + "$"))
    expect(page.locator("[data-draft-note]")).to_be_hidden()

    topic_period = page.locator("tr", has_text="Chuyên đề ND1 của Sở").get_by_label("Thời gian thực hiện")
    topic_period.fill("Tháng 10–11, tự học buổi tối")
    rows = page.locator("[data-c3-row]")
    rows.nth(1).get_by_role("combobox", name="Mô đun", exact=True).select_option("TH5")
    rows.nth(1).locator("[name=c3_period]").fill("Học kỳ II, tuần 3")
    _wait_for_draft(page, PLAN_DRAFT_PREFIX, "Tháng 10–11, tự học buổi tối")

    _expire_sessions()
    page.reload()
    _log_in_again(page, cast.teacher_a1.username, edit_url)

    expect(page.locator("[data-draft-note]")).to_be_visible()
    expect(page.locator("[data-draft-note]")).to_have_text("Đã khôi phục bản nháp chưa lưu.")
    expect(topic_period).to_have_value("Tháng 10–11, tự học buổi tối")
    expect(rows).to_have_count(4)
    expect(rows.nth(1).get_by_role("combobox", name="Mô đun", exact=True)).to_have_value("TH5")
    expect(rows.nth(1).locator("[name=c3_period]")).to_have_value("Học kỳ II, tuần 3")
    expect(page.locator("[data-total3]")).to_have_text("60/60 tiết")

    # The restored text is real form input: saving it stores it.
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu")).to_contain_text("Đã lưu kế hoạch.")
    item = PlanItem.objects.get(plan=draft_plan, content=1)
    assert item.period == "Tháng 10–11, tự học buổi tối"
    th5 = PlanItem.objects.get(plan=draft_plan, module__code="TH5")
    assert th5.period == "Học kỳ II, tuần 3"
    assert not PlanItem.objects.filter(plan=draft_plan, module__code="TH2").exists()

    # Once saved, opening the editor again shows the server's copy and no restored-draft note.
    page.get_by_role("link", name="Sửa kế hoạch").click()
    expect(topic_period).to_have_value("Tháng 10–11, tự học buổi tối")
    expect(page.locator("[data-draft-note]")).to_be_hidden()


def test_study_log_form_draft_survives_a_session_expiry(cast, new_page, log_in, approved_plan):
    item = PlanItem.objects.get(plan=approved_plan, module__code="TH2")
    add_url = reverse("study:study_log_add", args=[item.pk])
    page = new_page()
    log_in(page, cast.teacher_a1.username)
    open_nav(page, "study_log")
    page.get_by_test_id("progress-table").locator("tbody tr").filter(
        has=page.get_by_role("cell", name="TH2 — Mô đun tiểu học 2", exact=True)
    ).get_by_role("link", name="Ghi nhật ký").click()
    expect(page).to_have_url(re.compile(re.escape(add_url) + "$"))
    expect(page.locator("[data-autosave-note]")).to_have_count(0)

    today = timezone.localdate().strftime("%d/%m/%Y")
    description = "Học phần 2 của mô đun TH2: soạn kế hoạch bài dạy theo hướng phát triển năng lực."
    page.get_by_label("Ngày học").fill(today)
    page.get_by_label("Số tiết").fill("1.5")
    page.get_by_label("Nội dung đã học").fill(description)
    _wait_for_draft(page, LOG_DRAFT_PREFIX, "soạn kế hoạch bài dạy")

    _expire_sessions()
    page.reload()
    _log_in_again(page, cast.teacher_a1.username, add_url)

    note = page.locator("[data-autosave-note]")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Đã khôi phục bản nháp chưa lưu")
    expect(page.get_by_label("Nội dung đã học")).to_have_value(description)
    expect(page.get_by_label("Số tiết")).to_have_value("1.5")
    expect(page.get_by_label("Ngày học")).to_have_value(today)

    # Saving the restored entry works, and the draft is dropped afterwards.
    page.get_by_role("button", name="Lưu nhật ký").click()
    expect(page).to_have_url(re.compile(r"/ke-hoach/nhat-ky/$"))
    expect(page.get_by_role("alert").filter(has_text="Đã ghi nhật ký")).to_contain_text(
        "Đã ghi nhật ký cho “TH2 — Mô đun tiểu học 2”."
    )
    log = StudyLog.objects.get(item=item)
    assert (log.description, str(log.hours)) == (description, "1.5")
    assert (
        page.evaluate("(prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix))", LOG_DRAFT_PREFIX)
        == []
    )
    page.goto(add_url)
    expect(page.get_by_label("Nội dung đã học")).to_have_value("")
    expect(page.locator("[data-autosave-note]")).to_have_count(0)


@pytest.fixture
def empty_plan(cast, draft_plan):
    """A plan just started: topics only, no module chosen yet."""
    PlanItem.objects.filter(plan=draft_plan, content=3).delete()
    return draft_plan


def test_opening_a_plan_without_modules_and_typing_nothing_keeps_no_draft(cast, new_page, log_in, empty_plan):
    edit_url = reverse("plans:plan_edit")
    page = new_page()
    log_in(page, cast.teacher_a1.username, next_url=edit_url)
    expect(page.locator("[data-c3-row]")).to_have_count(1)  # the empty row the editor offers
    page.wait_for_timeout(3500)  # one autosave interval, with nothing typed
    page.reload()
    expect(page.locator("[data-c3-row]")).to_have_count(1)
    expect(page.locator("[data-draft-note]")).to_be_hidden()
    drafts = page.evaluate(
        "(prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix))", PLAN_DRAFT_PREFIX
    )
    assert drafts == []

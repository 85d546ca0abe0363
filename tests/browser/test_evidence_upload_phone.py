"""Uploads a phone can do (issue 20), in a real browser at a phone's size: the teacher picks a 12 MB photo from her
phone with two more files; the photo is shrunk in the browser before it is sent (the request carries less than the
server's limit), each file goes on its own with a progress bar, the fake PDF is refused by the server and the text
file by the page, each with its reason, and the photo and the real PDF are kept, listed, shown as a thumbnail and
previewed in the browser."""

import datetime
import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from plans.models import Plan, PlanItem, PlanStatus
from study.models import Evidence, StudyLog
from years.models import TrainingYear

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


def big_photo(at_least):
    """A 4000 × 3000 JPEG as a phone camera takes it, over the server's limit: a classroom's board and two shapes under
    heavy noise (the worst case for JPEG), saved at the lowest quality that makes it weigh ``at_least`` bytes."""
    width, height = 4000, 3000
    light = Image.linear_gradient("L").resize((width, height))
    scene = Image.merge("RGB", (light, light.rotate(90), Image.new("L", (width, height), 140)))
    draw = ImageDraw.Draw(scene)
    draw.rectangle((400, 300, 3600, 1900), fill=(30, 90, 60))
    draw.rectangle((600, 2100, 1600, 2800), fill=(200, 150, 60))
    draw.ellipse((2400, 2000, 3400, 2900), fill=(180, 40, 40))
    image = Image.blend(scene, Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)), 0.5)
    for quality in range(90, 100):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        if buffer.tell() >= at_least:
            return buffer.getvalue()
    raise AssertionError("no quality makes the photo big enough")


def small_pdf():
    buffer = io.BytesIO()
    Image.new("RGB", (595, 842), "white").save(buffer, "PDF")
    return buffer.getvalue()


def axe_violations(page, selector):
    """axe-core's WCAG 2 A/AA violations inside ``selector`` (loaded through the DevTools protocol, which the page's
    CSP does not govern), as "rule: target" lines."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())
    return page.evaluate(
        """(selector) => axe.run(selector, {runOnly: ["wcag2a", "wcag2aa"]}).then((result) =>
               result.violations.flatMap((rule) => rule.nodes.map((node) => `${rule.id}: ${node.target}`)))""",
        selector,
    )


def small_png():
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def log(cast, settings, tmp_path):
    """A pending entry of Nguyễn Văn An's approved plan, with no evidence yet."""
    settings.MEDIA_ROOT = tmp_path / "private"
    year = TrainingYear.objects.create(department=cast.so, start_year=2025, is_current=True)
    plan = Plan.objects.create(
        year=year, staff=cast.teacher_a1.staff, school=cast.school_a1, status=PlanStatus.APPROVED
    )
    item = PlanItem.objects.create(plan=plan, content=1, hours=30, order=0)
    return StudyLog.objects.create(
        item=item, date=datetime.date(2025, 11, 2), hours=2, description="Đọc tài liệu chương trình 01"
    )


def test_a_12_mb_phone_photo_is_shrunk_sent_with_progress_kept_and_previewed(cast, new_page, log_in, log):
    limit = settings.UPLOAD_MAX_BYTES
    photo = big_photo(12 * 1024 * 1024)
    assert len(photo) > limit
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page = new_page(viewport=PHONE)
    log_in(page, cast.teacher_a1.username)
    page.goto(reverse("study:study_log_detail", args=[log.pk]))
    bodies = []
    page.on(
        "requestfinished",
        lambda request: (
            bodies.append(request.sizes()["requestBodySize"])
            if request.method == "POST" and "/minh-chung/" in request.url
            else None
        ),
    )
    # A phone's slow uplink (about 1 MB/s), so the progress can be seen.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 40, "downloadThroughput": 4 * 1024 * 1024, "uploadThroughput": 1024 * 1024},
    )

    # Two buttons instead of the plain inputs; the camera one asks for the back camera.
    form = page.get_by_test_id("evidence-form")
    expect(form.get_by_role("button", name="Chụp ảnh")).to_be_visible()
    expect(form.locator("input[capture=environment]")).to_be_hidden()
    expect(form.get_by_role("button", name="Tải lên")).to_be_hidden()
    with page.expect_file_chooser() as chooser:
        form.get_by_role("button", name="Chọn tệp").click()
    assert chooser.value.is_multiple()
    chooser.value.set_files(
        [
            {"name": "anh-lop-hoc.jpg", "mimeType": "image/jpeg", "buffer": photo},
            {"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": small_pdf()},
            {"name": "bai-thu-hoach.pdf", "mimeType": "application/pdf", "buffer": EXE_BYTES},
            {"name": "ghi-chu.txt", "mimeType": "text/plain", "buffer": b"ghi chu"},
        ]
    )

    rows = page.get_by_test_id("evidence-status").locator("[data-evidence-row]")
    expect(rows).to_have_count(4)
    photo_row, pdf_row, fake_row, text_row = (rows.nth(index) for index in range(4))
    # The text file is refused by the page before anything is sent.
    expect(text_row).to_have_attribute("data-state", "refused")
    expect(text_row).to_contain_text("Tệp “ghi-chu.txt” không phải PDF, DOCX, XLSX, JPG hoặc PNG")
    # The photo is shrunk, then sent with its progress bar moving.
    expect(photo_row).to_contain_text(re.compile(r"1\d(,\d)? MB → \d"))
    bar = photo_row.get_by_role("progressbar", name="Gửi “anh-lop-hoc.jpg”")
    page.wait_for_function(
        """(bar) => { const now = Number(bar.getAttribute("aria-valuenow")); return now > 10 && now < 90; }""",
        arg=bar.element_handle(),
    )
    expect(photo_row).to_have_attribute("data-state", "sending")
    form.evaluate("(form) => form.scrollIntoView({block: 'start', behavior: 'instant'})")  # Bootstrap scrolls smoothly
    page.screenshot(path=str(SCREENSHOTS / "evidence-upload-phone-in-progress.png"))

    expect(photo_row).to_have_attribute("data-state", "sent", timeout=30_000)
    expect(pdf_row).to_have_attribute("data-state", "sent", timeout=30_000)
    expect(fake_row).to_have_attribute("data-state", "refused", timeout=30_000)
    expect(fake_row).to_contain_text("Tệp “bai-thu-hoach.pdf” không phải PDF, DOCX, XLSX, JPG hoặc PNG")
    expect(photo_row).to_contain_text("Đã nhận.")
    expect(bar).to_have_attribute("aria-valuenow", "100")

    # What the browser sent and what the server kept: under the limit, at most 1920 px on its longest side.
    assert len(bodies) == 3 and max(bodies) < limit
    kept = {evidence.original_name: evidence for evidence in Evidence.objects.filter(log=log)}
    assert sorted(kept) == ["anh-lop-hoc.jpg", "bien-ban.pdf"]
    stored = kept["anh-lop-hoc.jpg"]
    assert stored.content_type == "image/jpeg" and stored.size < limit
    with Image.open(stored.file.path) as image:
        assert max(image.size) == 1920

    # The list is reloaded in place: the photo's thumbnail loads from the preview, the PDF has its "Xem" link.
    listing = page.get_by_test_id("evidence-list")
    expect(listing.locator("li")).to_have_count(2)
    thumb = listing.get_by_role("img", name="anh-lop-hoc.jpg")
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    assert thumb.get_attribute("loading") == "lazy"
    assert thumb.get_attribute("src") == reverse("study:evidence_preview", args=[stored.pk])
    page.get_by_test_id("evidence-files").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "evidence-upload-phone-done.png"))
    page.screenshot(path=str(SCREENSHOTS / "evidence-upload-phone-done-full.png"), full_page=True)

    # The upload area passes axe's WCAG A/AA checks with its rows, bars and messages on the page.
    assert axe_violations(page, "[data-testid=evidence-form]") == []
    assert axe_violations(page, "[data-testid=evidence-files]") == []

    # "Xem" opens the photo in the browser, shown inline and never as a download.
    with page.context.expect_page() as opened:
        listing.locator("li", has_text="anh-lop-hoc.jpg").get_by_role("link", name="Xem").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.url.endswith(reverse("study:evidence_preview", args=[stored.pk]))
    assert preview.evaluate("() => document.images.length === 1 && document.images[0].naturalWidth") == 1920
    preview.screenshot(path=str(SCREENSHOTS / "evidence-preview-phone-photo.png"))

    pdf = kept["bien-ban.pdf"]
    response = page.request.get(reverse("study:evidence_preview", args=[pdf.pk]))
    assert response.headers["content-disposition"].startswith("inline;")
    assert response.headers["content-type"] == "application/pdf"


def test_a_new_log_takes_a_camera_photo_shrunk_before_it_is_saved(cast, new_page, log_in, log):
    """The new-log form keeps its plain post: the photo from "Chụp ảnh" is checked and shrunk in the page, then goes
    with the form when "Lưu nhật ký" is pressed."""
    limit = settings.UPLOAD_MAX_BYTES
    page = new_page(viewport=PHONE)
    log_in(page, cast.teacher_a1.username)
    page.goto(reverse("study:study_log_add", args=[log.item.pk]))
    page.get_by_label("Ngày học").fill("03/11/2025")
    page.get_by_label("Số tiết").fill("2")
    page.get_by_label("Nội dung đã học").fill("Dự giờ tiết Toán lớp 3")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Chụp ảnh").click()
    assert not chooser.value.is_multiple()
    assert chooser.value.element.get_attribute("capture") == "environment"
    chooser.value.set_files({"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": big_photo(12 * 1024 * 1024)})
    row = page.get_by_test_id("evidence-status").locator("[data-evidence-row]")
    expect(row).to_have_attribute("data-state", "ready", timeout=30_000)
    expect(row).to_contain_text("Sẵn sàng: tệp được gửi khi bấm “Lưu nhật ký”.")
    page.screenshot(path=str(SCREENSHOTS / "evidence-new-log-phone.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu nhật ký").click()
    expect(page.get_by_test_id("log-table")).to_be_visible()
    entry = StudyLog.objects.exclude(pk=log.pk).get()
    photo = entry.evidence.get()
    assert (photo.original_name, photo.content_type) == ("IMG_0001.jpg", "image/jpeg") and photo.size < limit
    thumb = page.get_by_test_id("log-table").get_by_role("img", name="IMG_0001.jpg")
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    page.screenshot(path=str(SCREENSHOTS / "evidence-log-table-phone.png"), full_page=True)


def test_without_javascript_the_plain_inputs_still_upload(cast, new_page, log_in, log):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    log_in(page, cast.teacher_a1.username)
    page.goto(reverse("study:study_log_detail", args=[log.pk]))
    form = page.get_by_test_id("evidence-form")
    expect(form.locator("[data-evidence-buttons]")).to_be_hidden()  # the two plain inputs instead
    form.get_by_label("Chọn tệp").set_input_files(
        [
            {"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": small_pdf()},
            {"name": "bai-thu-hoach.pdf", "mimeType": "application/pdf", "buffer": EXE_BYTES},
        ]
    )
    form.get_by_label("Chụp ảnh").set_input_files({"name": "anh.png", "mimeType": "image/png", "buffer": small_png()})
    form.evaluate("(form) => form.scrollIntoView({block: 'start', behavior: 'instant'})")
    page.screenshot(path=str(SCREENSHOTS / "evidence-upload-phone-no-js.png"))
    with page.expect_navigation():
        form.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_role("alert").filter(has_text="Đã thêm 2 tệp minh chứng.")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Tệp “bai-thu-hoach.pdf” không phải PDF")).to_be_visible()
    expect(page.get_by_test_id("evidence-list").locator("li")).to_have_count(2)
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["anh.png", "bien-ban.pdf"]

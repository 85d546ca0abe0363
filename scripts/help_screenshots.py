"""Screenshots of the product for the help pages (templates/help/), taken from a running demo server.

    make help-screenshots                        (against http://127.0.0.1:8000, what `make run` serves)
    .venv/bin/python scripts/help_screenshots.py --base-url http://127.0.0.1:8731

The server must hold the small demo (`seed_demo --size small`). The script logs in through the real login form as
the demo accounts (README: so, xa, hieutruong, totruong, and teachers of the demo school by their staff code), opens
each page at 1024 px wide, crops it to the part the help text speaks of and writes static/help/<name>.png as a
palette PNG (each kept under MAX_BYTES). It changes one thing on the server: as the Sở it sets the demo province's
support contact (Hỗ trợ người dùng) when none is set, so that page and the help pages show one.

Chromium is Debian's (/usr/bin/chromium, `make browser-deps`); Playwright never downloads a browser here.
"""

import argparse
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 (the repository on the path first)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "help"
WIDTH = 1024
MAX_BYTES = 120 * 1024
MAX_TOTAL = 2 * 1024 * 1024
PASSWORD = "Demo@2026bdtx"
# The demo school's teachers used beside the named accounts (their username is their staff code).
TEACHER_APPROVED = "1400000019"  # Trần Thu Hoa: plan approved, 120/120 tiết confirmed, scored in 2026–2027
TEACHER_LOGGING = "1400000026"  # Nguyễn Thu Lan: plan approved, tiết still to log, one entry waiting
TEACHER_TT26 = "1400000027"  # Vũ Thị Nhung: 2018–2019 (TT 26/2012) result confirmed, Trung bình
DEMO_SUPPORT = {
    "name": "Bộ phận hỗ trợ BDTX, Phòng Tổ chức cán bộ (dữ liệu mẫu)",
    "phone": "0123 456 789",
    "email": "hotro.bdtx@example.vn",
    "hours_note": "Giờ hành chính các ngày làm việc",
}


@dataclass
class Shot:
    """One screenshot: who, where, what to do first, and what part of the page to keep.

    crop: a CSS selector of the part kept (its top to its bottom, at most ``max_height`` px). ``prepare`` runs after
    the page opens (open a details block, follow a link found on the page …) and may return a new URL to open."""

    name: str
    account: str
    url: str
    crop: str = "main"
    max_height: int = 700
    prepare: object = None
    alternatives: list = field(default_factory=list)  # other accounts to try when ``usable`` says no
    usable: object = None


def _follow(page, locator):
    """Open the link ``locator`` finds (its href, relative to the page)."""
    page.goto(urljoin(page.url, locator.first.get_attribute("href")))


def _open_explanation(page):
    page.locator("[data-testid=explain] summary").first.click()


def _year_link(name):
    """Follow the year selector to the school year ``name`` ("2018–2019")."""

    def prepare(page):
        _follow(page, page.locator("[data-testid=year-selector] a.dropdown-item", has_text=name))
        _open_explanation(page)

    return prepare


def _first_history_link(page):
    """From the score grid, the first person's page of marks and history, with the explanation open."""
    _follow(page, page.locator("a[href*='/danh-gia/lich-su/']"))
    _open_explanation(page)


def _first_log_form(page):
    """From the study log, the form of the first item that still has tiết to log."""
    _follow(page, page.get_by_role("link", name="Ghi nhật ký"))


def _session_form(page):
    """The form of a new professional meeting (buổi sinh hoạt chuyên môn), not sent."""
    _follow(page, page.get_by_role("link", name="Ghi buổi sinh hoạt"))


def _current_year_page(page):
    _follow(page, page.locator("a[href*='/ke-hoach/nam-hoc/']", has_text=re.compile(r"\d{4}–\d{4}")))


def _pending_logs(page):
    return page.locator("input[type=checkbox][name]").count() > 0 or page.get_by_text("Trả lại").count() > 0


def _support_contact(page):
    """Set the demo province's support contact when none is set yet (the one change this script makes)."""
    name = page.locator("input[name=name]")
    if name.count() and not name.input_value():
        for field_name, value in DEMO_SUPPORT.items():
            page.locator(f"[name={field_name}]").fill(value)
        with page.expect_navigation():
            page.locator("main form[method=post] button[type=submit]").click()


SHOTS = [
    Shot("gv-trang-chu", "giaovien", "/", max_height=360),
    Shot("gv-ke-hoach", TEACHER_APPROVED, "/ke-hoach/cua-toi/", max_height=560),
    Shot("gv-nhat-ky", TEACHER_LOGGING, "/ke-hoach/nhat-ky/", max_height=520),
    Shot("gv-ghi-nhat-ky", TEACHER_LOGGING, "/ke-hoach/nhat-ky/", max_height=760, prepare=_first_log_form),
    Shot(
        "gv-ket-qua",
        TEACHER_TT26,
        "/danh-gia/ket-qua-cua-toi/",
        crop="[data-testid=explain]",
        max_height=1100,
        prepare=_year_link("2018–2019"),
    ),
    Shot("gv-chung-nhan", TEACHER_APPROVED, "/chung-nhan/cua-toi/", max_height=520),
    Shot(
        "tt-xac-nhan-nhat-ky",
        "totruong",
        "/ke-hoach/nhat-ky/xac-nhan/",
        max_height=560,
        alternatives=["hieutruong"],
        usable=_pending_logs,
    ),
    Shot("tt-sinh-hoat", "totruong", "/ke-hoach/nhat-ky/buoi-sinh-hoat/", max_height=900, prepare=_session_form),
    Shot("tt-nhap-diem", "totruong", "/danh-gia/nhap-diem/", max_height=420),
    Shot(
        "ket-qua-tt19",
        "totruong",
        "/danh-gia/nhap-diem/",
        crop="[data-testid=explain]",
        max_height=900,
        prepare=_first_history_link,
    ),
    Shot("ht-duyet-ke-hoach", "hieutruong", "/ke-hoach/truong/", max_height=560),
    Shot("ht-xac-nhan-ket-qua", "hieutruong", "/danh-gia/xac-nhan/", max_height=720),
    Shot("ht-bao-cao", "hieutruong", "/bao-cao/ket-qua/", max_height=440),
    Shot("ht-chung-nhan", "hieutruong", "/chung-nhan/truong/", max_height=640),
    Shot("xa-tien-do", "xa", "/ke-hoach/nam-hoc/tien-do/", max_height=640),
    Shot("xa-bao-cao", "xa", "/bao-cao/ket-qua/", max_height=640),
    Shot("so-nam-hoc", "so", "/ke-hoach/nam-hoc/", max_height=600, prepare=_current_year_page),
    Shot("so-ket-qua", "so", "/bao-cao/ket-qua/thong-ke/", max_height=720),
    Shot("so-bao-cao", "so", "/bao-cao/ket-qua/", max_height=640),
    Shot("so-ho-tro", "so", "/ho-tro-nguoi-dung/", max_height=560, prepare=_support_contact),
]


def log_in(context, base_url, username, password):
    page = context.new_page()
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    if "/dang-nhap/" in page.url:
        raise SystemExit(f"{username}: the login failed (is this the demo, with the password {password}?)")
    return page


def crop_png(page, selector, max_height):
    """The PNG of ``selector``'s box (full width of the page's content column), cut at ``max_height``."""
    box = page.locator(selector).first.bounding_box()
    if box is None:
        raise SystemExit(f"{page.url}: nothing matches {selector}")
    scroll_y = page.evaluate("window.scrollY")
    top = box["y"] + scroll_y
    clip = {
        "x": max(box["x"] - 8, 0),
        "y": max(top - 8, 0),
        "width": min(box["width"] + 16, WIDTH),
        "height": min(box["height"] + 16, max_height),
    }
    return page.screenshot(clip=clip, full_page=True)


def shrink(png, limit=MAX_BYTES):
    """A palette PNG of the screenshot, as few colours as it takes to stay under ``limit`` bytes (UI screenshots
    have few colours: 128 look like the original)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    data = b""
    for colours in (128, 64, 32):
        buffer = io.BytesIO()
        image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            buffer, "PNG", optimize=True
        )
        data = buffer.getvalue()
        if len(data) <= limit:
            return data
    return data


def take(browser, base_url, password, shot, out):
    accounts = [shot.account, *shot.alternatives]
    for index, account in enumerate(accounts):
        context = browser.new_context(
            viewport={"width": WIDTH, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        context.set_default_timeout(20_000)
        try:
            page = log_in(context, base_url, account, password)
            page.goto(f"{base_url}{shot.url}")
            if shot.usable is not None and not shot.usable(page) and index < len(accounts) - 1:
                continue  # nothing to show as this account: the next one
            if shot.prepare is not None:
                shot.prepare(page)
            page.wait_for_load_state("networkidle")
            data = shrink(crop_png(page, shot.crop, shot.max_height))
        finally:
            context.close()
        path = out / f"{shot.name}.png"
        path.write_bytes(data)
        return path, account
    raise SystemExit(f"{shot.name}: no account could take it")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--chromium", default=CHROMIUM)
    parser.add_argument("only", nargs="*", help="names of the shots to take (all by default)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    base_url = args.base_url.rstrip("/")
    shots = [shot for shot in SHOTS if not args.only or shot.name in args.only]
    # The support contact first, so the other pages already show it.
    shots.sort(key=lambda shot: shot.name != "so-ho-tro")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            for shot in shots:
                path, account = take(browser, base_url, args.password, shot, args.out)
                shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                print(f"{shown}: {path.stat().st_size // 1024} KB ({account})")
        finally:
            browser.close()
    sizes = {path.name: path.stat().st_size for path in args.out.glob("*.png")}
    total = sum(sizes.values())
    print(f"{len(sizes)} files, {total // 1024} KB in all")
    too_big = [name for name, size in sizes.items() if size > MAX_BYTES]
    if too_big or total > MAX_TOTAL:
        sys.exit(f"over the limits ({MAX_BYTES // 1024} KB a file, {MAX_TOTAL // 1024} KB in all): {too_big}")


if __name__ == "__main__":
    main()

"""What a teacher's phone downloads, page by page, once the static files are in its cache; and how much each page
shifts while it loads (Cumulative Layout Shift). Prints one line per page and the largest figures.

    make pageweight          (against the server at PAGE_WEIGHT_URL, default http://localhost:8000; demo data)

Run it against a production-shaped server (gunicorn, DEBUG off, WhiteNoise serving hashed static files with
far-future caching, gzip/brotli): that is what a phone gets. Each page is opened twice in one browser: the second
visit's bytes are what counts (the HTML, and any static file not yet in the cache). Bytes are transfer sizes as the
browser reports them (compressed, headers included where the browser counts them).
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.chromium import launch  # noqa: E402 (the repository on the path first)

BASE = os.environ.get("PAGE_WEIGHT_URL", "http://localhost:8000").rstrip("/")
USER = os.environ.get("PAGE_WEIGHT_USER", "giaovien")
PASSWORD = os.environ.get("PAGE_WEIGHT_PASSWORD", "Demo@2026bdtx")
BUDGET = 100 * 1024
PAGES = os.environ.get(
    "PAGE_WEIGHT_PAGES",
    "/,/ke-hoach/cua-toi/,/ke-hoach/nhat-ky/,/danh-gia/ket-qua-cua-toi/,/chung-nhan/cua-toi/,/bao-cao/thong-bao/,"
    "/huong-dan/",
).split(",")

SHIFT_OBSERVER = """() => { window.__cls = 0; new PerformanceObserver(list => { for (const entry of list.getEntries()) {
  if (!entry.hadRecentInput) window.__cls += entry.value; } }).observe({type: 'layout-shift', buffered: true}); }"""
TRANSFERRED = """() => { const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  return {html: nav.transferSize, assets: resources.reduce((sum, r) => sum + r.transferSize, 0),
          fetched: resources.filter(r => r.transferSize > 0).map(r => r.name.split('/').pop())}; }"""


def main():
    worst = 0
    worst_shift = 0.0
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{BASE}/dang-nhap/")
        page.fill("input[name=username]", USER)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        print(f"{'trang':<34}{'lần đầu':>10}{'HTML':>9}{'tệp tĩnh':>10}{'tổng':>9}{'CLS':>7}")
        for path in PAGES:
            page.goto(BASE + path, wait_until="networkidle")  # first visit: fills the cache
            first = page.evaluate(TRANSFERRED)
            page.add_init_script(SHIFT_OBSERVER)
            page.goto(BASE + path, wait_until="networkidle")
            page.wait_for_timeout(300)
            sizes = page.evaluate(TRANSFERRED)
            shift = page.evaluate("() => window.__cls || 0")
            total = sizes["html"] + sizes["assets"]
            worst, worst_shift = max(worst, total), max(worst_shift, shift)
            first_total = first["html"] + first["assets"]
            line = f"{path:<34}{first_total:>10,}{sizes['html']:>9,}{sizes['assets']:>10,}{total:>9,}{shift:>7.3f}"
            print(line + (f"   (tải lại: {', '.join(sizes['fetched'])})" if sizes["fetched"] else ""))
        browser.close()
    budget = BUDGET // 1024
    print(f"Lớn nhất: {worst:,} byte ({worst / 1024:.1f} KB; ngân sách {budget} KB); CLS lớn nhất {worst_shift:.3f}")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())

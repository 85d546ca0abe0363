"""What the crawl counts as a failure: checked on small pages, so the crawl itself can fail."""

from .crawl import ERROR_PAGE_MARK, nameless_modules, same_site_path


def test_a_module_offered_by_its_code_alone_is_flagged():
    assert nameless_modules(["TH12", "GVPT 03 — ", "MN7 –", "THCS4 — Phương pháp dạy học tích cực"]) == [
        "TH12",
        "GVPT 03 — ",
        "MN7 –",
    ]


def test_other_options_are_not_modules():
    assert nameless_modules(["— Không chọn —", "Tổ 1", "THPT Chu Văn An", "2026–2027", "Nội dung 3"]) == []


def test_links_that_leave_the_site_or_log_out_are_not_followed():
    base = "http://testserver/ke-hoach/"
    assert same_site_path(base, "../can-bo/?q=an#top") == "/can-bo/?q=an"
    assert same_site_path(base, "https://example.org/") is None
    assert same_site_path(base, "/dang-xuat/") is None
    assert same_site_path(base, "/quan-tri/accounts/") is None
    assert same_site_path(base, "mailto:so@example.org") is None


def test_the_error_page_mark_is_the_one_the_site_prints():
    from pathlib import Path

    template = Path(__file__).resolve().parents[2] / "templates" / "errors" / "page.html"
    assert ERROR_PAGE_MARK in template.read_text()

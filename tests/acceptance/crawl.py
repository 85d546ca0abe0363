"""The acceptance crawl: as one account, follow every same-site link reachable from the home page (GET only).

A page fails when it answers 5xx, when an error page (4xx) is not the site's Vietnamese one, or when it offers a
content-3 module without a name. Logout, the Django admin and links that leave the site are not followed."""

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

SKIPPED_PREFIXES = ("/dang-xuat/", "/quan-tri/", "/static/", "/media/")
# The mark every error page of the site carries (templates/errors/base.html): checks the page is ours, in Vietnamese.
ERROR_PAGE_MARK = 'data-error-page="vi"'


class _Links(HTMLParser):
    """Collects the href of every <a> and the text of every <option>, of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs = []
        self.options = []
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "option":
            self._option = []

    def handle_data(self, data):
        if self._option is not None:
            self._option.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self.options.append("".join(self._option).strip())
            self._option = None


def nameless_modules(options):
    """Options that name a content-3 module by its code alone ("TH12", "GVPT 03 — ", "MN7 –")."""
    found = []
    for text in options:
        code, _sep, title = text.replace("—", "–").partition("–")
        code = code.strip()
        if _looks_like_module_code(code) and not title.strip(" -–:"):
            found.append(text)
    return found


def _looks_like_module_code(text):
    compact = text.replace(" ", "").upper()
    for prefix in ("GVPT", "THCS", "THPT", "GDTX", "MN", "TH", "CBQL"):
        if compact.startswith(prefix) and compact[len(prefix) :].isdigit():
            return True
    return False


@dataclass
class CrawlResult:
    pages: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)
    broken_links: list = field(default_factory=list)


def same_site_path(base, href):
    """The path and query an href leads to on this site, or None (another host, mailto:, javascript:, skipped)."""
    href = href.strip()
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
        return None
    url = urldefrag(urljoin(base, href)).url
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start="/", limit=20000):
    """Breadth-first over every link reachable from ``start``; returns what it saw."""
    result = CrawlResult()
    queue, seen = [(start, None)], {start}
    while queue and result.pages < limit:
        path, referrer = queue.pop(0)
        response = client.get(path)
        result.pages += 1
        result.statuses[response.status_code] += 1
        content_type = response.get("Content-Type", "")
        is_html = content_type.startswith("text/html")
        body = response.content.decode("utf-8", "replace") if is_html else ""
        if response.status_code >= 500:
            result.failures.append((path, referrer, f"HTTP {response.status_code}"))
            continue
        if response.status_code >= 400:
            if ERROR_PAGE_MARK not in body:
                result.failures.append((path, referrer, f"HTTP {response.status_code}: not the Vietnamese error page"))
            elif response.status_code == 404:
                result.broken_links.append((path, referrer))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif is_html:
            parser = _Links()
            parser.feed(body)
            targets = parser.hrefs
            for option in nameless_modules(parser.options):
                result.failures.append((path, referrer, f"module without a name: {option!r}"))
        else:
            targets = []
        for href in targets:
            target = same_site_path("http://testserver" + path, href)
            if target and target not in seen:
                seen.add(target)
                queue.append((target, path))
    return result

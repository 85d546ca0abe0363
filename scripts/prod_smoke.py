"""The production-shaped smoke test's user (scripts/prod_smoke.sh starts nginx, gunicorn, the worker and beat):
over HTTPS through nginx, log in, upload a 15 MB evidence file, export the staff list on the worker and download it,
lock out one client address without locking out another, and (told to) open the verify page with Redis stopped.

    python scripts/prod_smoke.py <base url> <teacher> <log id> <manager>      (demo password)
    python scripts/prod_smoke.py <base url> --verify-only                      (after Redis is stopped)
"""

import http.client
import http.cookiejar
import os
import re
import ssl
import sys
import time
import urllib.parse
import urllib.request

PASSWORD = "Demo@2026bdtx"
CONTEXT = ssl.create_default_context()
CONTEXT.check_hostname = False
CONTEXT.verify_mode = ssl.CERT_NONE  # the smoke test's own self-signed certificate


def say(text):
    print(f"smoke: {text}", flush=True)


class Browser:
    """A cookie-keeping client over HTTPS from one source address (127.0.0.x: another client to the proxy)."""

    def __init__(self, base, source="127.0.0.1"):
        self.base = base
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port or 443
        self.source = source
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPSConnection(
            self.host, self.port, context=CONTEXT, source_address=(self.source, 0), timeout=120
        )
        # As a browser at https://localhost:<port> would send them (the certificate's name; CSRF checks the Referer).
        origin = f"localhost:{self.port}"
        headers = {"Host": origin, "Referer": f"https://{origin}/", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), data

    def csrf(self, path):
        status, _headers, data = self.request("GET", path)
        assert status == 200, (path, status)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', data)
        return match.group(1).decode(), data

    def post_form(self, path, fields, token_path=None):
        token, _page = self.csrf(token_path or path)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields})
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def log_in(self, username, password=PASSWORD):
        return self.post_form("/dang-nhap/", {"username": username, "password": password})


def multipart(fields, files):
    boundary = "----bdtx-smoke-boundary"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def big_pdf(size):
    """A real PDF of ``size`` bytes (a comment pads it: the content check reads the header and the trailer)."""
    head = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    head += b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    tail = b"trailer << /Root 1 0 R >>\n%%EOF\n"
    padding = size - len(head) - len(tail)
    return head + (b"%" + b"x" * 78 + b"\n") * (padding // 80) + b" " * (padding % 80) + tail


def main(argv):
    base = argv[0]
    if argv[1:] == ["--verify-only"]:
        status, _headers, _data = Browser(base).request("GET", "/chung-nhan/xac-minh/khong-co-ma-nay/")
        assert status in (200, 404), f"verify page with Redis stopped answered {status}"
        say(f"verify page with Redis stopped: {status} (answers, fails open)")
        return 0
    teacher, log_id, manager = argv[1], argv[2], argv[3]

    status, headers, _data = Browser(base).request("GET", "/")
    assert status == 302 and "/dang-nhap/" in headers.get("Location", ""), (status, headers)
    say("HTTPS through nginx: / → login")

    browser = Browser(base)
    status, headers, _data = browser.log_in(teacher)
    assert status == 302, f"login answered {status}"
    say(f"logged in as {teacher} over HTTPS")

    content = big_pdf(15 * 1024 * 1024)
    token, _page = browser.csrf(f"/ke-hoach/nhat-ky/{log_id}/")
    body, content_type = multipart(
        {"csrfmiddlewaretoken": token}, {"files": ("minh-chung-15mb.pdf", content, "application/pdf")}
    )
    started = time.monotonic()
    status, headers, data = browser.request(
        "POST", f"/ke-hoach/nhat-ky/{log_id}/minh-chung/", body, {"Content-Type": content_type}
    )
    assert status in (200, 302), f"15 MB upload answered {status}: {data[:300]!r}"
    status, _headers, page = browser.request("GET", f"/ke-hoach/nhat-ky/{log_id}/")
    assert b"minh-chung-15mb" in page, "the 15 MB evidence is not listed"
    say(f"15 MB evidence uploaded through nginx in {time.monotonic() - started:.1f} s and listed")

    office = Browser(base)
    assert office.log_in(manager)[0] == 302
    status, headers, _data = office.post_form("/bao-cao/xuat/can-bo/", {}, token_path="/can-bo/")
    assert status == 302, f"export answered {status}"
    job_path = urllib.parse.urlsplit(headers["Location"]).path
    job_id = re.search(r"/viec/(\d+)/", job_path).group(1)
    for _attempt in range(120):
        status, _headers, page = office.request("GET", job_path)
        if b'data-status="succeeded"' in page:
            break
        assert b'data-status="failed"' not in page, "the export failed on the worker"
        time.sleep(1)
    else:
        raise AssertionError("the export did not finish on the worker in 120 s")
    status, headers, data = office.request("GET", f"/bao-cao/viec/{job_id}/tai-ve/")
    assert status == 200 and data[:2] == b"PK", (status, data[:20])
    say(f"staff export run by the worker and downloaded ({len(data):,} bytes)")

    attacker = Browser(base, source="127.0.0.2")
    for _attempt in range(int(os.environ.get("AXES_FAILURE_LIMIT", "5")) + 1):
        attacker.log_in(teacher, password="sai-mat-khau")
    status, _headers, page = attacker.log_in(teacher)
    assert status != 302, "the locked-out address could still log in"
    other = Browser(base, source="127.0.0.3")
    status, _headers, _page = other.log_in(teacher)
    assert status == 302, f"another address was locked out too ({status})"
    say("lockout: 127.0.0.2 locked out, 127.0.0.3 still logs in as the same teacher")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

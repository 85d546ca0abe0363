"""A small HTTP client for the fault scripts (standard library only): log in, GET, POST with the CSRF token."""

import http.cookiejar
import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

BASE_URL = os.environ.get("FAULTS_BASE_URL", "http://127.0.0.1:8766")
PASSWORD = "Demo@2026bdtx"
DB = "bdtx_faults"


class Response:
    def __init__(self, status, headers, body, url):
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, timeout=30):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.timeout = timeout

    def _csrf(self):
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def request(self, method, path, data=None, files=None, headers=None):
        url = path if path.startswith("http") else BASE_URL + path
        headers = dict(headers or {})
        body = None
        if method == "POST":
            headers["X-CSRFToken"] = self._csrf()
            headers["Referer"] = BASE_URL + "/"
            fields = dict(data or {})
            fields.setdefault("csrfmiddlewaretoken", self._csrf())
            if files:
                boundary = uuid.uuid4().hex
                body = _multipart(boundary, fields, files)
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                body = urllib.parse.urlencode(fields, doseq=True).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=self.timeout) as handle:
                return Response(handle.status, handle.headers, handle.read(), url)
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read(), url)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data=None, files=None, **kwargs):
        return self.request("POST", path, data=data, files=files, **kwargs)

    def follow(self, response, limit=5):
        while response.status in (301, 302, 303) and limit:
            response = self.get(urllib.parse.urljoin(response.url, response.location))
            limit -= 1
        return response

    def login(self, username, password=PASSWORD):
        self.get("/dang-nhap/")
        response = self.post("/dang-nhap/", {"username": username, "password": password})
        assert response.status == 302, f"login {username}: {response.status}"
        return self


def _multipart(boundary, fields, files):
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def sql(query, db=DB):
    """Run one SQL query with psql; the result as text (rows on lines, columns separated by |)."""
    result = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAqc", query],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def counts(tables, db=DB):
    return {table: int(sql(f"SELECT count(*) FROM {table}", db=db)) for table in tables}


def wait_for(predicate, timeout, interval=0.5, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print("  ok:", message)

"""Deadline-day load on BDTX: teachers, group heads, school managers, Phòng and Sở officers.

Run by scripts/loadtest/run.py (``make loadtest``), which creates the accounts and writes them to the JSON file
named by LOADTEST_ACCOUNTS: {"password": …, "TEACHER": [usernames], "GROUP_HEAD": […], …}. Requests are named
after the page (the Django url name), so the statistics are per page whatever the role.

The users are FastHttpUser (geventhttpclient): on this 2-core machine the load generator shares the CPU with the
server, and the requests-based HttpUser cost it several times more. A form POST is timed on its own and the page it
redirects to is then fetched and counted under that page's name, as a browser does.
"""

import itertools
import json
import os
import random
import re
import time
from datetime import date, timedelta
from html import unescape
from http.cookiejar import Cookie
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

with open(os.environ.get("LOADTEST_ACCOUNTS", "var/loadtest/accounts.json"), encoding="utf-8") as handle:
    ACCOUNTS = json.load(handle)

PASSWORD = ACCOUNTS["password"]
_POOLS = {
    role: itertools.cycle(names) for role, names in ACCOUNTS.items() if role not in ("password", "cookie", "sessions")
}
# "session": start logged in with the session the runner made; "form": log in through the login form.
LOGIN = os.environ.get("LOADTEST_LOGIN", "session")

# Human think time between two clicks on a busy day.
THINK = between(2, 6)

STUDY_ADD_RE = re.compile(r'href="(/ke-hoach/nhat-ky/noi-dung/(\d+)/ghi/)"')
PLAN_BOX_RE = re.compile(r'name="plan" value="(\d+)"')
INPUT_RE = re.compile(r"<input\b[^>]*>", re.S)
ATTR_RE = re.compile(r'(\w[\w-]*)="([^"]*)"')
JOB_RE = re.compile(r"/bao-cao/viec/(\d+)/$")
SEARCHES = ["Nguyễn", "Lan", "Hùng", "Thị", "Minh", "Hương", "Tuấn", "Trần Văn", "Phạm", "Hà"]


def grid_fields(html):
    """The hidden and text inputs of the score grid form, as posted by a browser without JavaScript."""
    start = html.find('id="score-grid-form"')
    if start < 0:
        return None
    end = html.find("</form>", start)
    fields = []
    for tag in INPUT_RE.findall(html[start:end]):
        attrs = dict(ATTR_RE.findall(tag))
        name = attrs.get("name")
        if not name or "disabled" in tag or attrs.get("type") in ("checkbox", "radio", "submit"):
            continue
        fields.append((name, unescape(attrs.get("value", ""))))
    return fields


def session_cookie(name, value):
    """A host-only cookie for the loopback server, as the browser would hold it after logging in."""
    return Cookie(0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None,
                  None, {"HttpOnly": None})  # fmt: skip


class BdtxUser(FastHttpUser):
    abstract = True
    wait_time = THINK
    role = None

    def on_start(self):
        self.username = next(_POOLS[self.role])
        if LOGIN == "session":
            self.client.cookiejar.set_cookie(session_cookie(ACCOUNTS["cookie"], ACCOUNTS["sessions"][self.username]))
            with self.client.get("/", name="home", allow_redirects=False, catch_response=True) as response:
                if response.status_code != 200 or not self.csrf:
                    response.failure(f"session of {self.username} not accepted: {response.status_code}")
            return
        self.get("/dang-nhap/", name="login [GET]")
        self.post("/dang-nhap/", {"username": self.username, "password": PASSWORD}, name="login [POST]", expect="/")

    def get(self, url, *, name, params=None):
        """GET a page; a failure unless it answers 200 (a redirect to the login page is a failure too)."""
        if params:
            url = f"{url}?{urlencode(params)}"
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
        return response

    def get_redirected(self, url, *, name, expect, follow_name):
        """GET a link that redirects (a school manager's "Báo cáo kết quả" goes to the school's report), then the
        page it leads to, each counted under its own name."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            target = response.headers.get("Location", "") if response.status_code == 302 else ""
            if not target.startswith(expect):
                response.failure(f"no redirect to {expect}: {response.status_code} {target}")
                return
        self.get(target, name=follow_name)

    @property
    def csrf(self):
        return next((cookie.value for cookie in self.client.cookiejar if cookie.name == "csrftoken"), "")

    def post(self, url, data, *, name, expect, follow_name="home"):
        """POST the form with the CSRF token; a failure unless it redirects to a URL starting with ``expect``.
        Then GET the redirect target as the browser does, counted as ``follow_name``. Returns the target URL."""
        data = list(data.items()) if isinstance(data, dict) else list(data)
        if not any(key == "csrfmiddlewaretoken" for key, _value in data):
            data.append(("csrfmiddlewaretoken", self.csrf))
        headers = {"X-CSRFToken": self.csrf, "Content-Type": "application/x-www-form-urlencoded"}
        with self.client.post(
            url, urlencode(data), name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            target = response.headers.get("Location", "") if response.status_code == 302 else ""
            if not target.startswith(expect) or (expect == "/" and target.startswith("/dang-nhap/")):
                response.failure(f"no redirect to {expect}: {response.status_code} {target}")
                return ""
        self.get(target, name=follow_name)
        return target

    @task(2)
    def home(self):
        self.get("/", name="home")


class Teacher(BdtxUser):
    fixed_count = len(ACCOUNTS["TEACHER"])
    role = "TEACHER"
    items = ()

    @task(3)
    def my_plan(self):
        self.get("/ke-hoach/cua-toi/", name="plans:my_plan")

    @task(3)
    def study_log(self):
        response = self.get("/ke-hoach/nhat-ky/", name="study:study_log")
        self.items = sorted(set(STUDY_ADD_RE.findall(response.text)))

    @task(2)
    def log_hours(self):
        if not self.items:
            return self.study_log()
        url, _pk = random.choice(self.items)
        self.get(url, name="plans:study_log_add [GET]")
        day = date.today() - timedelta(days=1)  # yesterday: never in the future in Asia/Ho_Chi_Minh
        self.post(
            url,
            {"date": day.strftime("%d/%m/%Y"), "hours": "1", "description": "Tự học theo kế hoạch (kiểm thử tải)."},
            name="plans:study_log_add [POST]",
            expect="/ke-hoach/nhat-ky/",
            follow_name="study:study_log",
        )


class GroupHead(BdtxUser):
    fixed_count = len(ACCOUNTS["GROUP_HEAD"])
    role = "GROUP_HEAD"

    @task(4)
    def score_grid(self):
        self.get("/danh-gia/nhap-diem/", name="assessment:score_grid")

    @task(2)
    def save_grid(self):
        response = self.get("/danh-gia/nhap-diem/", name="assessment:score_grid")
        fields = grid_fields(response.text)
        if not fields:
            return
        self.post(
            "/danh-gia/nhap-diem/",
            fields,
            name="assessment:score_grid [POST]",
            expect="/danh-gia/nhap-diem/",
            follow_name="assessment:score_grid",
        )

    @task(1)
    def study_log(self):
        self.get("/ke-hoach/nhat-ky/", name="study:study_log")


class SchoolManager(BdtxUser):
    fixed_count = len(ACCOUNTS["SCHOOL_MANAGER"])
    role = "SCHOOL_MANAGER"
    submitted = ()

    @task(4)
    def plan_list(self):
        response = self.get("/ke-hoach/truong/", name="plans:plan_list")
        self.submitted = PLAN_BOX_RE.findall(response.text)

    @task(2)
    def batch_approve(self):
        if not self.submitted:
            return self.plan_list()
        chosen = self.submitted[:5]
        self.submitted = self.submitted[5:]
        self.post(
            "/ke-hoach/truong/duyet-nhieu/",
            [("plan", pk) for pk in chosen] + [("confirmed", "1")],
            name="plans:plan_batch_approve [POST]",
            expect="/ke-hoach/truong/",
            follow_name="plans:plan_list",
        )

    @task(2)
    def chain_home(self):
        self.get_redirected(
            "/bao-cao/ket-qua/",
            name="reports:chain_home [redirect]",
            expect="/bao-cao/",
            follow_name="reports:chain_unit",
        )

    @task(1)
    def school_plan(self):
        self.get("/ke-hoach/truong/tong-hop/", name="plans:school_plan")


class Officer(BdtxUser):
    abstract = True

    @task(3)
    def plan_dashboard(self):
        self.get("/ke-hoach/nam-hoc/tien-do/", name="plans:plan_dashboard")

    @task(3)
    def results_home(self):
        self.get("/bao-cao/ket-qua/thong-ke/", name="results:results_home")

    @task(2)
    def chain_home(self):
        self.get("/bao-cao/ket-qua/", name="reports:chain_home")

    @task(3)
    def staff_search(self):
        self.get("/can-bo/", params={"q": random.choice(SEARCHES)}, name="accounts:staff_list ?q=")

    @task(1)
    def export_staff(self):
        """Start a staff export (the search as filter) and poll its job page as the browser does."""
        target = self.post(
            "/bao-cao/xuat/can-bo/",
            {"q": random.choice(SEARCHES)},
            name="reports:staff_export_start [POST]",
            expect="/bao-cao/viec/",
            follow_name="jobs:job_detail",
        )
        match = JOB_RE.search(target)
        if match is None:
            return
        for _poll in range(3):
            time.sleep(1)
            self.get(f"/bao-cao/viec/{match[1]}/tien-do/", name="jobs:job_progress")


class PhongOfficer(Officer):
    fixed_count = len(ACCOUNTS["DISTRICT_OFFICER"])
    role = "DISTRICT_OFFICER"


class SoOfficer(Officer):
    fixed_count = len(ACCOUNTS["DEPARTMENT_OFFICER"])
    role = "DEPARTMENT_OFFICER"

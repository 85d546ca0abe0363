"""Celery's logs and housekeeping (issue 21, item 7).

The request id test is a real round trip: a request through RequestIdMiddleware queues a task on the real Redis,
a Celery worker started by the test (LOG_FORMAT=json) runs it, and its log line for the task carries the id.
"""

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from celery import signals
from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from pythonjsonlogger.json import JsonFormatter

from bdtx.celery import REQUEST_ID_HEADER, app
from bdtx.middleware import RequestIdMiddleware, current_request_id
from bdtx.tasks import clean_sessions_and_login_records

REDIS_BROKER = "redis://127.0.0.1:6379/15"


# ---------------------------------------------------------------------------------------------------------------
# Sessions and login records
# ---------------------------------------------------------------------------------------------------------------


def _login_record(model, username, days_ago):
    extra = {"get_data": "", "post_data": "", "failures_since_start": 1} if model is AccessAttempt else {}
    record = model.objects.create(
        user_agent="test", ip_address="203.0.113.5", username=username, http_accept="*/*", path_info="/", **extra
    )
    model.objects.filter(pk=record.pk).update(attempt_time=timezone.now() - timedelta(days=days_ago))
    return record


@pytest.mark.django_db
def test_the_cleanup_deletes_old_login_records_and_expired_sessions_and_keeps_the_rest(settings):
    settings.LOGIN_RECORDS_KEEP_DAYS = 90
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        _login_record(model, "old", 91)
        _login_record(model, "recent", 89)
    now = timezone.now()
    Session.objects.create(session_key="expired" + "x" * 20, session_data="", expire_date=now - timedelta(hours=1))
    Session.objects.create(session_key="current" + "x" * 20, session_data="", expire_date=now + timedelta(hours=1))

    deleted = clean_sessions_and_login_records.delay().get()

    assert deleted == {"AccessAttempt": 1, "AccessLog": 1, "AccessFailureLog": 1}
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert list(model.objects.values_list("username", flat=True)) == ["recent"], model.__name__
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current" + "x" * 20]


@pytest.mark.django_db
def test_the_keep_days_come_from_the_settings(settings):
    settings.LOGIN_RECORDS_KEEP_DAYS = 7
    _login_record(AccessLog, "eight-days", 8)
    _login_record(AccessLog, "six-days", 6)
    clean_sessions_and_login_records.delay().get()
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["six-days"]


def test_beat_runs_the_cleanup_daily_and_every_task_has_time_limits():
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["clean-sessions-and-login-records"]
    assert entry["task"] == "bdtx.tasks.clean_sessions_and_login_records"
    assert entry["task"] in app.tasks
    for name, schedule in settings.CELERY_BEAT_SCHEDULE.items():
        assert schedule["task"] in app.tasks, name
    assert app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT > 0
    assert 0 < app.conf.task_soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT < app.conf.task_time_limit
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert {"bdtx.tasks.ping", "reports.tasks.run_job", "reports.tasks.send_notification_emails"} <= set(ours)
    for name, task in ours.items():
        # A hard limit, and a soft one before it (Celery refuses to queue a task whose soft limit is the longer).
        assert 0 < task.soft_time_limit < task.time_limit, name
    # A task with its own shorter hard limit gets a soft one within it.
    assert app.tasks["reports.tasks.send_notification_emails"].time_limit == 300
    assert app.tasks["reports.tasks.send_notification_emails"].soft_time_limit == 270


# ---------------------------------------------------------------------------------------------------------------
# JSON logs
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def json_logging(settings):
    """Django's LOGGING as LOG_FORMAT=json makes it; the test's logging is put back afterwards."""
    before = settings.LOGGING
    logging_json = json.loads(json.dumps(before))
    logging_json["handlers"]["console"]["formatter"] = "json"
    logging_json["root"]["level"] = "INFO"
    settings.LOGGING = logging_json
    yield
    logging.config.dictConfig(before)
    logging.captureWarnings(False)


def test_the_worker_logging_setup_applies_djangos_logging(json_logging):
    receivers = signals.setup_logging.send(sender=None, loglevel=logging.DEBUG, logfile=None, format="", colorize=False)
    assert receivers, "Celery would configure its own loggers"
    handlers = logging.getLogger().handlers
    assert len(handlers) == 1 and isinstance(handlers[0].formatter, JsonFormatter)

    stream = io.StringIO()
    handlers[0].setStream(stream)
    logging.getLogger("celery.app.trace").info("Task %s succeeded", "x")
    line = json.loads(stream.getvalue())
    assert line["message"] == "Task x succeeded" and line["levelname"] == "INFO" and line["request_id"] == "-"


# ---------------------------------------------------------------------------------------------------------------
# The request id, from a request to the task
# ---------------------------------------------------------------------------------------------------------------


@app.task(name="tests.bdtx.record_request_id")
def record_request_id():
    logging.getLogger("tests.bdtx").warning("inside the task")
    return current_request_id()


def _through_a_request(view, request_id):
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID=request_id)
    return RequestIdMiddleware(view)(request)


def test_the_request_id_goes_into_the_published_task_headers():
    headers = {}
    signals.before_task_publish.send(sender="x", body=None, headers=headers, exchange="", routing_key="")
    assert REQUEST_ID_HEADER not in headers  # no request: nothing to carry

    def view(request):
        signals.before_task_publish.send(sender="x", body=None, headers=headers, exchange="", routing_key="")
        return HttpResponse()

    _through_a_request(view, "req-abc")
    assert headers[REQUEST_ID_HEADER] == "req-abc"


def test_an_eager_task_keeps_the_id_of_the_request_it_runs_in():
    seen = []

    def view(request):
        # An earlier test may have started an in-process worker, which flags joins as blocking: this one is eager.
        seen.append(record_request_id.delay().get(disable_sync_subtasks=False))
        seen.append(current_request_id())
        return HttpResponse()

    _through_a_request(view, "req-eager-1")
    assert seen == ["req-eager-1", "req-eager-1"]


def _redis_up():
    import redis

    try:
        redis.Redis.from_url(REDIS_BROKER, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


def _celery(tmp_path, arguments, redis_url):
    """``python -m celery -A bdtx …`` of this project with LOG_FORMAT=json; its stderr goes to a file."""
    log = tmp_path / f"{arguments[0]}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bdtx.settings.local",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "REDIS_URL": redis_url,
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "BDTX_VAR_DIR": str(tmp_path / "var"),
    }
    with open(log, "w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "bdtx", *arguments],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,  # the banner, not logs
            stderr=stderr,
        )
    return process, log


def _stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _json_lines(text):
    records = []
    for line in text.splitlines():
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError:
                pytest.fail(f"a log line is not JSON: {line!r}\n{text}")
    return records


@pytest.fixture
def worker(tmp_path):
    """A Celery worker of this project (its own queue on the real Redis), LOG_FORMAT=json; its stderr."""
    if not _redis_up():
        pytest.fail("the test needs Redis on 127.0.0.1:6379")
    queue = f"test-logs-{uuid.uuid4().hex}"
    arguments = ["worker", "--pool=solo", "-Q", queue, "-n", f"{queue}@%h"]
    process, log = _celery(
        tmp_path, [*arguments, "--without-gossip", "--without-mingle", "--without-heartbeat"], REDIS_BROKER
    )
    try:
        _wait_for(log, lambda text: "ready." in text, process)
        yield queue, log, process
    finally:
        _stop(process)
        _forget_queue(queue)


def _forget_queue(queue):
    """What kombu left in Redis about the test's queue (database 15 is these tests' own)."""
    import redis

    client = redis.Redis.from_url(REDIS_BROKER)
    for key in client.scan_iter("_kombu.binding.*"):
        members = [member for member in client.smembers(key) if queue.encode() in member]
        if members:
            client.srem(key, *members)
    for key in client.scan_iter(f"*{queue}*"):
        client.delete(key)
    client.delete("_kombu.binding_deadlines")


def _wait_for(log, found, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = log.read_text()
        if found(text):
            return text
        if process.poll() is not None:
            pytest.fail(f"celery stopped:\n{text}")
        time.sleep(0.2)
    pytest.fail(f"celery did not get there in {seconds} s:\n{log.read_text()}")


def test_a_task_queued_by_a_request_logs_with_its_request_id_in_json(worker):
    queue, log, process = worker
    sent = []

    def view(request):
        with app.connection_for_write(REDIS_BROKER) as connection:
            sent.append(app.send_task("bdtx.tasks.ping", queue=queue, connection=connection).id)
        return HttpResponse()

    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        _through_a_request(view, "req-from-the-web-42")
    finally:
        app.conf.task_always_eager = eager
    task_id = sent[0]
    text = _wait_for(log, lambda text: task_id in text and "succeeded" in text, process)

    records = _json_lines(text)
    succeeded = [record for record in records if task_id in record["message"] and "succeeded" in record["message"]]
    assert len(succeeded) == 1, text
    assert succeeded[0]["request_id"] == "req-from-the-web-42"
    assert succeeded[0]["name"] == "celery.app.trace" and succeeded[0]["levelname"] == "INFO"
    # The worker's own lines carry no request's id.
    ready = [record for record in records if record["message"].endswith("ready.")]
    assert ready and ready[0]["request_id"] == "-"


def test_beat_logs_json(tmp_path):
    """Beat on the filesystem broker (nothing queued anywhere shared); without the setup_logging receiver its
    lines come in Celery's own "[date: LEVEL/MainProcess]" format."""
    process, log = _celery(tmp_path, ["beat", "-s", str(tmp_path / "beat-schedule")], "")
    try:
        text = _wait_for(log, lambda text: "beat: Starting..." in text, process)
    finally:
        _stop(process)
    records = _json_lines(text)
    assert [record["name"] for record in records if record["message"] == "beat: Starting..."] == ["celery.beat"]

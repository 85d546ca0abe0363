"""The Celery app: tasks are discovered in each app's tasks.py.

The worker and beat log through Django's ``LOGGING`` (JSON with ``LOG_FORMAT=json``, at ``LOG_LEVEL``: the
``-l`` of the command line no longer applies), and every line a task writes carries the request id of the request
that queued it: the id travels in a message header.
"""

import logging.config
import os

from celery import Celery, Task, signals

from bdtx.middleware import _request_id, current_request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bdtx.settings.local")

# The soft time limit of a task with its own hard limit and no soft one: this share of the hard limit.
SOFT_LIMIT_SHARE = 0.9


class TimeLimitedTask(Task):
    """Every task has a hard time limit (CELERY_TASK_TIME_LIMIT or its own) and a soft one before it: its own, else
    CELERY_TASK_SOFT_TIME_LIMIT, but never past 90 % of the task's hard limit (Celery refuses to queue a task whose
    soft limit is longer than its hard one)."""

    @classmethod
    def bind(cls, app):
        own_soft_limit = cls.soft_time_limit
        super().bind(app)
        if own_soft_limit is None and cls.time_limit:
            share = int(cls.time_limit * SOFT_LIMIT_SHARE)
            cls.soft_time_limit = min(cls.soft_time_limit or share, share)


app = Celery("bdtx", task_cls=TimeLimitedTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The message header that carries the id of the request (or of the task) that queued a task.
REQUEST_ID_HEADER = "bdtx_request_id"
NO_REQUEST = "-"


@app.on_after_configure.connect
def _ensure_queue_folders(sender, **kwargs):
    # The filesystem transport needs its folders before the first message.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)


@signals.celeryd_init.connect  # the worker, before its first warnings
@signals.setup_logging.connect  # the worker and beat: a receiver stops Celery from configuring its own loggers
def use_django_logging(**kwargs):
    """Django's LOGGING applies in the worker and in beat, and Python's warnings (Celery's among them) go through it
    too, as log lines like the others."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    logging.captureWarnings(True)


@signals.before_task_publish.connect
def send_request_id(headers=None, **kwargs):
    """The task carries the id of the request (or the task) queueing it."""
    request_id = current_request_id()
    if headers is not None and request_id != NO_REQUEST:
        headers[REQUEST_ID_HEADER] = request_id


@signals.task_prerun.connect
def restore_request_id(task=None, **kwargs):
    """In the worker, the task's log lines carry that id (an eager task runs inside the request: it has it)."""
    if task is None or task.request.is_eager:
        return
    _request_id.set(getattr(task.request, REQUEST_ID_HEADER, None) or NO_REQUEST)


@signals.task_postrun.connect
def forget_request_id(task=None, **kwargs):
    """The worker's own lines after the task carry no request's id."""
    if task is None or task.request.is_eager:
        return
    _request_id.set(NO_REQUEST)

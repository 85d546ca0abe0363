"""Services for background jobs: create, claim, report progress, succeed, fail, retry, cancel, expire.

Life of a job::

    view ── job_create ──► PENDING ──(on commit)──► run_job(id) ── job_claim ──► RUNNING
         RUNNING ── job_progress … ── job_succeed ──► SUCCEEDED ── job_expire_old ──► EXPIRED
                               └──── job_fail ─────► FAILED        (job_retry: back to PENDING)

Every transition is a conditional UPDATE on the current status (and, while running, on the claim token
of the worker that holds the job), so a double-clicked POST, a redelivered message or a second worker is
a no-op instead of a second file. The result is written to a temporary file on the worker's disk and put into the
storage (``job_storage()``: the private media folder, or an S3 bucket shared by several hosts) only on success: a
failed or interrupted job never leaves a half-written file where a download could find it.
"""

import contextlib
import hashlib
import json
import logging
import mimetypes
import os
import re
import secrets
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath

from botocore.exceptions import BotoCoreError
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import get_in_scope_or_404
from core.errors import DomainError

from . import registry
from .models import Job

logger = logging.getLogger(__name__)

# Errors worth retrying with backoff: the database, the disk or the object store was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError, BotoCoreError)
# A user may have this many unfinished jobs at once.
MAX_ACTIVE_JOBS_PER_USER = 3
# A job whose worker was lost this many times is not tried again (it may be what kills the worker).
MAX_ATTEMPTS = 3
# Progress is written at most this often (seconds); the job page polls every 2 seconds.
PROGRESS_INTERVAL = 1.0
JOBS_DIR = "jobs"
# Uploads waiting for a job to read them (large imports), named by owner and content.
INPUTS_DIR = "job-inputs"
_INPUT_NAME = re.compile(r"\d+-[0-9a-f]{40}\.[a-z0-9]{1,8}")
# A stored result: jobs/<id>/<one name, no folder>.
_STORED_NAME = re.compile(r"jobs/\d+/(?!\.\.?$)[A-Za-z0-9._-]{1,100}")
PART_PREFIX = ".part-"


def _generic_failure():
    return _(
        "Đã có lỗi khi thực hiện việc này nên chưa có tệp nào được tạo. "
        "Hãy bấm “Thử lại”; nếu vẫn lỗi, hãy báo quản trị hệ thống."
    )


def _busy_failure():
    return _("Máy chủ đang bận nên việc chưa làm xong và chưa có tệp nào được tạo. Hãy bấm “Thử lại” sau ít phút.")


class JobError(DomainError):
    """An expected failure, with a Vietnamese message the requester will read.

    ``details`` go to ``Job.details`` for the job page, e.g. the per-row errors of a refused import.
    """

    def __init__(self, message, *, details=None):
        super().__init__(message)
        self.details = details or {}


class JobSuperseded(Exception):
    """This worker no longer holds the job (cancelled, expired claim, taken over): stop quietly."""


def ttl_hours():
    return getattr(settings, "JOB_FILE_TTL_HOURS", 24)


def stale_seconds():
    """How long a running job may stay silent before another worker may take it over."""
    return getattr(settings, "JOB_STALE_SECONDS", 600)


# ---------------------------------------------------------------------------------------------- files
#
# Job files are kept by Django's storage API (``job_storage()``): results under ``jobs/<id>/``, uploads waiting for
# an import under ``job-inputs/``. A handler writes on this host's disk (``job_temp_path``); the file goes into the
# storage under its final name only once it is complete, and the job row names it only after that. On one host the
# storage is the private media folder and storing is a rename; with an S3 bucket it is an upload, after which the
# local copy goes.


def job_storage():
    """The storage of job files: ``STORAGES["default"]``, the private storage (evidence and report scans use it too).

    A local default storage means the private media folder, PRIVATE_MEDIA_ROOT (MEDIA_ROOT is the same folder in every
    settings file; a test may move PRIVATE_MEDIA_ROOT alone); an S3 bucket (STORAGE_BACKEND=s3) is used as it is, so
    every web host serves the files every worker wrote.
    """
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)
    return storage


def _jobs_root():
    """This host's folder of job scratch files (with a local storage, of the stored results too)."""
    return Path(settings.PRIVATE_MEDIA_ROOT) / JOBS_DIR


def _job_dir(job_or_pk):
    pk = job_or_pk if isinstance(job_or_pk, int) else job_or_pk.pk
    return _jobs_root() / str(pk)


def _stored_dir(job_or_pk):
    pk = job_or_pk if isinstance(job_or_pk, int) else job_or_pk.pk
    return f"{JOBS_DIR}/{pk}"


def job_temp_path(*, job, suffix=""):
    """A fresh temporary path on this host's disk for this claim of ``job``: where a handler writes its result."""
    directory = _job_dir(job)
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{PART_PREFIX}{job.claim_token or 'x'}-{secrets.token_hex(4)}{suffix}"


def job_file_name(job):
    """The stored name of the job's result file in ``job_storage()``, or None (a name not under its folder too)."""
    name = job.file_path
    if not name or not _STORED_NAME.fullmatch(name) or not name.startswith(_stored_dir(job) + "/"):
        return None
    return name


def job_file_path(job):
    """The result file's path on this host's disk when the storage is the local folder (else None), for scripts."""
    name = job_file_name(job)
    if name is None:
        return None
    try:
        return Path(job_storage().path(name))
    except NotImplementedError:
        return None


class _FinishedFile(File):
    """A complete file on this host's disk, to be stored: a local storage moves it into place (a rename on the same
    disk) instead of copying it; an object store uploads it."""

    def temporary_file_path(self):
        return self.file.name


def _store_file(storage, name, path):
    """Put the complete local file ``path`` into ``storage`` as ``name``; returns the stored name (the storage may add
    a suffix when the name is taken). Nothing appears under a stored name before the file is whole."""
    with open(path, "rb") as handle:
        return storage.save(name, _FinishedFile(handle))


def _stored_entries(storage, folder):
    """(folders, files) in ``folder`` of ``storage``; both empty when it does not exist."""
    try:
        return storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return [], []


def _remove_files(directory, keep=None):
    """Empty this host's ``directory`` but for the file called ``keep``, and remove it when it is empty."""
    if not directory.is_dir():
        return
    for entry in directory.iterdir():
        if entry.name != keep:
            with contextlib.suppress(FileNotFoundError):
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
    with contextlib.suppress(OSError):
        directory.rmdir()


def _clear_job_files(job_or_pk, keep=None):
    """Delete the job's files, stored and local, except the stored file called ``keep``."""
    storage = job_storage()
    folder = _stored_dir(job_or_pk)
    for entry in _stored_entries(storage, folder)[1]:
        if f"{folder}/{entry}" != keep:
            storage.delete(f"{folder}/{entry}")
    _remove_files(_job_dir(job_or_pk), keep=PurePosixPath(keep).name if keep else None)


def _discard_parts(job):
    """Remove the temporary files of this claim only (another claim may be writing its own)."""
    directory = _job_dir(job)
    if not directory.is_dir() or not job.claim_token:
        return
    for entry in directory.glob(f"{PART_PREFIX}{job.claim_token}-*"):
        entry.unlink(missing_ok=True)


def _fsync(path):
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


# -------------------------------------------------------------------------------------------- inputs


def _inputs_root():
    """This host's folder of uploads being received (with a local storage, of the stored uploads too)."""
    return Path(settings.PRIVATE_MEDIA_ROOT) / INPUTS_DIR


def _stored_input_name(name):
    """The stored name of the upload called ``name`` (a job parameter, so untrusted), or None."""
    if not isinstance(name, str) or not _INPUT_NAME.fullmatch(name):
        return None
    return f"{INPUTS_DIR}/{name}"


def job_input_store(*, user, upload, suffix=".xlsx"):
    """Keep an uploaded file for a job to read; returns the name to put in ``job.params``.

    The name comes from the owner and the content, so uploading the same file twice while the first job is
    unfinished finds that job (``job_create`` compares the parameters) instead of importing it twice.
    """
    digest = hashlib.sha1(usedforsecurity=False)
    root = _inputs_root()
    root.mkdir(parents=True, exist_ok=True)
    part = root / f"{PART_PREFIX}{secrets.token_hex(8)}"
    try:
        with open(part, "wb") as handle:
            for chunk in upload.chunks():
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        name = f"{user.pk}-{digest.hexdigest()}{suffix}"
        stored = _stored_input_name(name)
        storage = job_storage()
        # The same owner's same bytes are kept already (a job of theirs has not read them yet): one copy.
        if not storage.exists(stored):
            saved = _store_file(storage, stored, part)
            if saved != stored:  # the same file sent twice at once: the other copy is there
                storage.delete(saved)
    finally:
        part.unlink(missing_ok=True)
    return name


def job_input_open(name):
    """The stored upload called ``name`` (a job parameter, so untrusted) open for reading, or None."""
    stored = _stored_input_name(name)
    if stored is None:
        return None
    try:
        return job_storage().open(stored, "rb")
    except FileNotFoundError:
        return None


def job_input_discard(name):
    stored = _stored_input_name(name)
    if stored is not None:
        job_storage().delete(stored)


def _sweep_inputs(*, now):
    """Uploads older than the file lifetime: their jobs are long finished (or will say to upload again)."""
    limit = now - timedelta(hours=ttl_hours())
    storage = job_storage()
    for entry in _stored_entries(storage, INPUTS_DIR)[1]:
        with contextlib.suppress(FileNotFoundError):
            if storage.get_modified_time(f"{INPUTS_DIR}/{entry}") < limit:
                storage.delete(f"{INPUTS_DIR}/{entry}")
    # Uploads this host was receiving when it stopped (with a local storage, already swept above).
    root = _inputs_root()
    if root.is_dir():
        for entry in root.glob(f"{PART_PREFIX}*"):
            with contextlib.suppress(FileNotFoundError):
                if entry.stat().st_mtime < limit.timestamp():
                    entry.unlink()


# --------------------------------------------------------------------------------------------- reads


def jobs_for_user(*, user):
    """The user's own jobs, newest first. Nobody sees anyone else's jobs, whatever the role."""
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(requester=user).select_related("scope_unit")


def job_get_for_user(*, user, pk):
    """The requester's job; 404 for everyone else."""
    return get_in_scope_or_404(jobs_for_user(user=user), pk)


# -------------------------------------------------------------------------------------------- writes


def _params_key(kind, params):
    text = json.dumps({"kind": kind, "params": params}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _enqueue(job_id):
    """Send the task once the job row is committed; a broker outage leaves the job pending for the janitor."""
    from .tasks import run_job

    transaction.on_commit(lambda: run_job.delay(job_id), robust=True)


def job_create(*, user, kind, params, scope_unit=None, title=""):
    """Record a job for ``user`` and enqueue it after commit.

    The same request again while the first is unfinished returns the job under way instead of a second one.
    """
    if registry.get_kind(kind) is None:
        raise JobError(_("Không có loại việc này."))
    try:
        params = json.loads(json.dumps(params or {}))
    except (TypeError, ValueError) as error:
        raise ValueError(f"Job parameters must be JSON: {error}") from error
    key = _params_key(kind, params)
    with transaction.atomic():
        # One request of this user at a time from here to commit: the count below then sees the jobs the others
        # just created (on PostgreSQL ten simultaneous requests all counted fewer than the cap and made 7 jobs).
        # The user's row is the lock; SQLite's write transactions are serialised already (IMMEDIATE mode).
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        active = Job.objects.filter(requester=user, status__in=Job.ACTIVE)
        existing = active.filter(kind=kind, params_key=key).order_by("-created_at").first()
        if existing is not None:
            return existing
        if active.count() >= MAX_ACTIVE_JOBS_PER_USER:
            raise JobError(
                _(
                    "Bạn đang có %(n)s việc chưa xong. Hãy đợi một việc xong (xem “Tệp xuất, nhập của tôi”) rồi "
                    "tạo việc mới."
                )
                % {"n": MAX_ACTIVE_JOBS_PER_USER}
            )
        now = timezone.now()
        job = Job.objects.create(
            requester=user,
            scope_unit=scope_unit,
            kind=kind,
            title=title[:255],
            params=params,
            params_key=key,
            created_at=now,
            heartbeat_at=now,
        )
        _enqueue(job.pk)
    return job


def job_claim(*, job_id, task_id=""):
    """Take the job for this worker: a conditional UPDATE, so only one worker ever holds it.

    Allowed from PENDING; from RUNNING only when this is the same Celery message delivered again (its worker
    was lost: ``acks_late``) or when the job has been silent longer than ``stale_seconds()``. The job then
    starts again from scratch. Returns the claimed job, or None when someone else has it or it is finished.
    """
    now = timezone.now()
    takeover = Q(status=Job.Status.RUNNING, heartbeat_at__lt=now - timedelta(seconds=stale_seconds()))
    if task_id:
        takeover |= Q(status=Job.Status.RUNNING, task_id=task_id)
    token = secrets.token_hex(16)
    claimed = Job.objects.filter(Q(pk=job_id) & (Q(status=Job.Status.PENDING) | takeover)).update(
        status=Job.Status.RUNNING,
        task_id=task_id or "",
        claim_token=token,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        done=0,
        total=None,
        message="",
        details={},
    )
    if not claimed:
        return None
    return Job.objects.select_related("requester", "scope_unit").get(pk=job_id)


def job_progress(*, job, done, total=None):
    """Record progress (and a heartbeat); raises JobSuperseded when this worker no longer holds the job."""
    values = {"done": max(0, int(done)), "heartbeat_at": timezone.now()}
    if total is not None:
        values["total"] = max(0, int(total))
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, claim_token=job.claim_token).update(**values)
    if not updated:
        raise JobSuperseded
    job.done = values["done"]
    job.total = values.get("total", job.total)


class ProgressReporter:
    """The ``progress(done, total)`` callable handed to job handlers; writes at most once a second."""

    def __init__(self, job, interval=PROGRESS_INTERVAL):
        self.job = job
        self.interval = interval
        self._last = None

    def __call__(self, done, total=None):
        # The last figures are kept on the job even when not written, for job_succeed.
        self.job.done = max(0, int(done))
        if total is not None:
            self.job.total = max(0, int(total))
        now = time.monotonic()
        finished = total is not None and done >= total
        if self._last is not None and now - self._last < self.interval and not finished:
            return
        self._last = now
        job_progress(job=self.job, done=done, total=total)


def job_succeed(*, job, filename, content, message=""):
    """Store the result and mark the job done, with ``message`` for the job page.

    ``content`` is the file's bytes, or the path of a file the handler wrote on this host's disk (it is moved into
    the storage: renamed when the storage is this disk, uploaded to an object store), or None for a job whose result
    is in the database (an import). Raises JobSuperseded, and keeps no file, when this worker no longer holds the job.
    """
    now = timezone.now()
    stored, file_fields = None, {}
    if content is not None:
        stored, download_name, size = _store_result(job=job, filename=filename, content=content)
        file_fields = {
            "file_path": stored,
            "file_name": download_name[:255],
            "file_size": size,
            "content_type": mimetypes.guess_type(download_name)[0] or "application/octet-stream",
            "expires_at": now + timedelta(hours=ttl_hours()),
        }
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, claim_token=job.claim_token).update(
        status=Job.Status.SUCCEEDED,
        done=job.done,
        total=job.total,
        message=str(message)[:2000],
        heartbeat_at=now,
        finished_at=now,
        **file_fields,
    )
    if not updated:
        if stored is not None:
            job_storage().delete(stored)
        raise JobSuperseded
    # Leftovers of earlier, interrupted claims go: one job, one file (or none).
    _clear_job_files(job, keep=stored)
    job.refresh_from_db()
    return job


def _store_result(*, job, filename, content):
    """(stored name, download name, size): the result, complete on this host's disk, put into the storage."""
    download_name = Path(str(filename)).name or "ket-qua"
    extension = Path(download_name).suffix.lower()[:16]
    if isinstance(content, bytes | bytearray | memoryview):
        source = job_temp_path(job=job, suffix=extension)
        with open(source, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    else:
        source = Path(content)
        _fsync(source)
    size = source.stat().st_size
    try:
        stored = _store_file(job_storage(), f"{_stored_dir(job)}/{secrets.token_hex(8)}{extension}", source)
    finally:
        source.unlink(missing_ok=True)  # moved already when the storage is this disk
    return stored, download_name, size


def job_fail(*, job, message, details=None):
    """Mark an unfinished job failed with a message (and ``details``) for the requester; remove any partial file.

    Returns False (and changes nothing) when the job is already finished or held by another claim.
    """
    now = timezone.now()
    condition = Q(pk=job.pk, status__in=Job.ACTIVE)
    if job.claim_token:
        condition &= Q(claim_token=job.claim_token)
    updated = Job.objects.filter(condition).update(
        status=Job.Status.FAILED,
        message=str(message)[:2000],
        details=details or {},
        file_path="",
        file_size=None,
        finished_at=now,
        heartbeat_at=now,
        claim_token="",
    )
    if updated:
        _clear_job_files(job)
        job.refresh_from_db()
    return bool(updated)


def job_cancel(*, job):
    """Stop an unfinished job; its worker notices at its next progress report and keeps nothing."""
    now = timezone.now()
    updated = Job.objects.filter(pk=job.pk, status__in=Job.ACTIVE).update(
        status=Job.Status.CANCELLED,
        message=_("Đã huỷ theo yêu cầu."),
        claim_token="",
        finished_at=now,
        heartbeat_at=now,
    )
    if not updated:
        raise JobError(_("Việc này đã kết thúc nên không huỷ được."))
    job.refresh_from_db()
    return job


def job_retry(*, job):
    """Run a failed, cancelled or expired job again from scratch."""
    now = timezone.now()
    retryable = (Job.Status.FAILED, Job.Status.CANCELLED, Job.Status.EXPIRED)
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, status__in=retryable).update(
            status=Job.Status.PENDING,
            message="",
            details={},
            done=0,
            total=None,
            file_path="",
            file_name="",
            file_size=None,
            task_id="",
            claim_token="",
            attempts=0,
            started_at=None,
            finished_at=None,
            expires_at=None,
            heartbeat_at=now,
        )
        if not updated:
            raise JobError(_("Việc này đang chạy hoặc đã xong nên không cần chạy lại."))
        _enqueue(job.pk)
    job.refresh_from_db()
    return job


def job_expire_old(*, now=None):
    """Delete result files past their expiry; the jobs stay listed as “Đã hết hạn”. Returns how many."""
    now = now or timezone.now()
    expired = 0
    for pk in Job.objects.filter(status=Job.Status.SUCCEEDED, expires_at__lte=now).values_list("pk", flat=True):
        updated = Job.objects.filter(pk=pk, status=Job.Status.SUCCEEDED).update(
            status=Job.Status.EXPIRED, file_path="", file_size=None
        )
        if updated:
            _clear_job_files(pk)
            expired += 1
    _sweep_orphans(now=now)
    _sweep_inputs(now=now)
    return expired


def _sweep_orphans(*, now):
    """Files of jobs that are gone, failed or expired (a crash between two steps can leave some), stored or on this
    host's disk, once untouched for ``stale_seconds()``."""
    storage = job_storage()
    folders = set(_stored_entries(storage, JOBS_DIR)[0])
    if _jobs_root().is_dir():
        folders.update(entry.name for entry in _jobs_root().iterdir() if entry.is_dir())
    pks = {int(name) for name in folders if name.isdigit()}
    if not pks:
        return
    keep = set(
        Job.objects.filter(pk__in=list(pks), status__in=(*Job.ACTIVE, Job.Status.SUCCEEDED)).values_list(
            "pk", flat=True
        )
    )
    grace = now - timedelta(seconds=stale_seconds())
    for pk in pks - keep:
        if _last_written(storage, pk) < grace:
            _clear_job_files(pk)


def _last_written(storage, pk):
    """When a file of job ``pk`` was last written, in the storage or in its folder on this host's disk."""
    times = [datetime.min.replace(tzinfo=UTC)]
    folder = _stored_dir(pk)
    for entry in _stored_entries(storage, folder)[1]:
        with contextlib.suppress(FileNotFoundError):
            times.append(storage.get_modified_time(f"{folder}/{entry}"))
    with contextlib.suppress(FileNotFoundError):
        times.append(datetime.fromtimestamp(_job_dir(pk).stat().st_mtime, tz=UTC))
    return max(times)


def job_requeue_stale(*, now=None):
    """Send again the jobs nobody is working on (lost message, dead worker); fail those lost too often."""
    now = now or timezone.now()
    silent = Job.objects.filter(status__in=Job.ACTIVE, heartbeat_at__lt=now - timedelta(seconds=stale_seconds()))
    requeued = 0
    for job in silent.only("pk", "status", "attempts", "claim_token")[:500]:
        if job.status == Job.Status.RUNNING and job.attempts >= MAX_ATTEMPTS:
            job_fail(job=job, message=_generic_failure())
            continue
        _enqueue(job.pk)
        requeued += 1
    return requeued


# -------------------------------------------------------------------------------------------- runner


def _still_holds(job):
    return Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, claim_token=job.claim_token).exists()


def job_run(*, job_id, task_id="", final_attempt=True):
    """Claim the job and run its handler. Called by the Celery task; returns the job, or None when skipped.

    Transient errors are re-raised for the task to retry (unless ``final_attempt``), everything else marks
    the job failed with a Vietnamese message. A job already finished, or held by a live worker, is skipped.
    """
    job = job_claim(job_id=job_id, task_id=task_id)
    if job is None:
        logger.info("job %s not claimed (finished, missing or held by another worker)", job_id)
        return None
    if job.attempts > MAX_ATTEMPTS:
        job_fail(job=job, message=_generic_failure())
        return job
    kind = registry.get_kind(job.kind)
    if kind is None:
        job_fail(job=job, message=_("Loại việc này không còn được hỗ trợ."))
        return job
    if not job.requester.is_active:
        job_fail(job=job, message=_("Tài khoản yêu cầu việc này đã bị khoá."))
        return job
    try:
        filename, content, *message = kind.handler(job, ProgressReporter(job))
        return job_succeed(job=job, filename=filename, content=content, message=message[0] if message else "")
    except JobSuperseded:
        _discard_parts(job)
        logger.info("job %s was cancelled or taken over; stopping", job_id)
        return None
    except Exception as error:
        _discard_parts(job)
        # A worker that lost the job (cancelled, taken over) stops here, without retrying or failing it.
        try:
            holds = _still_holds(job)
        except TRANSIENT_ERRORS:
            if not final_attempt:
                raise
            holds = True
        if not holds:
            logger.info("job %s was cancelled or taken over during an error; stopping", job_id)
            return None
        if isinstance(error, TRANSIENT_ERRORS) and not final_attempt:
            raise  # the task retries with backoff; the same message reclaims the job
        details = None
        if isinstance(error, JobError):
            message, details = str(error), error.details
        elif isinstance(error, TRANSIENT_ERRORS):
            logger.warning("job %s gave up after transient errors", job_id, exc_info=True)
            message = _busy_failure()
        else:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            message = _generic_failure()
        job_fail(job=job, message=message, details=details)
        return job

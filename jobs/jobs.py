"""Services for background jobs: create, claim, report progress, succeed, fail, retry, cancel, expire.

Life of a job::

    view ── job_create ──► PENDING ──(on commit)──► run_job(id) ── job_claim ──► RUNNING
         RUNNING ── job_progress … ── job_succeed ──► SUCCEEDED ── job_expire_old ──► EXPIRED
                               └──── job_fail ─────► FAILED        (job_retry: back to PENDING)

Every transition is a conditional UPDATE on the current status (and, while running, on the claim token
of the worker that holds the job), so a double-clicked POST, a redelivered message or a second worker is
a no-op instead of a second file. The result is written to a temporary file next to its final place and
moved in with ``os.replace`` only on success: a failed or interrupted job never leaves a half-written file.
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
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import get_in_scope_or_404
from core.errors import DomainError

from . import registry
from .models import Job

logger = logging.getLogger(__name__)

# Errors worth retrying with backoff: the database or the disk was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
# A user may have this many unfinished jobs at once.
MAX_ACTIVE_JOBS_PER_USER = 3
# A job whose worker was lost this many times is not tried again (it may be what kills the worker).
MAX_ATTEMPTS = 3
# Progress is written at most this often (seconds); the job page polls every 2 seconds.
PROGRESS_INTERVAL = 1.0
JOBS_DIR = "jobs"
# Uploads waiting for a job to read them (large imports), named by owner and content.
INPUTS_DIR = "job-inputs"
_INPUT_NAME = re.compile(r"^\d+-[0-9a-f]{40}\.[a-z0-9]{1,8}$")
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


def _jobs_root():
    return Path(settings.PRIVATE_MEDIA_ROOT) / JOBS_DIR


def _job_dir(job_or_pk):
    pk = job_or_pk if isinstance(job_or_pk, int) else job_or_pk.pk
    return _jobs_root() / str(pk)


def job_temp_path(*, job, suffix=""):
    """A fresh temporary path for this claim of ``job``, on the same disk as the final file."""
    directory = _job_dir(job)
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{PART_PREFIX}{job.claim_token or 'x'}-{secrets.token_hex(4)}{suffix}"


def job_file_path(job):
    """Absolute path of the job's result file, or None."""
    if not job.file_path:
        return None
    root = _jobs_root().resolve()
    path = (Path(settings.PRIVATE_MEDIA_ROOT) / job.file_path).resolve()
    if root not in path.parents:
        return None
    return path


def _remove_files(directory, keep=None):
    if not directory.is_dir():
        return
    for entry in directory.iterdir():
        if entry.name != keep:
            with contextlib.suppress(FileNotFoundError):
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
    if keep is None:
        with contextlib.suppress(OSError):
            directory.rmdir()


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
    return Path(settings.PRIVATE_MEDIA_ROOT) / INPUTS_DIR


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
        os.replace(part, root / name)
    finally:
        part.unlink(missing_ok=True)
    return name


def job_input_path(name):
    """The stored upload called ``name`` (a job parameter, so untrusted), or None."""
    if not isinstance(name, str) or not _INPUT_NAME.match(name):
        return None
    path = _inputs_root() / name
    return path if path.is_file() else None


def job_input_discard(name):
    path = job_input_path(name)
    if path is not None:
        path.unlink(missing_ok=True)


def _sweep_inputs(*, now):
    """Uploads older than the file lifetime: their jobs are long finished (or will say to upload again)."""
    root = _inputs_root()
    if not root.is_dir():
        return
    limit = now.timestamp() - ttl_hours() * 3600
    for entry in root.iterdir():
        with contextlib.suppress(FileNotFoundError):
            if entry.is_file() and entry.stat().st_mtime < limit:
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
    """Move the result into place and mark the job done, with ``message`` for the job page.

    ``content`` is the file's bytes, or the path of a file the handler wrote (it is moved, not copied, when
    it is on the same disk), or None for a job whose result is in the database (an import). Raises
    JobSuperseded, and keeps no file, when this worker no longer holds the job.
    """
    now = timezone.now()
    final, file_fields = None, {}
    if content is not None:
        final, download_name = _place_result(job=job, filename=filename, content=content)
        file_fields = {
            "file_path": final.relative_to(Path(settings.PRIVATE_MEDIA_ROOT)).as_posix(),
            "file_name": download_name[:255],
            "file_size": final.stat().st_size,
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
        if final is not None:
            final.unlink(missing_ok=True)
        raise JobSuperseded
    # Leftovers of earlier, interrupted claims go: one job, one file (or none).
    _remove_files(_job_dir(job), keep=final.name if final is not None else None)
    job.refresh_from_db()
    return job


def _place_result(*, job, filename, content):
    """(final path, download name): the result written or moved next to its final place, then renamed into it."""
    directory = _job_dir(job)
    directory.mkdir(parents=True, exist_ok=True)
    download_name = Path(str(filename)).name or "ket-qua"
    extension = Path(download_name).suffix.lower()[:16]
    final = directory / f"{secrets.token_hex(8)}{extension}"
    if isinstance(content, bytes | bytearray | memoryview):
        part = job_temp_path(job=job, suffix=extension)
        with open(part, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, final)
    else:
        source = Path(content)
        if source.resolve().parent == directory.resolve():
            _fsync(source)
            os.replace(source, final)
        else:
            part = job_temp_path(job=job, suffix=extension)
            shutil.copyfile(source, part)
            _fsync(part)
            os.replace(part, final)
            source.unlink(missing_ok=True)
    return final, download_name


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
        _remove_files(_job_dir(job))
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
            _remove_files(_job_dir(pk))
            expired += 1
    _sweep_orphans(now=now)
    _sweep_inputs(now=now)
    return expired


def _sweep_orphans(*, now):
    """Folders of jobs that are gone, failed or expired (a crash between two steps can leave one)."""
    root = _jobs_root()
    if not root.is_dir():
        return
    folders = {int(entry.name): entry for entry in root.iterdir() if entry.is_dir() and entry.name.isdigit()}
    if not folders:
        return
    keep = set(
        Job.objects.filter(pk__in=list(folders), status__in=(*Job.ACTIVE, Job.Status.SUCCEEDED)).values_list(
            "pk", flat=True
        )
    )
    grace = now.timestamp() - stale_seconds()
    for pk, folder in folders.items():
        if pk not in keep and folder.stat().st_mtime < grace:
            _remove_files(folder)


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

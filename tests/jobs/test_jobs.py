"""Job services and the run_job task: lifecycle, claiming, failures, retries after a crash, expiry."""

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from jobs import jobs, registry
from jobs.models import Job
from jobs.tasks import expire_jobs, run_job

from .conftest import TEST_KIND, job_files, make_job

pytestmark = pytest.mark.django_db


def test_lifecycle_create_claim_progress_succeed(cast, django_capture_on_commit_callbacks):
    user = cast.teacher_a1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.job_create(user=user, kind=TEST_KIND, params={"a": 1}, scope_unit=user.unit, title="Thử")
    assert len(callbacks) == 1  # enqueued after commit, not before
    assert job.status == Job.Status.PENDING and job.percent == 0

    claimed = jobs.job_claim(job_id=job.pk, task_id="task-1")
    assert claimed.status == Job.Status.RUNNING
    assert claimed.attempts == 1 and claimed.claim_token

    jobs.job_progress(job=claimed, done=30, total=120)
    job.refresh_from_db()
    assert (job.done, job.total, job.percent) == (30, 120, 25)

    jobs.job_succeed(job=claimed, filename="bao-cao.txt", content="Dữ liệu".encode())
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.percent == 100
    assert job.file_name == "bao-cao.txt" and job.content_type == "text/plain"
    assert jobs.job_file_path(job).read_bytes() == "Dữ liệu".encode()
    assert job.file_size == len("Dữ liệu".encode())
    assert job.expires_at - job.finished_at == datetime.timedelta(hours=24)
    assert job_files(job) == [jobs.job_file_path(job).name]


def test_expiry_follows_the_setting(cast, settings):
    settings.JOB_FILE_TTL_HOURS = 2
    job = make_job(cast.teacher_a1)
    claimed = jobs.job_claim(job_id=job.pk)
    jobs.job_succeed(job=claimed, filename="a.txt", content=b"x")
    job.refresh_from_db()
    assert job.expires_at - job.finished_at == datetime.timedelta(hours=2)


def test_claiming_twice_is_refused(cast):
    job = make_job(cast.teacher_a1)
    first = jobs.job_claim(job_id=job.pk, task_id="task-1")
    assert first is not None
    assert jobs.job_claim(job_id=job.pk, task_id="task-2") is None
    assert jobs.job_claim(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.claim_token == first.claim_token and job.attempts == 1


def test_the_same_message_delivered_again_reclaims_the_job(cast):
    """acks_late: a message redelivered after its worker died carries the same task id."""
    job = make_job(cast.teacher_a1)
    first = jobs.job_claim(job_id=job.pk, task_id="task-1")
    second = jobs.job_claim(job_id=job.pk, task_id="task-1")
    assert second is not None and second.claim_token != first.claim_token and second.attempts == 2
    with pytest.raises(jobs.JobSuperseded):
        jobs.job_progress(job=first, done=1, total=2)


def test_a_silent_running_job_can_be_taken_over(cast, settings):
    settings.JOB_STALE_SECONDS = 600
    job = make_job(cast.teacher_a1)
    jobs.job_claim(job_id=job.pk, task_id="task-1")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(seconds=601))
    assert jobs.job_claim(job_id=job.pk, task_id="task-2") is not None


def test_finished_jobs_cannot_be_claimed(cast):
    for status in (Job.Status.SUCCEEDED, Job.Status.FAILED, Job.Status.CANCELLED, Job.Status.EXPIRED):
        job = make_job(cast.teacher_a1, status=status, task_id="task-1")
        assert jobs.job_claim(job_id=job.pk, task_id="task-1") is None


def test_fail_keeps_the_message_and_no_file(cast):
    job = make_job(cast.teacher_a1)
    claimed = jobs.job_claim(job_id=job.pk)
    partial = jobs.job_temp_path(job=claimed, suffix=".xlsx")
    partial.write_bytes(b"PK half")
    assert jobs.job_fail(job=claimed, message="Không đọc được dữ liệu.") is True
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message == "Không đọc được dữ liệu."
    assert job_files(job) == [] and not job.is_downloadable
    # Failing a finished job changes nothing.
    assert jobs.job_fail(job=job, message="khác") is False


def test_a_double_clicked_request_returns_the_job_under_way(cast):
    user = cast.teacher_a1
    first = jobs.job_create(user=user, kind=TEST_KIND, params={"q": "an", "unit": 1})
    again = jobs.job_create(user=user, kind=TEST_KIND, params={"unit": 1, "q": "an"})
    other = jobs.job_create(user=user, kind=TEST_KIND, params={"q": "bình"})
    assert again.pk == first.pk and other.pk != first.pk
    assert Job.objects.filter(requester=user).count() == 2


def test_too_many_unfinished_jobs_are_refused(cast):
    user = cast.teacher_a1
    for number in range(jobs.MAX_ACTIVE_JOBS_PER_USER):
        jobs.job_create(user=user, kind=TEST_KIND, params={"n": number})
    with pytest.raises(jobs.JobError, match="chưa xong"):
        jobs.job_create(user=user, kind=TEST_KIND, params={"n": "one more"})
    # Someone else is not affected.
    jobs.job_create(user=cast.teacher_a2, kind=TEST_KIND, params={})


def test_unknown_kind_is_refused(cast):
    with pytest.raises(jobs.JobError):
        jobs.job_create(user=cast.teacher_a1, kind="no_such_kind", params={})


def test_a_kind_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="already registered"):

        @registry.job_handler(TEST_KIND)
        def another(job, progress):
            return "x.txt", b""


# ---------------------------------------------------------------------------------------------- task


def test_the_task_runs_the_handler(cast, test_job_behaviour):
    job = make_job(cast.teacher_a1)
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert jobs.job_file_path(job).read_text(encoding="utf-8") == "Xin chào, Việt Nam"
    assert (job.done, job.total) == (2, 2)


def test_a_succeeded_job_is_not_run_again(cast, test_job_behaviour):
    job = make_job(cast.teacher_a1)
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    before = (job.file_path, job.finished_at, job.attempts)
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert (job.file_path, job.finished_at, job.attempts) == before
    assert test_job_behaviour["calls"] == 1
    assert len(job_files(job)) == 1


def test_a_job_whose_worker_died_is_rerun_from_scratch(cast, test_job_behaviour):
    """Simulated crash: RUNNING, a half-written temporary file, no result, no sign of life for an hour."""
    job = make_job(cast.teacher_a1)
    crashed = jobs.job_claim(job_id=job.pk, task_id="dead-worker")
    jobs.job_temp_path(job=crashed, suffix=".txt").write_bytes(b"half")
    Job.objects.filter(pk=job.pk).update(done=1, total=2, heartbeat_at=timezone.now() - datetime.timedelta(hours=1))

    run_job.apply(args=[job.pk])

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2
    assert job_files(job) == [jobs.job_file_path(job).name]  # one file, the partial one is gone
    assert jobs.job_file_path(job).read_text(encoding="utf-8") == "Xin chào, Việt Nam"


def test_a_redelivered_message_reruns_its_job_at_once(cast, test_job_behaviour):
    job = make_job(cast.teacher_a1)
    jobs.job_claim(job_id=job.pk, task_id="message-7")  # the worker died right after claiming
    run_job.apply(args=[job.pk], task_id="message-7")
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and len(job_files(job)) == 1


def test_a_job_held_by_a_live_worker_is_left_alone(cast, test_job_behaviour):
    job = make_job(cast.teacher_a1)
    jobs.job_claim(job_id=job.pk, task_id="alive")
    run_job.apply(args=[job.pk], task_id="another")
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and "calls" not in test_job_behaviour


def test_an_expected_error_shows_its_message(cast, test_job_behaviour):
    def refuse(job, progress):
        jobs.job_temp_path(job=job, suffix=".txt").write_bytes(b"half")
        raise jobs.JobError("Đơn vị đã chọn không còn thuộc phạm vi của bạn.")

    test_job_behaviour["action"] = refuse
    job = make_job(cast.teacher_a1)
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Đơn vị đã chọn không còn thuộc phạm vi của bạn."
    assert job_files(job) == []


def test_a_bug_shows_a_generic_vietnamese_message_and_no_file(cast, test_job_behaviour, caplog):
    def crash(job, progress):
        jobs.job_temp_path(job=job, suffix=".txt").write_bytes(b"half")
        raise RuntimeError("boom")

    test_job_behaviour["action"] = crash
    job = make_job(cast.teacher_a1)
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Thử lại" in job.message and "boom" not in job.message
    assert job_files(job) == []
    assert "boom" in caplog.text


def test_transient_errors_are_retried_with_the_same_message(cast, test_job_behaviour):
    def flaky(job, progress):
        if test_job_behaviour["calls"] == 1:
            raise OperationalError("database is locked")
        return None

    test_job_behaviour["action"] = flaky
    job = make_job(cast.teacher_a1)
    # throw=False: Celery then runs the eager retry itself (the test settings propagate exceptions otherwise).
    run_job.apply(args=[job.pk], throw=False)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert test_job_behaviour["calls"] == 2 and job.attempts == 2
    assert len(job_files(job)) == 1


def test_transient_errors_on_the_last_attempt_fail_the_job(cast, test_job_behaviour):
    def locked(job, progress):
        raise OperationalError("database is locked")

    test_job_behaviour["action"] = locked
    job = make_job(cast.teacher_a1)
    with pytest.raises(OperationalError):
        jobs.job_run(job_id=job.pk, task_id="t", final_attempt=False)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # left for the retry, which reclaims it by task id
    jobs.job_run(job_id=job.pk, task_id="t", final_attempt=True)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "bận" in job.message


def test_a_cancelled_job_stops_at_its_next_progress_and_keeps_nothing(cast, test_job_behaviour):
    def cancel_midway(job, progress):
        path = jobs.job_temp_path(job=job, suffix=".txt")
        path.write_bytes(b"half")
        jobs.job_cancel(job=Job.objects.get(pk=job.pk))
        progress(2, 2)  # the worker notices here
        return "x.txt", path

    test_job_behaviour["action"] = cancel_midway
    job = make_job(cast.teacher_a1)
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED and job_files(job) == []


def test_a_job_of_a_locked_account_fails(cast, test_job_behaviour):
    user = cast.teacher_a1
    job = make_job(user)
    user.is_active = False
    user.save()
    run_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "khoá" in job.message


def test_retry_runs_a_failed_job_again(cast, test_job_behaviour, django_capture_on_commit_callbacks):
    job = make_job(cast.teacher_a1, status=Job.Status.FAILED, message="Lỗi cũ")
    with django_capture_on_commit_callbacks(execute=True):
        jobs.job_retry(job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.message == ""
    with pytest.raises(jobs.JobError):
        jobs.job_retry(job=job)


# -------------------------------------------------------------------------------------------- expiry


def _succeeded(user):
    job = make_job(user)
    claimed = jobs.job_claim(job_id=job.pk)
    return jobs.job_succeed(job=claimed, filename="a.xlsx", content=b"PK data")


def test_expired_files_are_deleted_and_the_job_says_so(cast):
    old, fresh = _succeeded(cast.teacher_a1), _succeeded(cast.teacher_a1)
    old_path = jobs.job_file_path(old)
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert jobs.job_expire_old() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == Job.Status.EXPIRED and old.display_status == "Đã hết hạn"
    assert not old_path.exists() and job_files(old) == [] and not old.is_downloadable
    assert fresh.status == Job.Status.SUCCEEDED and jobs.job_file_path(fresh).exists()


def test_a_job_past_its_expiry_is_expired_before_the_janitor_runs(cast):
    job = _succeeded(cast.teacher_a1)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    job.refresh_from_db()
    assert job.is_expired and not job.is_downloadable and job.display_status == "Đã hết hạn"


def test_the_janitor_task_expires_and_requeues(cast, settings, test_job_behaviour, django_capture_on_commit_callbacks):
    settings.JOB_STALE_SECONDS = 60
    expired = _succeeded(cast.teacher_a1)
    Job.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    lost = make_job(cast.teacher_a2, heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    waiting = make_job(cast.teacher_b1, heartbeat_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        result = expire_jobs.apply().get()
    assert result == {"expired": 1, "requeued": 1}
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.status == Job.Status.SUCCEEDED and waiting.status == Job.Status.PENDING


def test_a_job_lost_too_often_is_failed_not_requeued(cast, settings):
    settings.JOB_STALE_SECONDS = 60
    job = make_job(
        cast.teacher_a1,
        status=Job.Status.RUNNING,
        attempts=jobs.MAX_ATTEMPTS,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert jobs.job_requeue_stale() == 0
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message


def test_the_command_expires_files(cast):
    from django.core.management import call_command

    job = _succeeded(cast.teacher_a1)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("expire_jobs", "--no-requeue")
    job.refresh_from_db()
    assert job.status == Job.Status.EXPIRED


def test_a_worker_that_lost_the_job_does_not_retry_or_fail_it(cast, test_job_behaviour):
    """A slow worker whose job was taken over meets an error: it must leave the new holder alone."""

    def taken_over_then_error(job, progress):
        Job.objects.filter(pk=job.pk).update(claim_token="someone-else")
        raise OSError("the temporary file vanished")

    test_job_behaviour["action"] = taken_over_then_error
    job = make_job(cast.teacher_a1)
    assert jobs.job_run(job_id=job.pk, task_id="slow", final_attempt=False) is None
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.claim_token == "someone-else"

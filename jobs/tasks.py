"""Celery tasks for jobs: thin wrappers around jobs/jobs.py. Tasks get ids only.

The tasks keep the names they had in reports/ (``reports.tasks.*``): messages queued before a deploy and the beat
schedule in settings still find them."""

from celery import shared_task

from . import jobs


@shared_task(
    name="reports.tasks.run_job",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=jobs.TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def run_job(self, job_id):
    """Run one job. Idempotent: a finished job is left alone; a job whose worker died starts over."""
    jobs.job_run(job_id=job_id, task_id=self.request.id or "", final_attempt=self.request.retries >= self.max_retries)


@shared_task(name="reports.tasks.expire_jobs", acks_late=True)
def expire_jobs():
    """Periodic (Celery beat): delete expired files, re-send jobs nobody is working on."""
    expired = jobs.job_expire_old()
    requeued = jobs.job_requeue_stale()
    return {"expired": expired, "requeued": requeued}

"""Celery tasks for jobs: thin wrappers around reports/jobs.py. Tasks get ids only."""

from celery import shared_task

from . import jobs


@shared_task(
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


@shared_task(acks_late=True)
def expire_jobs():
    """Periodic (Celery beat): delete expired files, re-send jobs nobody is working on."""
    expired = jobs.job_expire_old()
    requeued = jobs.job_requeue_stale()
    return {"expired": expired, "requeued": requeued}

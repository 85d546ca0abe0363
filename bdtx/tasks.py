from celery import shared_task


@shared_task
def ping():
    """Round trip through the broker, used by the health check."""
    return "pong"

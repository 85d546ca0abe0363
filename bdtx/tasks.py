from celery import shared_task
from django.utils.module_loading import import_string


@shared_task
def ping():
    """Round trip through the broker, used by the health check."""
    return "pong"


@shared_task
def refresh_figures(cache_key, path, kwargs, seconds):
    """Recompute dashboard figures that have become stale (bdtx.cache.cached_figures) and keep them."""
    from .cache import store_figures

    store_figures(cache_key, import_string(path)(**kwargs), seconds)

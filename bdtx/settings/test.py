"""Test settings: fast hashing, tasks run in the worker's code path but eagerly."""

from .base import *  # noqa: F403
from .base import BASE_DIR

SECRET_KEY = "test-only-key-not-used-anywhere-else-0123456789abcdefghijklmnop"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "accounts.hashers.OneTimePasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Tests change data and read the dashboards at once; tests of the cache turn it on themselves.
DASHBOARD_CACHE_SECONDS = 0
# The tests seed the demo province too (the acceptance crawl); production never installs the builders.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

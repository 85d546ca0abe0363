"""Settings shared by every environment; everything variable comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from core.client_ip import parse_trusted_proxies

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("BDTX_VAR_DIR", str(BASE_DIR / "var")))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "core",
    "bdtx",
    "accounts",
    "jobs",
    "people",
    "years",
    "audit",
    "modules",
    "plans",
    "study",
    "assessment",
    "reports",
    "results",
    "certificates",
    "gdpt",
    "coreteachers",
    "qualifications",
    "courses",
]

MIDDLEWARE = [
    "bdtx.middleware.RequestIdMiddleware",
    # /health/live/ and /health/ready/ answer here: no HTTPS redirect, host check or session for the orchestrator.
    "bdtx.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "bdtx.middleware.NoYearYetMiddleware",
    "bdtx.middleware.OwnChangesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Vietnamese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bdtx.urls"
WSGI_APPLICATION = "bdtx.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bdtx.context_processors.navigation",
                "reports.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A reused connection is checked first, so a restarted PostgreSQL costs one reconnect, not errors.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the worker share the file: wait for locks instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Django's defaults, and the one-time passwords of the credentials sheets (accounts.hashers).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "accounts.hashers.OneTimePasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserWithUnitBackend",
]
# Login throttling: 5 failed attempts for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# The reverse proxies in front of the application (core/client_ip.py): empty = none (the client is REMOTE_ADDR and
# X-Forwarded-For is ignored), a number of proxies ("1"), or comma-separated networks ("10.0.0.0/8,172.16.0.0/12").
# The login lockout and every rate limit key on the client address this yields, never on the proxy's.
TRUSTED_PROXIES = env_str("TRUSTED_PROXIES", "")
parse_trusted_proxies(TRUSTED_PROXIES)  # a wrong value stops the start, not the first login
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
RATELIMIT_IP_META_KEY = "core.client_ip.client_ip"

# Content-Security-Policy: no inline scripts anywhere; styles may be inline (Bootstrap utilities, progress bars).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "bdtx.error_pages.csrf_failure"

# Vietnamese first: source strings are written in Vietnamese and go through gettext.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["bdtx.formats"]

STATIC_URL = "/static/"
# Collected static files belong to the code, not to the data: the image sets STATIC_ROOT outside the data volume.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/image-compression", BASE_DIR / "node_modules" / "browser-image-compression" / "dist"),
    ("vendor/flatpickr", BASE_DIR / "node_modules" / "flatpickr" / "dist"),
]

# Uploaded evidence lives outside the web root and is only served through scoped views.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
# The private storage, STORAGES["default"], keeps evidence, signed report scans and job files: this folder on one
# host; with several web hosts an S3-compatible bucket (django-storages), chosen by STORAGE_BACKEND=s3 or by a bucket
# name. Downloads are checked for scope, then streamed, or sent to the bucket by a link signed for a minute
# (core.http.stored_file_response; PRIVATE_STORAGE_REDIRECT=false streams them from a bucket browsers cannot reach).
# Workers still write job files on their own disk under PRIVATE_MEDIA_ROOT before storing them.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "").strip().lower() or (
    "s3" if env_str("AWS_STORAGE_BUCKET_NAME", "") else "local"
)
if STORAGE_BACKEND == "s3":
    PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            # Empty: boto3 finds credentials itself (an instance role …).
            "access_key": env_str("AWS_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY", "") or None,
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "") or None,
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "local":
    PRIVATE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be local or s3, got {STORAGE_BACKEND!r}")
STORAGES = {
    "default": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PRIVATE_STORAGE_REDIRECT = env_bool("PRIVATE_STORAGE_REDIRECT", True)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# A score grid of 60 teachers × all items posts a few thousand fields when JavaScript is off.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Absolute address of the site for links in e-mails and certificate QR codes (empty: the request's host).
BDTX_PUBLIC_URL = env_str("BDTX_PUBLIC_URL", "")
BDTX_SITE_URL = BDTX_PUBLIC_URL
BDTX_SEND_EMAIL = env_bool("BDTX_SEND_EMAIL", False)

# The public certificate check answers at most this many requests per client address (django-ratelimit).
CERTIFICATE_VERIFY_RATE = env_str("CERTIFICATE_VERIFY_RATE", "30/m")
RATELIMIT_VIEW = "bdtx.views.rate_limited"
# With the cache down the counters cannot be read: every rate-limited page answers as if under its limit
# (core.cache.FailOpenRedisCache turns the outage into a cache that holds nothing).
RATELIMIT_FAIL_OPEN = True
# "Quên mật khẩu" requests (each sends a mail): per client address (a school may share one) and per mailbox.
PASSWORD_RESET_RATE_IP = env_str("PASSWORD_RESET_RATE_IP", "20/h")
PASSWORD_RESET_RATE_EMAIL = env_str("PASSWORD_RESET_RATE_EMAIL", "5/h")

# E-mail: an SMTP server when EMAIL_HOST is set (production refuses anything else: bdtx.checks), the console
# otherwise. Notifications go out through a Celery task after the commit (reports.tasks).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "bdtx@localhost")

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport (no server needed).
REDIS_URL = env_str("REDIS_URL", "")
CELERY_QUEUE_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    # With Redis down, enqueueing a job gives up after a few seconds; the job stays pending for the janitor.
    CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "expire-jobs": {"task": "reports.tasks.expire_jobs", "schedule": 15 * 60},
    # Notification e-mails whose task was lost (broker down at the commit) or that failed go again.
    "send-pending-emails": {"task": "reports.tasks.send_pending_emails", "schedule": 10 * 60},
    # Nhắc việc: one digest per person, 7, 3 and 1 days before each deadline and on the day after it.
    "deadline-reminders": {
        "task": "reports.tasks.send_deadline_reminders",
        "schedule": crontab(hour=env_int("REMINDER_HOUR", 6), minute=30),
    },
    # Expired sessions, and login records (django-axes) older than LOGIN_RECORDS_KEEP_DAYS.
    "clean-sessions-and-login-records": {
        "task": "bdtx.tasks.clean_sessions_and_login_records",
        "schedule": crontab(hour=3, minute=15),
    },
}
LOGIN_RECORDS_KEEP_DAYS = env_int("LOGIN_RECORDS_KEEP_DAYS", 90)
# Every task has a time limit: a stuck SMTP server or query cannot hold a worker for ever. The soft limit comes first
# (SoftTimeLimitExceeded in the task: a job can still record its failure), the hard one kills the process.
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", CELERY_TASK_TIME_LIMIT * 9 // 10)

# /health/ready/ fails below this much free space (MB) where the private media live (bdtx/health.py).
HEALTH_MIN_FREE_MB = env_int("HEALTH_MIN_FREE_MB", 1024)
# The health checks answer over plain HTTP (production.py exempts them from SECURE_SSL_REDIRECT).
HEALTH_REDIRECT_EXEMPT = [r"^health/(live/|ready/)?$"]

# Background jobs: result files are kept this long; a job silent this long may be taken over.
JOB_FILE_TTL_HOURS = env_int("JOB_FILE_TTL_HOURS", 24)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 600)
# An Excel import with more data rows than this runs as a background job (jobs/imports.py).
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 300)
# An Excel upload may inflate to at most this much, all its parts together (bdtx/excel_import.check_archive).
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
# The Phòng and Sở dashboards' figures are recomputed at most this often (bdtx/cache.py); 0 turns caching off.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 60)

# Logs carry the request id (X-Request-ID) of the request that wrote them; LOG_FORMAT=json for log shippers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "bdtx.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "plain"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

if REDIS_URL:
    # Fails open (bdtx/cache.py): with Redis down, pages compute what they would have found in the cache.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            # The cache in its own Redis database (REDIS_CACHE_URL), apart from the task queue, when given.
            "LOCATION": env_str("REDIS_CACHE_URL", "") or REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bdtx"}}

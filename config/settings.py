"""Settings, all from the environment (12-factor). See README.md, "Configuration" and
"Operating it".

DATABASE_URL       default sqlite:///<project>/db.sqlite3 (the embedded first-run DB)
CELERY_BROKER_URL  unset: tasks run in-process, eagerly; set (redis://...): real workers
REDIS_URL          cache and locks; unset: local-memory cache
SECRET_KEY, DEBUG, ALLOWED_HOSTS, HTTPS (and the SECURE_* overrides below)
CLAIMTRACKER_*     limits on input and the sweeper
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def weak_secret_key(key: str) -> str | None:
    """Why ``key`` is unfit to sign sessions and tokens in production, or None when it is fit
    (Django's own test in `check --deploy`: 50 characters or more, 5 distinct or more)."""
    if key == DEVELOPMENT_SECRET_KEY or key.startswith(("django-insecure", "change-me")):
        return "it is a well-known default"
    if len(key) < 50 or len(set(key)) < 5:
        return "it is shorter than 50 characters or has fewer than 5 different characters"
    return None


# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", default=False)
# Without SECRET_KEY a well-known development key is used, so that `make demo`, `make test`
# and management commands run on a fresh clone. Serving HTTP with it is refused with DEBUG off
# (config/wsgi.py calls config.checks.require_production_secret_key), and so is any weak key
# set explicitly: production sets a long random SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "insecure-local-development-key-change-me"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY
SECRET_KEY_IS_DEVELOPMENT = SECRET_KEY == DEVELOPMENT_SECRET_KEY
if not DEBUG and not SECRET_KEY_IS_DEVELOPMENT and (why := weak_secret_key(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY is unsafe with DEBUG off: {why}. Generate one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
TIME_ZONE = "UTC"
USE_TZ = True
LANGUAGE_CODE = "en-us"
USE_I18N = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# DATABASES
# ------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections: a request reuses its worker's PostgreSQL connection for up
        # to CONN_MAX_AGE seconds instead of opening one (doubled the detail endpoint's req/s);
        # health checks drop a connection the server closed. 0 closes after each request.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers or the dev server may write at once: wait instead of failing at once,
    # take the write lock at BEGIN (no deadlocked upgrades), and use the write-ahead log with
    # NORMAL sync, which is safe in WAL mode and avoids an fsync per commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )

# APPS
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "sources",
    "claims",
    "verification",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    # Serves the admin's static files under gunicorn without a separate web server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Without collectstatic (development, tests, a bare `runserver` with DEBUG off) WhiteNoise serves
# from the app folders; `make run`, `make demo` and the Docker image collect them first.
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "admin").is_dir()

# CACHE (locks for beat reports live here)
# ------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# LOGGING: logs go to stderr so that `analyze --json` keeps stdout for its one JSON object.
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# CELERY
# ------------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
_BROKER = os.environ.get("CELERY_BROKER_URL", "")
# Without a broker the pipeline still runs, in-process, so a first run needs no Redis; the
# in-memory transport keeps kombu from looking for a broker on localhost meanwhile.
CELERY_TASK_ALWAYS_EAGER = not _BROKER
CELERY_BROKER_URL = _BROKER or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# One queue name per deployment (tests use a private one so parallel runs never mix).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task (OOM, deploy) gives the message back instead of losing it.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# With acks_late on Redis, an unacked message is redelivered after visibility_timeout: it must
# exceed the longest task or a running task would be handed to a second worker.
# https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-versions": {
        "task": "sources.tasks.article_versions_sweep_task",
        "schedule": env_int("CLAIMTRACKER_SWEEP_EVERY", 60),
        # DatabaseScheduler keeps expire_seconds and drops expires; other schedulers the reverse.
        "options": {
            "expires": env_int("CLAIMTRACKER_SWEEP_EVERY", 60),
            "expire_seconds": env_int("CLAIMTRACKER_SWEEP_EVERY", 60),
        },
    },
    "sweep-webhook-deliveries": {
        "task": "verification.tasks.webhook_deliveries_sweep_task",
        "schedule": 5 * 60,
        "options": {"expires": 5 * 60, "expire_seconds": 5 * 60},
    },
}
# The daily contradiction report (06:15 UTC) is not listed here: a data migration seeds it
# into django-celery-beat's tables (verification/migrations/*_report_schedule_delivery.py) so
# that editors change its time in the admin (Periodic tasks) without beat overwriting it.

# SECURITY (README "Operating it"). HTTPS=true behind a TLS-terminating proxy turns on HSTS,
# the redirect to https, Secure cookies and trusts X-Forwarded-Proto from the proxy; each
# setting can be overridden by its own variable. Off by default so that local http works.
# ------------------------------------------------------------------------------
HTTPS = env_bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", HTTPS) else None
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=HTTPS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every response (config/security.py). The admin needs inline
# styles; the Swagger page at /api/docs/ an inline script (its files come from
# drf-spectacular-sidecar, served here: no CDN).
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'",
)
CONTENT_SECURITY_POLICY_PATHS = {
    "/api/docs/": (
        "default-src 'self'; img-src 'self' data:; "
        "style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-inline'; object-src 'none'; "
        "base-uri 'self'; frame-ancestors 'none'"
    ),
}

# REST FRAMEWORK
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "config.api.ApiAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["config.filtering.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    # Clients send `Authorization: Token <key>`; the session serves people logged into the
    # admin (Swagger UI). Basic auth would send a password with every request: off unless
    # API_BASIC_AUTH=true (scripts on a trusted network).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        *(
            ["rest_framework.authentication.BasicAuthentication"]
            if env_bool("API_BASIC_AUTH", default=False)
            else []
        ),
    ],
    # Signed-in (token) users read everything; anonymous readers what API_ANONYMOUS_READ allows
    # (config/permissions.py; by default the published verdicts and ClaimReviews).
    "DEFAULT_PERMISSION_CLASSES": ["config.permissions.ReadPolicy"],
    "DEFAULT_THROTTLE_CLASSES": ["config.throttling.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "config.api.exception_handler",
}
# What anonymous users may read: "published" (published verdicts and ClaimReviews, the API
# root and schema), "all" (every read endpoint, article bodies included) or "none".
CLAIMTRACKER_API_ANONYMOUS_READ = os.environ.get("API_ANONYMOUS_READ", "published").strip().lower()
if CLAIMTRACKER_API_ANONYMOUS_READ not in {"published", "all", "none"}:
    raise ImproperlyConfigured("API_ANONYMOUS_READ must be published, all or none")
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim tracker API",
    "DESCRIPTION": "Claims, sources, contradictions and verdicts extracted from news articles.",
    "VERSION": "1.0.0",
    "ENUM_NAME_OVERRIDES": {
        "ArticleVersionStatusEnum": "sources.models.ArticleVersion.Status",
        "ContradictionStatusEnum": "verification.models.Contradiction.Status",
        "DisagreementKindEnum": "verification.models.Disagreement.Kind",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components ("...Request"), which document_text_limits
    # marks NUL-free; without the split no component has that name and the hook did nothing.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.document_text_limits",
    ],
    # Swagger UI and ReDoc from the installed sidecar package: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# API CLIENTS (README, "API clients")
# ------------------------------------------------------------------------------
INSTALLED_APPS += ["rest_framework.authtoken", "drf_spectacular_sidecar"]
# Requests per token (anonymous clients: per address) and period: second, minute, hour, day.
CLAIMTRACKER_API_RATES = {
    "token": os.environ.get("CLAIMTRACKER_API_RATE", "600/minute"),
    "anon": os.environ.get("CLAIMTRACKER_API_ANON_RATE", "60/minute"),
}
# Sync pages (ordering=updated_at) hold back rows stamped in the last few seconds, so that a
# write still committing cannot land behind a client's cursor (README, "Incremental sync").
CLAIMTRACKER_SYNC_LAG_SECONDS = int(os.environ.get("CLAIMTRACKER_SYNC_LAG_SECONDS", "10"))
# The fact-checking organisation named as author and publisher of ClaimReview pages.
CLAIMTRACKER_PUBLISHER = {
    "name": os.environ.get("CLAIMTRACKER_PUBLISHER_NAME", "Claim tracker"),
    "url": os.environ.get("CLAIMTRACKER_PUBLISHER_URL", "https://claimtracker.example.org/"),
    "logo": os.environ.get(
        "CLAIMTRACKER_PUBLISHER_LOGO", "https://claimtracker.example.org/logo.png"
    ),
}

# PIPELINE
# ------------------------------------------------------------------------------
# The name under which unattributed claims are filed when an article names no outlet.
CLAIMTRACKER_DEFAULT_OUTLET = os.environ.get("CLAIMTRACKER_DEFAULT_OUTLET", "Unknown outlet")

# LIMITS ON INPUT (sources.ingest.IngestLimits), checked before any expensive parsing. A
# document over a limit is rejected with the reason (API: 413 for size, 400 for shape).
CLAIMTRACKER_INGEST_MAX_TEXT_CHARS = env_int("CLAIMTRACKER_INGEST_MAX_TEXT_CHARS", 1_000_000)
CLAIMTRACKER_INGEST_MAX_HTML_CHARS = env_int("CLAIMTRACKER_INGEST_MAX_HTML_CHARS", 5_000_000)
CLAIMTRACKER_INGEST_MAX_HTML_ATTRIBUTES = env_int("CLAIMTRACKER_INGEST_MAX_HTML_ATTRIBUTES", 1000)
CLAIMTRACKER_INGEST_MAX_FRONT_MATTER_CHARS = env_int(
    "CLAIMTRACKER_INGEST_MAX_FRONT_MATTER_CHARS", 16_384
)
CLAIMTRACKER_INGEST_MAX_FRONT_MATTER_DEPTH = env_int(
    "CLAIMTRACKER_INGEST_MAX_FRONT_MATTER_DEPTH", 8
)
# Request bodies: the largest document, JSON-escaped (up to 2x), plus the other fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = (
    2 * max(CLAIMTRACKER_INGEST_MAX_TEXT_CHARS, CLAIMTRACKER_INGEST_MAX_HTML_CHARS) + 65_536
)
# Figures beyond this (absolute) are not stored as claims: "1e309 people", 42-digit counts.
CLAIMTRACKER_MAX_FIGURE = float(os.environ.get("CLAIMTRACKER_MAX_FIGURE", "1e18"))

# RECOVERY (sources.services.article_versions_sweep, beat every CLAIMTRACKER_SWEEP_EVERY s).
# A version pending this long after it was sent, once the queue is empty (so not waiting in
# a backlog), was lost with its message (a Redis restart) and is sent again; one never sent
# (the broker was down) is sent at the next sweep.
CLAIMTRACKER_SWEEP_PENDING_AFTER = env_int("CLAIMTRACKER_SWEEP_PENDING_AFTER", 15 * 60)
# A version running this long lost its worker (never less than the hard limit + 60 s).
CLAIMTRACKER_SWEEP_RUNNING_AFTER = env_int("CLAIMTRACKER_SWEEP_RUNNING_AFTER", 0)
# Re-sends by the sweeper before a version is marked failed with the reason.
CLAIMTRACKER_SWEEP_MAX_REQUEUES = env_int("CLAIMTRACKER_SWEEP_MAX_REQUEUES", 5)
CLAIMTRACKER_SWEEP_BATCH = env_int("CLAIMTRACKER_SWEEP_BATCH", 500)
# Time per document: extraction past the soft limit stops and the version is failed with the
# reason; past the hard limit the worker child is killed (the attempt counts, see below).
CLAIMTRACKER_EXTRACT_SOFT_TIME_LIMIT = env_int("CLAIMTRACKER_EXTRACT_SOFT_TIME_LIMIT", 10 * 60)
CLAIMTRACKER_EXTRACT_TIME_LIMIT = env_int("CLAIMTRACKER_EXTRACT_TIME_LIMIT", 11 * 60)
# A redelivered extraction takes its claim over (same task id): redelivery after the visibility
# timeout must come only once the first delivery is surely dead.
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = 2 * max(
    CELERY_TASK_TIME_LIMIT, CLAIMTRACKER_EXTRACT_TIME_LIMIT
)
# Extraction attempts whose worker died (killed, out of memory) before a version is failed.
CLAIMTRACKER_MAX_ATTEMPTS = env_int("CLAIMTRACKER_MAX_ATTEMPTS", 5)

# FEEDS AND WATCHED URLS (sources/feeds.py, sources/fetch.py)
# ------------------------------------------------------------------------------
# Fetch tasks run on their own queue so a burst of extraction never delays polling:
# `celery -A config worker -Q fetch` (see README.md, "Feeds and watched URLs").
CLAIMTRACKER_FETCH_QUEUE = os.environ.get("CLAIMTRACKER_FETCH_QUEUE", "fetch")
CELERY_TASK_ROUTES = ("sources.routing.route_task",)
CELERY_BEAT_SCHEDULE["feeds-poll-due"] = {
    "task": "sources.tasks.feeds_poll_due_task",
    "schedule": float(os.environ.get("CLAIMTRACKER_FEED_POLL_EVERY", "60")),
    "options": {"expires": 55},
}
# Loopback, private and link-local addresses are refused (no SSRF through a submitted url);
# tests and intranet deployments set this to true.
CLAIMTRACKER_FETCH_ALLOW_PRIVATE = env_bool("CLAIMTRACKER_FETCH_ALLOW_PRIVATE", default=False)
CLAIMTRACKER_FETCH_USER_AGENT = os.environ.get(
    "CLAIMTRACKER_FETCH_USER_AGENT", "ClaimTracker/1.0 (fact-checking; polite feed reader)"
)
CLAIMTRACKER_FETCH_TIMEOUT = float(os.environ.get("CLAIMTRACKER_FETCH_TIMEOUT", "20"))
CLAIMTRACKER_FETCH_MAX_BYTES = int(os.environ.get("CLAIMTRACKER_FETCH_MAX_BYTES", str(5 << 20)))
CLAIMTRACKER_FETCH_MAX_REDIRECTS = int(os.environ.get("CLAIMTRACKER_FETCH_MAX_REDIRECTS", "5"))
# Politeness per host, shared by all workers through the cache (set REDIS_URL in production).
CLAIMTRACKER_FETCH_DOMAIN_INTERVAL = float(
    os.environ.get("CLAIMTRACKER_FETCH_DOMAIN_INTERVAL", "2")
)
CLAIMTRACKER_FETCH_DOMAIN_CONCURRENCY = int(
    os.environ.get("CLAIMTRACKER_FETCH_DOMAIN_CONCURRENCY", "2")
)
CLAIMTRACKER_FEED_POLL_INTERVAL = int(os.environ.get("CLAIMTRACKER_FEED_POLL_INTERVAL", "600"))
# Seconds between re-fetches of a known article: each unchanged fetch moves one step on, past
# the last one it is no longer fetched; an UPDATE label or a moved dateModified goes back to
# the first step. Default: 10 min, 30 min, 1 h, 3 h, 12 h, 1 day, 3 days.
CLAIMTRACKER_REFETCH_SCHEDULE = [
    int(step)
    for step in env_list("CLAIMTRACKER_REFETCH_SCHEDULE", "600,1800,3600,10800,43200,86400,259200")
]

# DELIVERY: report e-mails and webhooks (README, "Reports" and "Webhooks")
# ------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "claimtracker@localhost")
EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", "[Claim tracker] ")
# Webhook URLs on loopback or private addresses are refused (SSRF) unless this is on
# (development, tests).
CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE_URLS", default=DEBUG)
CLAIMTRACKER_WEBHOOK_MAX_ATTEMPTS = env_int("CLAIMTRACKER_WEBHOOK_MAX_ATTEMPTS", 8)
CLAIMTRACKER_WEBHOOK_BACKOFF_SECONDS = env_int("CLAIMTRACKER_WEBHOOK_BACKOFF_SECONDS", 30)
CLAIMTRACKER_WEBHOOK_TIMEOUT_SECONDS = env_int("CLAIMTRACKER_WEBHOOK_TIMEOUT_SECONDS", 10)

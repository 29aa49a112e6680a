"""Hallway settings, read from the environment (see .env.example).

Development needs no configuration: SQLite, local-memory cache, console e-mail and
immediate background tasks. Production sets DATABASE_URL, CACHE_URL, EMAIL_URL,
SECRET_KEY and ALLOWED_HOSTS.
"""

import importlib.util
from pathlib import Path
from typing import Any

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# django-debug-toolbar in development only, and only when asked for: DEBUG_TOOLBAR=1 with
# DEBUG=1 and the dev extras installed (open by default, it covers every page).
_DEBUG_TOOLBAR = (
    DEBUG
    and env.bool("DEBUG_TOOLBAR", default=False)
    and importlib.util.find_spec("debug_toolbar") is not None
)
INTERNAL_IPS = ["127.0.0.1", "::1"] if _DEBUG_TOOLBAR else []

_DEV_SECRET_KEY = "django-insecure-hallway-development-only"  # noqa: S105 - DEBUG only
# Without DEBUG there is no default: the key stays empty, so the app servers (wsgi.py,
# asgi.py) and `check --deploy` refuse to start, while commands that never sign anything
# (makemigrations --check, migrate) still run in CI and build steps.
SECRET_KEY = env.str("SECRET_KEY", default="") or (_DEV_SECRET_KEY if DEBUG else "")
MISSING_SECRET_KEY_MESSAGE = "Set SECRET_KEY (or DEBUG=1 for local development)."  # noqa: S105 - a message

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed: the
# client address of rate limits, login throttling and API throttles
# (conference/infrastructure/ratelimit.py). Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_tasks_db",  # the production task backend's tables (TASKS_BACKEND below)
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",  # who changed which talk or slot, and when (admin history)
    "conference",
    "talks",
    *(["debug_toolbar"] if _DEBUG_TOOLBAR else []),
]

MIDDLEWARE = [
    # First, so that every log line of the request, and the work it queues, carries its id.
    "conference.infrastructure.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the path or query: a NUL byte gets a 400, not a 500 later.
    "conference.infrastructure.security.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # After GZip, which encodes the response the toolbar needs to read.
    *(["debug_toolbar.middleware.DebugToolbarMiddleware"] if _DEBUG_TOOLBAR else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets the login throttle's "known browser" cookie after a successful sign-in.
    "conference.infrastructure.security.KnownBrowserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "conference.urls"
WSGI_APPLICATION = "conference.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: a SQLite file by default, PostgreSQL (psycopg 3) through DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    from psycopg_pool import ConnectionPool

    # psycopg's pool reuses connections across requests and checks them before use,
    # so a restarted PostgreSQL is recovered from without restarting the app.
    DATABASES["default"].setdefault("OPTIONS", {})
    if env.bool("DATABASE_POOL", default=True):
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=1),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
            "check": ConnectionPool.check_connection,
        }
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")

# Read replica (optional): reads go to REPLICA_DATABASE_URL, writes and everything inside a
# transaction to the primary (conference/infrastructure/db_routers.py). Replication lag
# applies to reads.
if env.str("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = env.db_url("REPLICA_DATABASE_URL")
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    # Tests run against one database: the replica alias mirrors the primary there.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["conference.infrastructure.db_routers.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://hallway")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Same client, but a Redis outage degrades to uncached pages instead of 500s.
    CACHES["default"]["BACKEND"] = "conference.infrastructure.cache_backends.ResilientRedisCache"
# Public pages may be kept this long by browsers and CDNs (Cache-Control: public,
# max-age); app-server caches are keyed by content version and never serve stale pages.
PUBLIC_CACHE_MAX_AGE = env.int("PUBLIC_CACHE_MAX_AGE", default=60)
# Rendered pages stay in the cache this long at most (conference/infrastructure/page_cache.py).
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=24 * 3600)
# Store pages and key them on version counters in the cache, which every write bumps.
# Only safe with a cache every app server shares, so on by default with Redis only;
# without it every page is rendered and its ETag is the body's hash.
PAGE_CACHE_TRUST_INVALIDATION = env.bool(
    "PAGE_CACHE_TRUST_INVALIDATION",
    default=CACHES["default"]["BACKEND"]
    == "conference.infrastructure.cache_backends.ResilientRedisCache",
)
# Renderings of one page with a query string (filters, searches) share this many
# cache entries: no flood of distinct query strings can grow the cache.
PAGE_CACHE_QUERY_VARIANTS = env.int("PAGE_CACHE_QUERY_VARIANTS", default=32)
# For this long after a write to what a page shows, the page is rendered from the
# primary database, not the read replica, which may lag (conference/infrastructure/db_routers.py).
PAGE_CACHE_SETTLE_SECONDS = env.int("PAGE_CACHE_SETTLE_SECONDS", default=10)

# E-mail through Django's MAILERS, from EMAIL_URL (consolemail://, smtp+tls://user:pw@host:587).
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
    "timeout": env.int("EMAIL_TIMEOUT", default=10),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {k: v for k, v in _smtp_options.items() if v is not None}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Hallway <hallway@localhost>")
# The site's public address, for links in e-mail sent from background tasks (no request).
# `make run PORT=…` passes SITE_URL (its own address); the default follows PORT too.
SITE_URL = env.str("SITE_URL", default="") or f"http://127.0.0.1:{env.int('PORT', default=8000)}"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (Django's tasks framework). Development runs them at once (immediate);
# production sets TASKS_BACKEND=django_tasks_db.DatabaseBackend (tasks stored in
# PostgreSQL) and runs `manage.py worker`. `check --deploy` refuses the immediate backend
# without DEBUG (conference/checks.py).
IMMEDIATE_TASKS_BACKEND = "django.tasks.backends.immediate.ImmediateBackend"
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default=IMMEDIATE_TASKS_BACKEND)}}

# The e-mail outbox (conference/outbox.py): retries with exponential back-off and jitter.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_BACKOFF_SECONDS = env.float("OUTBOX_BACKOFF_SECONDS", default=30.0)
OUTBOX_BACKOFF_CAP_SECONDS = env.float("OUTBOX_BACKOFF_CAP_SECONDS", default=3600.0)
# Mail an anonymous visitor can address (receipts, data links): at most this many per
# address and hour, so the site is no relay for spam.
OUTBOX_MAIL_PER_ADDRESS_PER_HOUR = env.int("OUTBOX_MAIL_PER_ADDRESS_PER_HOUR", default=5)
OUTBOX_LIMITED_KINDS = ["followups.receipt", "followups.attendee_data"]
# Work this overdue lost its task (a worker killed mid-task): the worker's sweep requeues it.
OUTBOX_STALE_SECONDS = env.int("OUTBOX_STALE_SECONDS", default=60)

# Webhooks out (talks/interchange/webhooks.py, conference/infrastructure/safe_http.py):
# public http(s) addresses only, unless a host or network is allow-listed here (a
# self-hosted receiver on the LAN: "10.0.0.5", "hooks.internal", "10.0.0.0/24").
WEBHOOK_ALLOWED_HOSTS = env.list("WEBHOOK_ALLOWED_HOSTS", default=[])
WEBHOOK_CONNECT_TIMEOUT = env.float("WEBHOOK_CONNECT_TIMEOUT", default=3.0)
WEBHOOK_READ_TIMEOUT = env.float("WEBHOOK_READ_TIMEOUT", default=5.0)
WEBHOOK_MAX_RESPONSE_BYTES = env.int("WEBHOOK_MAX_RESPONSE_BYTES", default=64 * 1024)
WEBHOOK_MAX_REDIRECTS = env.int("WEBHOOK_MAX_REDIRECTS", default=0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_BACKOFF_SECONDS = env.float("WEBHOOK_BACKOFF_SECONDS", default=30.0)
WEBHOOK_BACKOFF_CAP_SECONDS = env.float("WEBHOOK_BACKOFF_CAP_SECONDS", default=3600.0)
# The readiness check (/readyz) fails when the oldest due task waits longer than this.
READINESS_MAX_TASK_AGE = env.int("READINESS_MAX_TASK_AGE", default=300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Login throttling (conference/infrastructure/security.py): checked before any password.
    "conference.infrastructure.security.LoginThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_THROTTLE_ATTEMPTS = env.int("LOGIN_THROTTLE_ATTEMPTS", default=5)
LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = env.int("LOGIN_THROTTLE_ACCOUNT_ATTEMPTS", default=50)
LOGIN_THROTTLE_ADDRESS_ATTEMPTS = env.int("LOGIN_THROTTLE_ADDRESS_ATTEMPTS", default=200)
LOGIN_THROTTLE_WINDOW = env.int("LOGIN_THROTTLE_WINDOW", default=15 * 60)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"  # stored and computed in UTC; each conference has its own IANA zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security: strict by default, relaxed only for plain-HTTP local development.
_HTTPS = not DEBUG and env.bool("HTTPS", default=True)
SECURE_SSL_REDIRECT = _HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

from django.utils.csp import CSP  # noqa: E402 - kept beside the setting it feeds

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# The JSON API (talks/api/): token and session auth, cursor pages, one error shape, throttles.
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_SCHEMA_CLASS": "talks.api.schema.HallwayAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "talks.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # enforces CSRF
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "talks.api.pagination.HallwayCursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "talks.api.errors.api_exception_handler",
    # DRF's anon/user throttles, counting per client_address (the TRUSTED_PROXIES rule).
    "DEFAULT_THROTTLE_CLASSES": [
        "talks.api.throttling.AnonThrottle",
        "talks.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="1200/hour"),
        "user": env.str("API_THROTTLE_USER", default="6000/hour"),
    },
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hallway API",
    "DESCRIPTION": (
        "Conferences, talks, speakers, schedules and follow-ups.\n\n"
        "Each released schedule is also a set of files (linked from each "
        "[conference's page](/conferences/)): frab XML "
        "`/conferences/{slug}/schedule/export/schedule.xml`, frab JSON `…/schedule.json`, "
        "CSV `…/schedule.csv`, iCal `/conferences/{slug}/schedule.ics`, and the changelog "
        "`/conferences/{slug}/schedule/changes/` with its Atom feed `…/changes/feed/`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: Swagger UI puts them inside each operation's button (nested controls
    # that screen readers and axe reject); /api/docs/ has stable anchors instead. No
    # syntax colours: its palette fails contrast.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": False}},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Several models have a "kind" or "status"; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "TalkKindEnum": "talks.models.catalogue.Talk.Kind",
        "TalkStateEnum": "talks.models.catalogue.Talk.State",
        "ResourceKindEnum": "talks.models.catalogue.Resource.Kind",
        "FollowUpKindEnum": "talks.models.attendees.FollowUp.Kind",
        "FollowUpStatusEnum": "talks.models.attendees.FollowUp.Status",
        "FollowUpNoteKindEnum": "talks.models.attendees.FollowUpNote.Kind",
    },
}

# One line per record with the request id; LOG_FORMAT=json for log collectors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "conference.infrastructure.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "conference.infrastructure.request_id.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env.str("LOG_FORMAT", default="text"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

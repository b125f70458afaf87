"""Stint settings: one module, driven by environment variables (see README, "Configuration").

Defaults run on SQLite with no configuration at all. Every integration (PostgreSQL, Redis, SMTP)
is switched on only when its variable is set, and a malformed value stops start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.string("STINT_VAR_DIR", str(BASE_DIR / "var")))
TESTING = "pytest" in sys.modules or env.boolean("STINT_TESTING", False)

DEBUG = env.boolean("DJANGO_DEBUG", True)
SECRET_KEY = env.string("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789abcdef"
ALLOWED_HOSTS = env.csv_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.csv_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# The port `make run` serves on (scripts/run.sh); links in emails and feeds default to it.
PORT = env.integer("STINT_PORT", 8000, minimum=1)
SITE_URL = env.url("STINT_SITE_URL", {"http", "https"}) or f"http://127.0.0.1:{PORT}"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "stint.core",
    "stint.accounts",
    "stint.notifications",
    "stint.messaging",
    "stint.skills",
    "stint.organizations",
    "stint.talent",
    "stint.projects",
    "stint.applications",
    "stint.engagements",
    "stint.payments",
    "stint.matching",
    "stint.planner",
    "stint.recommendations",
    "stint.credentials",
    "stint.advisors",
    "stint.talentpool",
    "stint.coach",
    "stint.explore",
    "stint.privacy",
    "stint.flows",
    "stint.demo",
]

MIDDLEWARE = [
    # First: every response (redirects and refusals included) carries X-Request-ID and is timed.
    "stint.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Hostile input (NUL, malformed or oversized bodies) is refused before sessions, CSRF or views.
    "stint.core.guard.RequestGuardMiddleware",
    # Reads of browse/search/public pages from the replica, when there is one (stint/core/dbrouter.py).
    "stint.core.dbrouter.ReplicaRoutingMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the budget applies to reads and to requests without credentials.
    "stint.core.dbtimeout.StatementTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "stint.accounts.middleware.StaffMfaMiddleware",
    "stint.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "stint" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stint.core.context_processors.site",
                "stint.notifications.context_processors.notifications",
                "stint.payments.context_processors.payments",
            ],
        },
    }
]

# --- Database ----------------------------------------------------------------------------------
DATABASE_URL = env.url("DATABASE_URL", {"postgres", "postgresql", "sqlite"})
SQLITE_BUSY_TIMEOUT_MS = env.integer("STINT_SQLITE_BUSY_TIMEOUT_MS", 20000, minimum=0)
# Persistent connections (docs/operations.md, "Database connections"): each thread that serves
# requests keeps its connection this many seconds, checked before reuse (CONN_HEALTH_CHECKS). 0, the
# default, closes it at the end of every request: the only safe value where threads are short-lived
# (the development server starts a thread per request; its persistent connections would stay open
# until garbage-collected: 73 idle connections of 100 under a fuzzer, issue 15). Gunicorn's config
# (config/gunicorn.conf.py) sets 60: its threads live as long as the worker, so a node holds at most
# workers × threads connections. The development server always uses 0.
DB_CONN_MAX_AGE = env.integer("STINT_DB_CONN_MAX_AGE", 0, minimum=0)
if "runserver" in sys.argv:
    DB_CONN_MAX_AGE = 0
# Read replica (docs/operations.md, "Read replica"): browse, search and public pages read from it;
# every write, every read inside a transaction and a user's reads just after their own write go to
# the primary (stint/core/dbrouter.py).
DATABASE_REPLICA_URL = env.url("DATABASE_REPLICA_URL", {"postgres", "postgresql"})
# After a write, the writer reads from the primary for this many seconds (read-your-writes); make it
# longer than the replica's worst lag.
STINT_REPLICA_PIN_SECONDS = env.integer("STINT_REPLICA_PIN_SECONDS", 15, minimum=1)
# When the replica cannot be reached, each process reads from the primary this long before retrying.
STINT_REPLICA_RETRY_SECONDS = env.integer("STINT_REPLICA_RETRY_SECONDS", 10, minimum=1)
# Safe (GET/HEAD) requests whose path starts with one of these read from the replica.
STINT_REPLICA_PATHS = env.csv_list(
    "STINT_REPLICA_PATHS",
    [
        "/projects/",
        "/search/",
        "/organizations/",
        "/skills/",
        "/explore/",
        "/api/v1/projects",
        "/api/v1/search/",
        "/api/v1/skills",
        "/api/v1/organizations",
        "/api/v1/explore/",
    ],
)
if DATABASE_URL and not DATABASE_URL.startswith("sqlite"):
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=True)}
    DATABASES["default"].setdefault("OPTIONS", {})
    if DATABASE_REPLICA_URL:
        DATABASES["replica"] = dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=True
        )
        # A replica that does not answer is given up quickly (reads then go to the primary).
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
        # The test run's database is created on the primary and streamed to the replica.
        DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
elif DATABASE_REPLICA_URL:
    raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    sqlite_path = dj_database_url.parse(DATABASE_URL)["NAME"] if DATABASE_URL else str(VAR_DIR / "stint.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            "OPTIONS": {
                # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN
                # so two writers queue on busy_timeout instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS};"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": env.string("STINT_SQLITE_TEST_NAME", "") or None},
        }
    }
DATABASE_ROUTERS = ["stint.core.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

# --- Cache and rate limits -----------------------------------------------------------------------
REDIS_URL = env.url("REDIS_URL", {"redis", "rediss", "unix"})
# With Redis down the site keeps working without the cache (docs/operations.md, "Redis down"):
# each process stops trying Redis for CACHE_RETRY_SECONDS after a failure, and no cache call waits
# longer than CACHE_TIMEOUT_MS for a connection or an answer.
CACHE_RETRY_SECONDS = env.integer("STINT_CACHE_RETRY_SECONDS", 5, minimum=0)
CACHE_TIMEOUT_MS = env.integer("STINT_CACHE_TIMEOUT_MS", 500, minimum=1)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "stint.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Several Stint sites (or test runs) can share one Redis database.
            "KEY_PREFIX": env.string("STINT_CACHE_KEY_PREFIX", ""),
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_MS / 1000,
                "socket_timeout": CACHE_TIMEOUT_MS / 1000,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stint"}}
# Sessions: in the database by default. With Redis, "cached_db": read from Redis and written through
# to the database, so every web node sees every session and a Redis outage costs a database read per
# request, never a sign-out (docs/operations.md, "Redis down").
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"

# --- Background tasks ----------------------------------------------------------------------------
TASK_BACKEND = env.choice("STINT_TASK_BACKEND", "immediate" if TESTING else "database", {"database", "immediate"})
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASK_BACKEND == "database"
        else "django.tasks.backends.immediate.ImmediateBackend",
    }
}
TASK_MAX_ATTEMPTS = env.integer("STINT_TASK_MAX_ATTEMPTS", 5, minimum=1)
TASK_RETRY_BASE_SECONDS = env.integer("STINT_TASK_RETRY_BASE_SECONDS", 30, minimum=0)
TASK_STUCK_AFTER_SECONDS = env.integer("STINT_TASK_STUCK_AFTER_SECONDS", 900, minimum=1)
SCHEDULER_INTERVAL_SECONDS = env.integer("STINT_SCHEDULER_INTERVAL_SECONDS", 30, minimum=1)
# Workers (``stint_worker``) and schedulers record that they are alive this often (docs/operations.md).
WORKER_HEARTBEAT_SECONDS = env.integer("STINT_WORKER_HEARTBEAT_SECONDS", 15, minimum=0)

# --- Readiness: what /readyz calls "not ready" (503); see docs/operations.md --------------------
# The oldest task that is due has waited longer than this: no worker keeps up (or none is alive).
READY_MAX_QUEUE_LAG_SECONDS = env.integer("STINT_READY_MAX_QUEUE_LAG_SECONDS", 300, minimum=1)
# More unresolved failed-for-good tasks than this (resolve them in the admin, "Failed tasks").
READY_MAX_FAILED_TASKS = env.integer("STINT_READY_MAX_FAILED_TASKS", 0, minimum=0)
# A worker or scheduler whose last heartbeat is older than this is dead (the scheduler gets at
# least three of its intervals).
READY_HEARTBEAT_STALE_SECONDS = env.integer("STINT_READY_HEARTBEAT_STALE_SECONDS", 60, minimum=1)
if WORKER_HEARTBEAT_SECONDS > 0 and READY_HEARTBEAT_STALE_SECONDS <= WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured("STINT_READY_HEARTBEAT_STALE_SECONDS must be larger than STINT_WORKER_HEARTBEAT_SECONDS")

# --- Idempotency keys and the email outbox (docs/operations.md, "Crashes") -------------------------
# A request that took an Idempotency-Key holds it this long; if its process dies, the next request
# with the key takes it over after the lease (longer than your slowest money-moving request).
IDEMPOTENCY_LEASE_SECONDS = env.integer("STINT_IDEMPOTENCY_LEASE_SECONDS", 60, minimum=1)
# A worker sending an email holds it this long; if it dies mid-send, the email is sent again after
# the lease (longer than the SMTP timeout, 20 s). Give up after EMAIL_MAX_ATTEMPTS sends that raised.
EMAIL_LEASE_SECONDS = env.integer("STINT_EMAIL_LEASE_SECONDS", 300, minimum=1)
EMAIL_MAX_ATTEMPTS = env.integer("STINT_EMAIL_MAX_ATTEMPTS", 8, minimum=1)

# --- Email ---------------------------------------------------------------------------------------
EMAIL_URL_HOST = env.string("EMAIL_HOST", "")
MAILERS: dict[str, dict[str, Any]]
if TESTING:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
elif EMAIL_URL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_URL_HOST,
                "port": env.integer("EMAIL_PORT", 587, minimum=1),
                "username": env.string("EMAIL_HOST_USER", ""),
                "password": env.string("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env.boolean("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Stint <noreply@stint.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {"signup": "stint.accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "stint.accounts.adapter.AccountAdapter"
# allauth's emails say "Stint", not the request's host and port (templates/account/email/base_message.txt).
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Stint] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Emails for security-relevant changes (password changed/reset, email addresses, two-factor); the
# password ones say that other sessions were signed out and API tokens revoked (docs/accounts.md).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_VERIFICATION = env.choice(
    "STINT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory", {"none", "optional", "mandatory"}
)
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.string("STINT_LOGIN_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs); empty: the client is
# REMOTE_ADDR. Every per-IP limit (ours and allauth's, through the account adapter) uses it.
STINT_TRUSTED_PROXIES = env.ip_networks("STINT_TRUSTED_PROXIES")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Stint"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id (OWASP parameters, stint/accounts/hashers.py) first; older PBKDF2 hashes still verify
# and are re-hashed with Argon2id at the next successful login.
STINT_PASSWORD_HASHERS = [
    "stint.accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_HASHERS = STINT_PASSWORD_HASHERS
if TESTING:
    # Fast hashing for the suite; the tests that need the real hashers override this setting.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *STINT_PASSWORD_HASHERS]

# --- Security ------------------------------------------------------------------------------------
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.boolean("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind TLS (README, "Production topology"): the reverse proxy terminates HTTPS and sets
# X-Forwarded-Proto. Said with STINT_BEHIND_TLS, or deduced from an https STINT_SITE_URL. Then every
# plain-HTTP request is redirected (except the health probes, which orchestrators send inside the
# network), browsers are told to use HTTPS only (HSTS), and cookies are HTTPS-only.
BEHIND_TLS = env.boolean("STINT_BEHIND_TLS", SITE_URL.startswith("https://"))
if BEHIND_TLS:
    if not SITE_URL.startswith("https://"):
        raise ImproperlyConfigured("STINT_BEHIND_TLS is true, so STINT_SITE_URL must start with https://")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.integer("STINT_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("STINT_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env.boolean("STINT_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Hostile input and time budgets (docs/api.md) -------------------------------------------------
# Each SQL statement of a read or of a request without credentials, in milliseconds (0: no limit).
STINT_STATEMENT_TIMEOUT_MS = env.integer("STINT_STATEMENT_TIMEOUT_MS", 5000, minimum=0)
# The replica only serves reads of public pages: every statement there gets the same budget.
if "replica" in DATABASES and STINT_STATEMENT_TIMEOUT_MS:
    DATABASES["replica"]["OPTIONS"]["options"] = f"-c statement_timeout={STINT_STATEMENT_TIMEOUT_MS}"
# The largest multipart request (deliverables: 10 files of 20 MB, plus the form); other bodies are
# limited by DATA_UPLOAD_MAX_MEMORY_SIZE below.
STINT_MAX_UPLOAD_REQUEST_BYTES = env.integer("STINT_MAX_UPLOAD_REQUEST_BYTES", 210 * 1024 * 1024, minimum=1024)

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
STATICFILES_DIRS = [BASE_DIR / "stint" / "static"]
MEDIA_ROOT = Path(env.string("STINT_MEDIA_ROOT", str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env.string("STINT_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# Object storage (docs/operations.md, "Files and object storage"): with STINT_S3_BUCKET set, public
# media (organization logos) and private files (résumés, deliverables, exports) go to an
# S3-compatible service under two prefixes of one bucket, so every web node and worker sees every
# file. Private objects are never public (ACL private, no public URL): downloads are streamed through
# Stint's permission-checked views, as from disk. Without the bucket, files stay on local disk.
STINT_S3_BUCKET = env.string("STINT_S3_BUCKET", "")
STINT_S3_ENDPOINT_URL = env.url("STINT_S3_ENDPOINT_URL", {"http", "https"})
STINT_S3_REGION = env.string("STINT_S3_REGION", "us-east-1")
STINT_S3_ACCESS_KEY_ID = env.string("STINT_S3_ACCESS_KEY_ID", "")
STINT_S3_SECRET_ACCESS_KEY = env.string("STINT_S3_SECRET_ACCESS_KEY", "")
STINT_S3_PREFIX = env.string("STINT_S3_PREFIX", "").strip("/")
if STINT_S3_BUCKET and bool(STINT_S3_ACCESS_KEY_ID) != bool(STINT_S3_SECRET_ACCESS_KEY):
    raise ImproperlyConfigured("Set both STINT_S3_ACCESS_KEY_ID and STINT_S3_SECRET_ACCESS_KEY, or neither")


def s3_storage(prefix: str) -> dict[str, Any]:
    """The STORAGES entry for one prefix of the bucket (keys from the environment or the instance role)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STINT_S3_BUCKET,
            "endpoint_url": STINT_S3_ENDPOINT_URL,
            "region_name": STINT_S3_REGION,
            "access_key": STINT_S3_ACCESS_KEY_ID or None,
            "secret_key": STINT_S3_SECRET_ACCESS_KEY or None,
            "location": "/".join(p for p in (STINT_S3_PREFIX, prefix) if p),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
            "signature_version": "s3v4",
            "addressing_style": "path" if STINT_S3_ENDPOINT_URL else None,
        },
    }


STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if STINT_S3_BUCKET:
    STORAGES["default"] = s3_storage("media")
    STORAGES["private"] = s3_storage("private")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Marketplace rules (PRODUCT.md); each is a setting ------------------------------------------
# Minimum effective hourly rate, in minor units per hour, per currency.
STINT_MIN_HOURLY_RATE_MINOR = {
    "USD": env.integer("STINT_MIN_HOURLY_RATE_USD", 2000, minimum=0),
    "EUR": env.integer("STINT_MIN_HOURLY_RATE_EUR", 1850, minimum=0),
    "GBP": env.integer("STINT_MIN_HOURLY_RATE_GBP", 1600, minimum=0),
    "CAD": env.integer("STINT_MIN_HOURLY_RATE_CAD", 2750, minimum=0),
}
# One of the currencies above (the money pages' and the rate filter's default).
STINT_DEFAULT_CURRENCY = env.choice("STINT_DEFAULT_CURRENCY", "USD", set(STINT_MIN_HOURLY_RATE_MINOR))
STINT_PLATFORM_FEE_BPS = env.integer("STINT_PLATFORM_FEE_BPS", 1000, minimum=0)
STINT_MAX_ACTIVE_APPLICATIONS = env.integer("STINT_MAX_ACTIVE_APPLICATIONS", 5, minimum=1)
STINT_OFFER_EXPIRY_HOURS = env.integer("STINT_OFFER_EXPIRY_HOURS", 72, minimum=1)
STINT_REVIEW_WINDOW_DAYS = env.integer("STINT_REVIEW_WINDOW_DAYS", 7, minimum=1)
STINT_MAX_CHANGE_ROUNDS = env.integer("STINT_MAX_CHANGE_ROUNDS", 2, minimum=0)
# A company's cancellation is settled (pro-rata pay / refund) after this many days, so that the
# talent can contest it with a dispute first; 0 settles at once.
STINT_CANCELLATION_CONTEST_DAYS = env.integer("STINT_CANCELLATION_CONTEST_DAYS", 3, minimum=0)
# Time log: one talent's entries on one day of one engagement total at most this many hours
# (1 … 24; docs/engagements.md "Time log bounds").
STINT_MAX_HOURS_PER_DAY = env.integer("STINT_MAX_HOURS_PER_DAY", 12, minimum=1)
if STINT_MAX_HOURS_PER_DAY > 24:
    raise ImproperlyConfigured(f"STINT_MAX_HOURS_PER_DAY must be at most 24, got {STINT_MAX_HOURS_PER_DAY}")
STINT_MIN_COVER_LETTER_CHARS = env.integer("STINT_MIN_COVER_LETTER_CHARS", 200, minimum=0)
STINT_RESUME_MAX_BYTES = env.integer("STINT_RESUME_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# The Ed25519 private key (PEM) that signs credentials; usually STINT_CREDENTIAL_KEY_FILE. Unset: a key
# is generated into the database on first use (docs/credentials.md).
STINT_CREDENTIAL_KEY = env.string("STINT_CREDENTIAL_KEY", "")

STINT_LOGO_MAX_BYTES = env.integer("STINT_LOGO_MAX_BYTES", 2 * 1024 * 1024, minimum=1024)
# Organization reliability figures are cached this long per organization (0: not cached).
STINT_RELIABILITY_CACHE_SECONDS = env.integer("STINT_RELIABILITY_CACHE_SECONDS", 300, minimum=0)

# --- Planner (docs/planner.md) -------------------------------------------------------------------
PLANNER_DEFAULT_WEEKLY_HOURS = env.integer("STINT_PLANNER_DEFAULT_WEEKLY_HOURS", 10, minimum=0, maximum=112)
PLANNER_MIN_MINUTES_PER_CHANGE_REQUEST = env.integer(
    "STINT_PLANNER_MIN_MINUTES_PER_CHANGE_REQUEST", 60, minimum=0, maximum=40 * 60
)
PLANNER_MAX_WEEKS_AFTER_START = env.integer("STINT_PLANNER_MAX_WEEKS_AFTER_START", 8, minimum=1, maximum=52)

# --- Skills taxonomy (docs/skills.md) ------------------------------------------------------------
SKILLS_DATA_DIR = Path(env.string("STINT_SKILLS_DATA_DIR", "") or BASE_DIR / "data" / "skills")
SKILLS_INDEX_RECHECK_SECONDS = env.integer("STINT_SKILLS_INDEX_RECHECK_SECONDS", 60, minimum=0)
# The demo step imports the whole ESCO vocabulary (about 30 s the first time); under tests only the
# curated core (docs/skills.md).
SKILLS_FULL_VOCABULARY = env.boolean("STINT_SKILLS_FULL_VOCABULARY", not TESTING)

# --- Recommendations (docs/matching.md) ----------------------------------------------------------
# The shipped word vectors; a directory of your own replaces them.
STINT_EMBEDDINGS_DIR = Path(env.string("STINT_EMBEDDINGS_DIR", "") or BASE_DIR / "data" / "embeddings")

# --- Search (docs/search.md) ---------------------------------------------------------------------
# A text query ranks at most this many candidates (the newest matches), so a common word costs about
# what a rare one does; 500 keeps p95 under 50 ms at 100,000 open projects on both databases.
STINT_SEARCH_MAX_CANDIDATES = env.integer("STINT_SEARCH_MAX_CANDIDATES", 500, minimum=10)
STINT_SEARCH_STATEMENT_TIMEOUT_MS = env.integer("STINT_SEARCH_STATEMENT_TIMEOUT_MS", 2000, minimum=100)
STINT_SEARCH_FACET_CACHE_SECONDS = env.integer("STINT_SEARCH_FACET_CACHE_SECONDS", 60, minimum=0)
# The time-zone filter keeps organizations within this many hours of the searcher.
STINT_SEARCH_TZ_OVERLAP_HOURS = env.integer("STINT_SEARCH_TZ_OVERLAP_HOURS", 4, minimum=0, maximum=24)

# --- Payments ------------------------------------------------------------------------------------
# The built-in test provider is used unless both Stripe keys are set (see docs/payments.md).
STRIPE_SECRET_KEY = env.string("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env.string("STRIPE_WEBHOOK_SECRET", "")
STINT_PAYMENTS_RECONCILE_AFTER_MINUTES = env.integer("STINT_PAYMENTS_RECONCILE_AFTER_MINUTES", 15, minimum=1)
STINT_TEST_PROVIDER_FAIL = env.boolean("STINT_TEST_PROVIDER_FAIL", False)

# --- Observability (docs/operations.md, "Logs and metrics") ----------------------------------------
# "json": one JSON object per log line (time, level, logger, message, request_id, pid); "text": plain.
STINT_LOG_FORMAT = env.choice("STINT_LOG_FORMAT", "text", {"text", "json"})
# Bearer token of the Prometheus scraper for /metrics; unset, /metrics does not exist (404).
STINT_METRICS_TOKEN = env.string("STINT_METRICS_TOKEN", "")
# ledger_check reads every ledger row: /metrics runs it at most this often (shared cache).
STINT_METRICS_LEDGER_CACHE_SECONDS = env.integer("STINT_METRICS_LEDGER_CACHE_SECONDS", 300, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "stint.core.observability.RequestIdFilter"},
        "expected_refusals": {"()": "stint.core.log_filters.ExpectedRefusalFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "json": {"()": "stint.core.observability.JsonFormatter"},
        "text": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": STINT_LOG_FORMAT},
        "django.server": {"level": "INFO", "class": "logging.StreamHandler", "formatter": "django.server"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env.string("STINT_LOG_LEVEL", "WARNING" if TESTING else "INFO")},
    "loggers": {
        # Django's default gives "django" its own console handler (when DEBUG) on top of the root's,
        # so every line printed twice; keep only its admin emails. Configuring "django" resets its
        # children, so runserver's access log is declared again as Django declares it.
        "django": {"handlers": ["mail_admins"]},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # A 403/404/4xx is a refusal the app meant to give: one line, no traceback.
        "django.request": {"filters": ["expected_refusals"]},
    },
}

# System checks a deployment has decided to silence (``manage.py check --deploy``), comma-separated,
# e.g. ``security.W021`` when the site must not go on the browsers' HSTS preload list.
SILENCED_SYSTEM_CHECKS = env.csv_list("STINT_SILENCED_CHECKS", [])

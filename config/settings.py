"""Stint settings: one module, driven by environment variables (see README, "Configuration").

Defaults run on SQLite with no configuration at all. Every integration (PostgreSQL, Redis, SMTP)
is switched on only when its variable is set, and a malformed value stops start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config import builders, env, stack

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

INSTALLED_APPS = stack.INSTALLED_APPS
MIDDLEWARE = stack.MIDDLEWARE

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = stack.templates(BASE_DIR / "stint" / "templates")

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
DATABASES = builders.databases(
    url=DATABASE_URL,
    replica_url=DATABASE_REPLICA_URL,
    conn_max_age=DB_CONN_MAX_AGE,
    sqlite_path=VAR_DIR / "stint.sqlite3",
    sqlite_busy_timeout_ms=SQLITE_BUSY_TIMEOUT_MS,
    sqlite_test_name=env.string("STINT_SQLITE_TEST_NAME", "") or None,
)
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
CACHES = builders.caches(
    redis_url=REDIS_URL, key_prefix=env.string("STINT_CACHE_KEY_PREFIX", ""), timeout_ms=CACHE_TIMEOUT_MS
)
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
MAILERS = builders.mailers(
    testing=TESTING,
    smtp=builders.Smtp(
        host=EMAIL_URL_HOST,
        port=env.integer("EMAIL_PORT", 587, minimum=1),
        username=env.string("EMAIL_HOST_USER", ""),
        password=env.string("EMAIL_HOST_PASSWORD", ""),
        use_tls=env.boolean("EMAIL_USE_TLS", True),
    ),
)
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
SECURE_CSP = builders.CONTENT_SECURITY_POLICY
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

STORAGES = builders.storages(
    private_root=PRIVATE_MEDIA_ROOT,
    manifest_static=not (DEBUG or TESTING),
    s3=builders.S3(
        bucket=STINT_S3_BUCKET,
        endpoint_url=STINT_S3_ENDPOINT_URL,
        region=STINT_S3_REGION,
        access_key_id=STINT_S3_ACCESS_KEY_ID,
        secret_access_key=STINT_S3_SECRET_ACCESS_KEY,
        prefix=STINT_S3_PREFIX,
    ),
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Shipped languages (docs/i18n.md): each has complete catalogues in the apps' ``locale/`` folders,
# checked by ``make lint`` (scripts/i18n_check.py). Project-level templates keep theirs in
# stint/templates/locale.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "stint" / "templates" / "locale"]
LANGUAGE_COOKIE_NAME = "stint_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Marketplace rules (PRODUCT.md); each is a setting ------------------------------------------
# Minimum effective hourly rate, in minor units per hour, per currency (docs/projects.md "Pay
# floors"): a currency is offered to companies only when it has a floor here. Minor units follow
# ISO 4217 (cents for USD; JPY has none, so 3000 is ¥3,000). The defaults are all about USD 20 an
# hour at the sample rates of data/rates.csv, so that posting in another currency never lowers
# the floor; each can be set on its own.
STINT_MIN_HOURLY_RATE_MINOR = {
    "USD": env.integer("STINT_MIN_HOURLY_RATE_USD", 2000, minimum=0),
    "EUR": env.integer("STINT_MIN_HOURLY_RATE_EUR", 1850, minimum=0),
    "GBP": env.integer("STINT_MIN_HOURLY_RATE_GBP", 1600, minimum=0),
    "CAD": env.integer("STINT_MIN_HOURLY_RATE_CAD", 2750, minimum=0),
    "AUD": env.integer("STINT_MIN_HOURLY_RATE_AUD", 3000, minimum=0),
    "BRL": env.integer("STINT_MIN_HOURLY_RATE_BRL", 11000, minimum=0),
    "CHF": env.integer("STINT_MIN_HOURLY_RATE_CHF", 1750, minimum=0),
    "INR": env.integer("STINT_MIN_HOURLY_RATE_INR", 170000, minimum=0),
    "JPY": env.integer("STINT_MIN_HOURLY_RATE_JPY", 3000, minimum=0),
    "MXN": env.integer("STINT_MIN_HOURLY_RATE_MXN", 37000, minimum=0),
    "NGN": env.integer("STINT_MIN_HOURLY_RATE_NGN", 3100000, minimum=0),
    "ZAR": env.integer("STINT_MIN_HOURLY_RATE_ZAR", 37000, minimum=0),
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
# Career exploration's public figures (field and occupation pages, docs/explore.md); 0 turns the cache off.
STINT_EXPLORE_CACHE_SECONDS = env.integer("STINT_EXPLORE_CACHE_SECONDS", 60, minimum=0)
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

LOGGING = builders.logging_config(
    log_format=STINT_LOG_FORMAT, root_level=env.string("STINT_LOG_LEVEL", "WARNING" if TESTING else "INFO")
)

# System checks a deployment has decided to silence (``manage.py check --deploy``), comma-separated,
# e.g. ``security.W021`` when the site must not go on the browsers' HSTS preload list.
SILENCED_SYSTEM_CHECKS = env.csv_list("STINT_SILENCED_CHECKS", [])

"""Settings for benchmark runs: the project's settings plus a minimal view at /bench/hello."""

import os as _os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdefghij"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Off by default (the bench measures the project's settings): BENCH_CONN_MAX_AGE=60 keeps SQLite
# connections open between requests, to measure what persistent connections would gain.
if _os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(_os.environ["BENCH_CONN_MAX_AGE"])  # noqa: F405
# To measure the candidate cap's trade-off (docs/search.md, "Bounded cost"); default: the project's.
if _os.environ.get("BENCH_MAX_CANDIDATES"):
    STINT_SEARCH_MAX_CANDIDATES = int(_os.environ["BENCH_MAX_CANDIDATES"])

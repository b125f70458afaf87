"""Settings values too long to write inline in ``config/settings.py``: the databases, the file
storages and the logging configuration, built from values that settings module has already read
and validated from the environment. Nothing here reads the environment itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP


def databases(
    *,
    url: str | None,
    replica_url: str | None,
    conn_max_age: int,
    sqlite_path: Path,
    sqlite_busy_timeout_ms: int,
    sqlite_test_name: str | None,
) -> dict[str, dict[str, Any]]:
    """PostgreSQL (with an optional read replica) when ``url`` names it; SQLite otherwise, at
    ``url``'s path or ``sqlite_path``."""
    if url and not url.startswith("sqlite"):
        result: dict[str, Any] = {
            "default": dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
        }
        result["default"].setdefault("OPTIONS", {})
        if replica_url:
            result["replica"] = dj_database_url.parse(replica_url, conn_max_age=conn_max_age, conn_health_checks=True)
            # A replica that does not answer is given up quickly (reads then go to the primary).
            result["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
            # The test run's database is created on the primary and streamed to the replica.
            result["replica"]["TEST"] = {"MIRROR": "default"}
        return result
    if replica_url:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL")
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": dj_database_url.parse(url)["NAME"] if url else str(sqlite_path),
            "OPTIONS": {
                # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN
                # so two writers queue on busy_timeout instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": sqlite_busy_timeout_ms / 1000,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    f"PRAGMA busy_timeout={sqlite_busy_timeout_ms};"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": sqlite_test_name},
        }
    }


@dataclass(frozen=True)
class S3:
    """The object storage settings (``STINT_S3_*``); an empty bucket means files stay on disk."""

    bucket: str
    endpoint_url: str | None
    region: str
    access_key_id: str
    secret_access_key: str
    prefix: str


def s3_storage(s3: S3, prefix: str) -> dict[str, Any]:
    """The STORAGES entry for one prefix of the bucket (keys from the environment or the instance role)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": s3.bucket,
            "endpoint_url": s3.endpoint_url,
            "region_name": s3.region,
            "access_key": s3.access_key_id or None,
            "secret_key": s3.secret_access_key or None,
            "location": "/".join(p for p in (s3.prefix, prefix) if p),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
            "signature_version": "s3v4",
            "addressing_style": "path" if s3.endpoint_url else None,
        },
    }


def storages(*, private_root: Path, manifest_static: bool, s3: S3) -> dict[str, dict[str, Any]]:
    """Public media, private files and static files: on disk, or in two prefixes of the bucket."""
    result: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private_root), "base_url": None},
        },
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if manifest_static
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    if s3.bucket:
        result["default"] = s3_storage(s3, "media")
        result["private"] = s3_storage(s3, "private")
    return result


def logging_config(*, log_format: str, root_level: str) -> dict[str, Any]:
    """Every line through the root's console handler, formatted as ``log_format`` (text or json)."""
    return {
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
            "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": log_format},
            "django.server": {"level": "INFO", "class": "logging.StreamHandler", "formatter": "django.server"},
            "mail_admins": {
                "level": "ERROR",
                "filters": ["require_debug_false"],
                "class": "django.utils.log.AdminEmailHandler",
            },
        },
        "root": {"handlers": ["console"], "level": root_level},
        "loggers": {
            # Django's default gives "django" its own console handler (when DEBUG) on top of the
            # root's, so every line printed twice; keep only its admin emails. Configuring "django"
            # resets its children, so runserver's access log is declared again as Django declares it.
            "django": {"handlers": ["mail_admins"]},
            "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
            # A 403/404/4xx is a refusal the app meant to give: one line, no traceback.
            "django.request": {"filters": ["expected_refusals"]},
        },
    }


def caches(*, redis_url: str | None, key_prefix: str, timeout_ms: int) -> dict[str, dict[str, Any]]:
    """Redis through the resilient backend (no call waits longer than ``timeout_ms``); else local memory."""
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stint"}}
    return {
        "default": {
            "BACKEND": "stint.core.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            # Several Stint sites (or test runs) can share one Redis database.
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {"socket_connect_timeout": timeout_ms / 1000, "socket_timeout": timeout_ms / 1000},
        }
    }


@dataclass(frozen=True)
class Smtp:
    """The SMTP server (``EMAIL_*``); an empty host means emails are printed to the console."""

    host: str
    port: int
    username: str
    password: str
    use_tls: bool


def mailers(*, testing: bool, smtp: Smtp) -> dict[str, dict[str, Any]]:
    """Kept in memory under test, sent through SMTP when a host is set, printed otherwise."""
    if testing:
        return {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    if not smtp.host:
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": smtp.host,
                "port": smtp.port,
                "username": smtp.username,
                "password": smtp.password,
                "use_tls": smtp.use_tls,
                "timeout": 20,
            },
        }
    }


# No inline scripts or styles (scripts carry the request's nonce), no third-party origins, no framing.
CONTENT_SECURITY_POLICY = {
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

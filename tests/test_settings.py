"""Settings come from the environment: zero configuration works, a malformed value stops start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def manage(tmp_path: Path, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py with a clean environment: only PATH, HOME and what the test passes."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "STINT_VAR_DIR": str(tmp_path / "var"),
    }
    clean.update(environ)
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_zero_config_start_passes_checks_on_sqlite(tmp_path):
    result = manage(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert (tmp_path / "var").is_dir()  # the SQLite database lives there


def test_zero_config_uses_sqlite_in_wal_mode_with_a_busy_timeout(tmp_path):
    code = (
        "from django.conf import settings; from django.db import connection; db = settings.DATABASES['default'];"
        "print(db['ENGINE']); print(db['OPTIONS']['transaction_mode']);"
        "c = connection.cursor(); print(c.execute('PRAGMA journal_mode').fetchone()[0]);"
        "print(c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    result = manage(tmp_path, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "IMMEDIATE", "wal", "20000"]


@pytest.mark.parametrize(
    ("environ", "site_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"STINT_PORT": "8201"}, "http://127.0.0.1:8201"),
        ({"STINT_PORT": "8201", "STINT_SITE_URL": "https://stint.example"}, "https://stint.example"),
    ],
)
def test_links_in_emails_follow_the_port_the_site_runs_on(tmp_path, environ, site_url):
    """Issue 16: with `make run` on another port, email links pointed at :8000."""
    result = manage(
        tmp_path, "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SITE_URL)", **environ
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == site_url


def test_production_mode_with_a_secret_key_passes_checks(tmp_path):
    result = manage(
        tmp_path, "check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="stint.example"
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be a boolean"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL must be a URL starting with"),
        ({"STINT_TASK_MAX_ATTEMPTS": "abc"}, "STINT_TASK_MAX_ATTEMPTS must be an integer, got 'abc'"),
        ({"STINT_TASK_MAX_ATTEMPTS": "0"}, "STINT_TASK_MAX_ATTEMPTS must be at least 1"),
        ({"STINT_PORT": "eighty"}, "STINT_PORT must be an integer, got 'eighty'"),
        ({"DJANGO_DEBUG": "false"}, "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false"),
        ({"REDIS_URL": "http://cache"}, "REDIS_URL must be a URL starting with"),
        ({"STINT_TASK_BACKEND": "celery"}, "STINT_TASK_BACKEND must be one of database, immediate"),
        ({"DJANGO_SECRET_KEY_FILE": "/nonexistent/secret"}, "DJANGO_SECRET_KEY_FILE points at"),
        (
            {"STINT_DEFAULT_CURRENCY": "XYZ"},
            "STINT_DEFAULT_CURRENCY must be one of AUD, BRL, CAD, CHF, EUR, GBP, INR, JPY, MXN, NGN, USD, ZAR",
        ),
        ({"STINT_SEARCH_TZ_OVERLAP_HOURS": "30"}, "STINT_SEARCH_TZ_OVERLAP_HOURS must be at most 24, got 30"),
        ({"STINT_PLANNER_DEFAULT_WEEKLY_HOURS": "ten"}, "STINT_PLANNER_DEFAULT_WEEKLY_HOURS must be an integer"),
    ],
)
def test_malformed_value_stops_start_up_with_a_clear_message(tmp_path, environ, message):
    result = manage(tmp_path, "check", **environ)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 60 + "\n")
    result = manage(
        tmp_path, "check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY_FILE=str(secret), DJANGO_ALLOWED_HOSTS="x.example"
    )
    assert result.returncode == 0, result.stderr


# --- the readers themselves (fast, in-process) -------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("no", False), ("", False)])
def test_boolean_reader(raw, expected):
    assert env.boolean("X", False, environ={"X": raw}) is expected


def test_readers_fall_back_to_defaults_when_unset():
    assert env.boolean("X", True, environ={}) is True
    assert env.integer("X", 7, environ={}) == 7
    assert env.csv_list("X", ["a"], environ={}) == ["a"]
    assert env.url("X", {"redis"}, environ={}) is None
    assert env.choice("X", "b", {"a", "b"}, environ={}) == "b"


def test_csv_list_strips_blanks():
    assert env.csv_list("X", [], environ={"X": " a.example , ,b.example"}) == ["a.example", "b.example"]


def test_url_reader_accepts_listed_schemes_only():
    assert env.url("X", {"postgres"}, environ={"X": "postgres://u@h/db"}) == "postgres://u@h/db"
    with pytest.raises(ImproperlyConfigured, match="X must be a URL"):
        env.url("X", {"postgres"}, environ={"X": "postgres:"})


_TLS_CODE = (
    "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_REDIRECT_EXEMPT)"
)
_PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "stint.example"}


def test_an_https_site_url_turns_on_hsts_and_the_https_redirect(tmp_path):
    result = manage(
        tmp_path, "shell", "--no-imports", "-c", _TLS_CODE, STINT_SITE_URL="https://stint.example", **_PRODUCTION
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') True True ['^healthz$', '^readyz$', '^metrics$']"
    )
    checked = manage(tmp_path, "check", "--deploy", STINT_SITE_URL="https://stint.example", **_PRODUCTION)
    assert "security.W004" not in checked.stderr + checked.stdout  # HSTS
    assert "security.W008" not in checked.stderr + checked.stdout  # SSL redirect


def test_tls_can_be_said_explicitly_or_turned_off(tmp_path):
    off = manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        _TLS_CODE,
        STINT_SITE_URL="https://stint.example",
        STINT_BEHIND_TLS="false",
        **_PRODUCTION,
    )
    assert off.returncode == 0, off.stderr
    assert off.stdout.split()[0:2] == ["False", "0"]


def test_behind_tls_with_an_http_site_url_stops_start_up(tmp_path):
    result = manage(tmp_path, "check", STINT_SITE_URL="http://stint.example", STINT_BEHIND_TLS="true", **_PRODUCTION)
    assert result.returncode != 0
    assert "STINT_BEHIND_TLS is true, so STINT_SITE_URL must start with https://" in result.stderr


def test_integer_reader_checks_its_range():
    assert env.integer("X", 4, environ={"X": "24"}, minimum=0, maximum=24) == 24
    with pytest.raises(ImproperlyConfigured, match="X must be at most 24, got 25"):
        env.integer("X", 4, environ={"X": "25"}, maximum=24)


def test_no_setting_hides_behind_a_default_in_the_code():
    """Every setting the code reads is declared (parsed, validated) once in config/settings.py and
    read as ``settings.NAME``; ``getattr(settings, "NAME", default)`` would hide a second default."""
    import re

    pattern = re.compile(r"getattr\(\s*settings\s*,\s*[\"']")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("stint", "config")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "/tests/" not in str(path)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []

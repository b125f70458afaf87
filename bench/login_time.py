"""A login's server time, per password hasher: ``python bench/login_time.py`` (part of ``make bench``).

Runs in-process against a throw-away SQLite database with the project's production settings
(``DJANGO_DEBUG=false``: the real ``PASSWORD_HASHERS``, not the tests' fast one) and times, for
the configured first hasher and for PBKDF2 (Django's default before Argon2id, docs/accounts.md):

* ``hash``: one ``check_password`` on a stored hash (what every login pays);
* ``POST /api/v1/auth/token`` and ``POST /accounts/login/``: a whole successful login through the
  Django test client (routing, rate-limit bookkeeping, database, session), measured around the call.

Environment: ``LOGIN_BENCH_REPEAT`` (logins per measurement, default 15).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
PASSWORD = "a-long-enough-passphrase-for-the-bench-42"


def _setup(tmp: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/login.sqlite3",
            "STINT_VAR_DIR": tmp,
            "STINT_EMAIL_VERIFICATION": "optional",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median": round(statistics.median(ordered) * 1000, 1),
        "p90": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))] * 1000, 1),
    }


def _measure(label: str, hashers: list[str], repeat: int) -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import identify_hasher
    from django.core.cache import cache
    from django.test import Client, override_settings

    # local import: Django is set up by main() before this runs
    from stint.accounts.models import User

    with override_settings(PASSWORD_HASHERS=hashers, ALLOWED_HOSTS=["testserver"]):
        email = f"bench-{label.lower()}@example.test"
        User.objects.filter(email=email).delete()
        user = User.objects.create_user(email=email, password=PASSWORD, name="Bench", role="talent")
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        algorithm = identify_hasher(user.password).algorithm
        results: dict[str, list[float]] = {"hash": [], "api_token": [], "web_login": []}
        for i in range(repeat):
            cache.clear()  # rate limits: these are successful logins, but keep each run independent
            user.refresh_from_db()
            started = time.perf_counter()
            assert user.check_password(PASSWORD)
            results["hash"].append(time.perf_counter() - started)

            client = Client(REMOTE_ADDR=f"10.0.{i // 250}.{i % 250 + 1}")
            started = time.perf_counter()
            response = client.post(
                "/api/v1/auth/token", {"email": email, "password": PASSWORD}, content_type="application/json"
            )
            results["api_token"].append(time.perf_counter() - started)
            assert response.status_code == 200, response.content

            started = time.perf_counter()
            response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
            results["web_login"].append(time.perf_counter() - started)
            assert response.status_code == 302, response.content[:500]
        user.refresh_from_db()
        return {
            "label": label,
            "stored_as": algorithm,
            "after_login": identify_hasher(user.password).algorithm,
            **{k: _ms(v) for k, v in results.items()},
        }


def main() -> None:
    repeat = int(os.environ.get("LOGIN_BENCH_REPEAT", "15"))
    with tempfile.TemporaryDirectory() as tmp:
        _setup(tmp)
        from django.conf import settings

        configured = list(settings.PASSWORD_HASHERS)
        rows = [_measure("configured", configured, repeat)]
        if configured[0] != PBKDF2:
            rows.append(_measure("pbkdf2", [PBKDF2], repeat))
    print(f"\nLogin server time (ms, {repeat} logins each, median / p90; cpu count {os.cpu_count()})\n")
    print(f"{'hasher':12} {'stored as':16} {'hash':>16} {'POST /auth/token':>18} {'POST /accounts/login/':>22}")
    for r in rows:
        cells = [f"{r[k]['median']} / {r[k]['p90']}" for k in ("hash", "api_token", "web_login")]
        print(f"{r['label']:12} {r['stored_as']:16} {cells[0]:>16} {cells[1]:>18} {cells[2]:>22}")


if __name__ == "__main__":
    main()

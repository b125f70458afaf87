"""Redis down (a port with nothing listening): pages and writes degrade, never fail.

Issue 9: with Redis stopped, login, signup and project pages answered 500, and an approval
answered 500 although it had committed and released the money (the cache invalidation after
commit raised). The shared Redis is never stopped here: the cache points at 127.0.0.1:1.
"""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError

import stint.organizations.reliability as reliability
from stint.accounts.models import User
from stint.core.cache import ResilientRedisCache, cache_ping
from stint.core.testing.factories import DEFAULT_PASSWORD
from stint.engagements.choices import EngagementStatus
from stint.engagements.tests.helpers import submit
from stint.payments import ledger
from stint.payments.choices import AccountKind
from stint.payments.invariants import ledger_violations
from stint.payments.models import LedgerTransaction
from stint.payments.tests.factories import engagement_for, funded_project

pytestmark = pytest.mark.django_db

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "stint.core.cache.ResilientRedisCache",
            "LOCATION": NOTHING_LISTENS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    from django.core.cache import caches

    assert isinstance(caches["default"], ResilientRedisCache)
    return settings


def test_the_cache_degrades_to_misses_and_dropped_writes(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="stint.core.cache"):
        cache.set("k", 1)
        assert cache.get("k") is None
        assert cache.get("k", "fallback") == "fallback"
        assert cache.add("k", 1) is True  # a lock or once-only marker proceeds: fail open
        assert cache.get_many(["a", "b"]) == {}
        assert cache.delete("k") is False
        assert cache.incr("counter") == 1  # a fresh counter: rate limits fail open
        assert cache.get_or_set("computed", lambda: 42) == 42
    assert "Redis unreachable" in caplog.text


def test_readyz_cache_probe_raises_when_redis_is_down(redis_down):
    with pytest.raises(RedisConnectionError):
        cache_ping()


def test_redis_url_configures_the_resilient_backend(tmp_path):
    from tests.test_settings import manage

    result = manage(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        REDIS_URL=NOTHING_LISTENS,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "stint.core.cache.ResilientRedisCache"


def test_login_page_and_login_work(redis_down, client, personas):
    assert client.get("/accounts/login/").status_code == 200
    wrong = client.post("/accounts/login/", {"login": personas.talent.email, "password": "not the password"})
    assert wrong.status_code == 200  # the form again, with its error
    assert client.session.get("_auth_user_id") is None
    right = client.post("/accounts/login/", {"login": personas.talent.email, "password": DEFAULT_PASSWORD})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.talent.pk)


def test_signup_works(redis_down, client):
    assert client.get("/accounts/signup/").status_code == 200
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Rhea Redisless",
            "email": "rhea@example.test",
            "role": "talent",
            "password1": "a long enough password 42",
            "password2": "a long enough password 42",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.filter(email="rhea@example.test").count() == 1


def test_project_page_works(redis_down, client, personas):
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    response = client.get(f"/projects/{project.pk}/")
    assert response.status_code == 200
    assert project.title in response.content.decode()
    client.force_login(personas.talent)
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    assert client.get("/search/").status_code == 200


def _talent_balance(talent, currency="USD"):
    account = ledger.account_for(AccountKind.TALENT_BALANCE, currency, user=talent)
    return ledger.account_balance(account)


def test_approval_answers_200_and_releases_the_money_once(
    redis_down, personas, api_client_for, django_capture_on_commit_callbacks
):
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    engagement = engagement_for(project, talent=personas.talent)
    submit(engagement, personas.talent)
    company = api_client_for(personas.company_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = company.post(f"engagements/{engagement.pk}/approve", headers={"Idempotency-Key": "redis-down"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == EngagementStatus.PAID
    with django_capture_on_commit_callbacks(execute=True):
        again = company.post(f"engagements/{engagement.pk}/approve", headers={"Idempotency-Key": "redis-down"})
    assert again.status_code == 200
    assert LedgerTransaction.objects.filter(engagement=engagement, kind="release").count() == 1
    assert _talent_balance(personas.talent) == engagement.fee_minor
    assert ledger_violations() == []


def test_a_failing_cache_invalidation_after_commit_never_fails_the_approval(
    personas, api_client_for, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """Any error (not only a lost connection) in an on-commit cache step is logged, not a 500."""

    def broken(organization):
        raise RuntimeError("cache exploded")

    monkeypatch.setattr(reliability, "organization_reliability_invalidate", broken)
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    engagement = engagement_for(project, talent=personas.talent)
    submit(engagement, personas.talent)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(personas.company_owner).post(f"engagements/{engagement.pk}/approve")
    assert response.status_code == 200, response.content
    assert "cache exploded" in caplog.text
    assert LedgerTransaction.objects.filter(engagement=engagement, kind="release").count() == 1
    assert _talent_balance(personas.talent) == engagement.fee_minor
    assert ledger_violations() == []

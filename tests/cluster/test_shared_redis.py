"""Redis shared by several web nodes (the real Redis at 127.0.0.1:6379, under a key prefix of its
own): one node's cache invalidation, rate-limit counters and sessions are every node's; with
Redis down the site serves, degraded."""

from __future__ import annotations

import uuid

import pytest
import redis
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import caches
from django.test import Client

from stint.core import ratelimit
from stint.core.cache import ResilientRedisCache
from stint.core.testing.faults import shared_database
from stint.skills import search as skill_search_module
from stint.skills.selectors import skill_search
from stint.skills.tests.factories import SkillFactory
from tests.test_settings import manage

REDIS = "redis://127.0.0.1:6379/0"
NOTHING_LISTENS = "redis://127.0.0.1:1/0"


def _redis_cache(location: str, prefix: str) -> dict:
    return {
        "default": {
            "BACKEND": "stint.core.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def shared_redis(settings):
    prefix = f"stint-test-{uuid.uuid4().hex[:10]}"
    settings.CACHES = _redis_cache(REDIS, prefix)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    assert isinstance(caches["default"], ResilientRedisCache)
    yield prefix
    # Only this test's keys: Django's clear() would FLUSHDB a Redis others use.
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_redis_url_turns_on_shared_sessions_and_the_key_prefix(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], s.CACHES['default']['KEY_PREFIX'])"
    )
    result = manage(tmp_path, "shell", "-c", code, REDIS_URL=REDIS, STINT_CACHE_KEY_PREFIX="site1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.contrib.sessions.backends.cached_db",
        "stint.core.cache.ResilientRedisCache",
        "site1",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_skill_change_on_one_node_rebuilds_the_skill_index_on_another(shared_redis, tmp_path):
    SkillFactory(label="Survey design")
    assert [h.slug for h in skill_search("survey")]  # this process (node B) built its index
    version_before = skill_search_module._state["version"]
    with shared_database(tmp_path) as url:
        # Node A: another process, same database and Redis, invalidates the index.
        result = manage(
            tmp_path,
            "shell",
            "-c",
            "from stint.skills.search import index_invalidate; index_invalidate()",
            DATABASE_URL=url,
            REDIS_URL=REDIS,
            STINT_CACHE_KEY_PREFIX=shared_redis,
        )
    assert result.returncode == 0, result.stderr
    skill_search("survey")
    assert skill_search_module._state["version"] != version_before  # node B saw A's new version


def test_rate_limit_counters_are_shared_by_the_nodes(shared_redis):
    node_a = ResilientRedisCache(REDIS, {"KEY_PREFIX": shared_redis})
    node_b = ResilientRedisCache(REDIS, {"KEY_PREFIX": shared_redis})
    for _ in range(3):
        ratelimit.hit("login", "198.51.100.7", window_seconds=60)  # through the default cache
    key = ratelimit._key("login", "198.51.100.7", 60)
    assert node_a.get(key) == 3 and node_b.get(key) == 3
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.check("login", "198.51.100.7", limit=3, window_seconds=60)


@pytest.mark.django_db
def test_a_session_from_one_node_is_valid_on_another_and_survives_redis_going_down(shared_redis, settings, personas):
    client = Client()
    client.force_login(personas.talent)  # written to Redis and the database (cached_db)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore(session_key)[SESSION_KEY] == str(personas.talent.pk)
    assert client.get("/me/").status_code in (200, 302)
    settings.CACHES = _redis_cache(NOTHING_LISTENS, shared_redis)  # Redis gone
    response = client.get("/notifications/")
    assert response.status_code == 200  # still signed in: the session is read from the database
    assert response.wsgi_request.user == personas.talent

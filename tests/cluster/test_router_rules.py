"""The replica routing rules on their own (any database): which requests may read the replica,
and what the router answers. The real replica is exercised in test_replica.py (PostgreSQL)."""

from __future__ import annotations

import time

import pytest
from django.db import transaction
from django.test import RequestFactory

from stint.accounts.models import User
from stint.core import dbrouter
from stint.core.dbrouter import PIN_COOKIE, REPLICA, ReplicaRouter, reading_from_replica, replica_eligible
from stint.projects.models import Project

rf = RequestFactory()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    monkeypatch.setattr(dbrouter, "replica_reachable", lambda: True)


@pytest.mark.parametrize(
    ("method", "path", "eligible"),
    [
        ("get", "/projects/", True),
        ("get", "/api/v1/search/projects?q=data", True),
        ("head", "/organizations/northwind/", True),
        ("post", "/projects/", False),
        ("get", "/me/", False),
        ("get", "/engagements/", False),
        ("get", "/api/v1/me/balance", False),
    ],
)
def test_only_safe_requests_to_public_paths_may_read_the_replica(with_replica, method, path, eligible):
    assert replica_eligible(getattr(rf, method)(path)) is eligible


def test_a_fresh_pin_cookie_keeps_the_client_on_the_primary(with_replica):
    request = rf.get("/projects/")
    request.COOKIES[PIN_COOKIE] = str(int(time.time()) + 10)
    assert replica_eligible(request) is False
    request.COOKIES[PIN_COOKIE] = str(int(time.time()) - 1)
    assert replica_eligible(request) is True
    request.COOKIES[PIN_COOKIE] = "not-a-number"
    assert replica_eligible(request) is True


def test_nothing_reads_the_replica_when_none_is_configured():
    assert replica_eligible(rf.get("/projects/")) is False
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(Project) == "default"


@pytest.mark.django_db(transaction=True)
def test_the_router_sends_reads_to_the_replica_until_the_first_write(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Project) == "default"  # outside a replica-eligible request
    with reading_from_replica() as state:
        assert router.db_for_read(Project) == REPLICA
        assert router.db_for_read(User) == "default"  # identity rows: always the primary
        with transaction.atomic():
            assert router.db_for_read(Project) == "default"
        assert router.db_for_write(Project) == "default"
        assert state.wrote
        assert router.db_for_read(Project) == "default"
    assert router.allow_migrate(REPLICA, "projects") is False
    assert router.allow_migrate("default", "projects") is True

"""Read scaling with a REAL streaming replica: a second PostgreSQL cluster made by pg_basebackup
from the primary, streaming WAL. Replica lag is made on purpose with ``pg_wal_replay_pause()``:
what the replica has not replayed, only a read routed to the primary can see."""

from __future__ import annotations

import copy
import urllib.request
from collections.abc import Iterator

import pytest
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import Client

from stint.core import dbrouter
from stint.core.dbrouter import PIN_COOKIE, REPLICA
from stint.core.testing.cluster import Gunicorn, StreamingReplica
from stint.core.testing.faults import shared_database
from stint.projects.tests.factories import ProjectFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def replica_cluster() -> Iterator[StreamingReplica]:
    replica = StreamingReplica()
    try:
        yield replica
    finally:
        replica.cleanup()


@pytest.fixture
def replica(replica_cluster: StreamingReplica, transactional_db, settings, monkeypatch) -> Iterator[StreamingReplica]:
    """The ``replica`` connection of this test run: the test database, on the replica's port.

    The connection is installed in this thread's handler rather than in ``DATABASES`` (which Django
    reads once); ``test_a_web_node_with_database_replica_url_reads_from_the_replica`` covers the
    setting itself end to end."""
    config = copy.deepcopy(connections.settings["default"])
    config.update(HOST="127.0.0.1", PORT=str(replica_cluster.port), CONN_MAX_AGE=0)
    wrapper = DatabaseWrapper(config, alias=REPLICA)
    connections[REPLICA] = wrapper
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    monkeypatch.setattr(dbrouter, "_replica_down_until", [0.0])
    settings.STINT_REPLICA_PATHS = [*settings.STINT_REPLICA_PATHS, "/t/"]
    settings.ROOT_URLCONF = "tests.cluster.urls_replica"
    replica_cluster.wait_caught_up()
    try:
        yield replica_cluster
    finally:
        replica_cluster.resume_replay()
        wrapper.close()
        del connections[REPLICA]


def _found(client: Client, slug: str, **params: str) -> tuple[bool, str | None]:
    response = client.get(f"/t/categories/{slug}", params)
    assert response.status_code == 200
    return response.json()["found"], response.headers.get("X-Stint-Read-From")


def test_the_replica_is_a_real_streaming_standby(replica):
    assert replica.psql("SELECT pg_is_in_recovery()") == "t"
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database()")
        assert cursor.fetchone() == (True, connections["default"].settings_dict["NAME"])


def test_browse_reads_from_the_replica_and_sees_only_what_it_has_replayed(replica):
    replica.pause_replay()
    project = ProjectFactory()  # committed on the primary, not yet replayed
    visitor = Client()
    response = visitor.get("/api/v1/projects")
    assert response.status_code == 200
    assert response.headers["X-Stint-Read-From"] == REPLICA
    assert str(project.pk) not in response.content.decode()
    page = visitor.get("/projects/")
    assert page.status_code == 200 and page.headers["X-Stint-Read-From"] == REPLICA
    assert project.title not in page.content.decode()

    replica.resume_replay()
    replica.wait_caught_up()
    response = visitor.get("/api/v1/projects")
    assert str(project.pk) in response.content.decode()


def test_pages_outside_the_replica_paths_read_from_the_primary(replica):
    replica.pause_replay()
    ProjectFactory()
    response = Client().get("/readyz?checks=database")
    assert response.status_code == 200
    assert "X-Stint-Read-From" not in response.headers


def test_a_writer_reads_their_own_write_while_the_replica_lags(replica):
    replica.pause_replay()
    writer, other = Client(), Client()
    created = writer.post("/t/categories")
    assert created.status_code == 201
    assert PIN_COOKIE in created.cookies  # pinned to the primary for STINT_REPLICA_PIN_SECONDS
    slug = created.json()["slug"]
    assert _found(writer, slug) == (True, None)  # primary: the writer sees the write
    assert _found(other, slug) == (False, REPLICA)  # someone else: the lagging replica


def test_an_api_client_is_pinned_by_its_token_through_the_shared_cache(replica):
    replica.pause_replay()
    token = {"HTTP_AUTHORIZATION": "Bearer stint_example_token"}
    writer = Client(**token)
    slug = writer.post("/t/categories").json()["slug"]
    writer.cookies.clear()  # an API client that keeps no cookies
    assert _found(writer, slug) == (True, None)
    assert _found(Client(HTTP_AUTHORIZATION="Bearer another_token"), slug) == (False, REPLICA)


def test_reads_inside_a_transaction_and_after_a_write_in_the_request_use_the_primary(replica):
    replica.pause_replay()
    slug = Client().post("/t/categories").json()["slug"]
    visitor = Client()
    assert _found(visitor, slug) == (False, REPLICA)
    assert _found(visitor, slug, atomic="1")[0] is True
    assert _found(visitor, slug, touch="1")[0] is True


def test_the_pin_expires(replica, settings):
    replica.pause_replay()
    writer = Client()
    slug = writer.post("/t/categories").json()["slug"]
    writer.cookies[PIN_COOKIE] = "1"  # an expiry in the past (1970)
    assert _found(writer, slug) == (False, REPLICA)


def test_without_a_replica_every_read_goes_to_the_primary(transactional_db, settings):
    settings.ROOT_URLCONF = "tests.cluster.urls_replica"
    settings.STINT_REPLICA_PATHS = ["/t/"]
    client = Client()
    created = client.post("/t/categories")
    assert PIN_COOKIE not in created.cookies
    assert _found(Client(), created.json()["slug"]) == (True, None)


def test_a_web_node_with_database_replica_url_reads_from_the_replica(replica_cluster, transactional_db, tmp_path):
    """The setting end to end: a gunicorn node started with DATABASE_REPLICA_URL."""
    replica_cluster.resume_replay()
    with shared_database(tmp_path) as url:
        replica_url = url.replace(":5432/", f":{replica_cluster.port}/")
        node = Gunicorn(
            env={"DATABASE_URL": url, "DATABASE_REPLICA_URL": replica_url, "STINT_VAR_DIR": str(tmp_path / "var")},
            log_dir=tmp_path,
            workers=1,
            threads=2,
        )
        try:
            replica_cluster.pause_replay()
            project = ProjectFactory()
            with urllib.request.urlopen(node.url + "/api/v1/projects", timeout=60) as response:
                assert response.headers["X-Stint-Read-From"] == REPLICA
                assert str(project.pk) not in response.read().decode()
            with urllib.request.urlopen(node.url + "/readyz?checks=database", timeout=60) as response:
                assert response.headers["X-Stint-Read-From"] is None
        finally:
            replica_cluster.resume_replay()
            node.stop()


def test_an_unreachable_replica_sends_reads_to_the_primary(transactional_db, settings, monkeypatch, caplog):
    config = copy.deepcopy(connections.settings["default"])
    config.update(HOST="127.0.0.1", PORT="1", CONN_MAX_AGE=0)  # nothing listens there
    wrapper = DatabaseWrapper(config, alias=REPLICA)
    connections[REPLICA] = wrapper
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    monkeypatch.setattr(dbrouter, "_replica_down_until", [0.0])
    try:
        project = ProjectFactory()
        response = Client().get("/api/v1/projects")
        assert response.status_code == 200
        assert "X-Stint-Read-From" not in response.headers
        assert str(project.pk) in response.content.decode()
        assert "replica unreachable" in caplog.text
        assert dbrouter._replica_down_until[0] > 0  # the next requests do not even try for a while
    finally:
        del connections[REPLICA]

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from stint.accounts.services import token_issue
from stint.core.errors import Conflict
from stint.core.idempotency import IdempotencyKeyReused, run_idempotent
from stint.core.models import FailedTask, IdempotencyKey

URLCONF = "stint.core.tests.urls_for_tests"


@pytest.fixture
def counter(db):
    return FailedTask.objects.create(task_path="counter", attempts=0, error="")


def value(counter) -> int:
    counter.refresh_from_db()
    return counter.attempts


def bump(client, counter, key=None, **body):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/test-api/bump", {"counter_id": counter.pk, **body}, headers=headers)


pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]


def test_replay_returns_the_same_response_and_runs_once(api_client_for, personas, counter):
    client = api_client_for(personas.company_owner)
    first = bump(client, counter, key="k-1")
    second = bump(client, counter, key="k-1")
    assert first.status_code == second.status_code == 201
    assert first.content == second.content == b'{"value": 1}'
    assert "Idempotent-Replayed" not in first
    assert second["Idempotent-Replayed"] == "true"
    assert value(counter) == 1
    assert IdempotencyKey.objects.get().state == IdempotencyKey.State.COMPLETED


def test_same_key_with_a_different_body_is_422_idempotency_key_reused(api_client_for, personas, counter):
    client = api_client_for(personas.company_owner)
    assert bump(client, counter, key="k-2").status_code == 201
    response = bump(client, counter, key="k-2", amount=5)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "idempotency_key_reused"
    assert value(counter) == 1


def test_without_a_key_the_operation_runs_each_time(api_client_for, personas, counter):
    client = api_client_for(personas.company_owner)
    assert bump(client, counter).json() == {"value": 1}
    assert bump(client, counter).json() == {"value": 2}
    assert not IdempotencyKey.objects.exists()


def test_keys_are_per_user(api_client_for, personas, counter):
    bump(api_client_for(personas.company_owner), counter, key="shared")
    bump(api_client_for(personas.other_company_member), counter, key="shared")
    assert value(counter) == 2


def test_an_application_error_releases_the_key_so_a_retry_may_run(api_client_for, personas, counter):
    client = api_client_for(personas.company_owner)
    refused = bump(client, counter, key="k-3", fail=True)
    assert refused.status_code == 409
    assert refused.json()["code"] == "refused_on_purpose"
    assert not IdempotencyKey.objects.exists()
    # The error is not replayed: the same request runs again (and is refused again).
    assert bump(client, counter, key="k-3", fail=True).status_code == 409
    assert value(counter) == 0


def test_an_empty_or_overlong_key_is_a_validation_error(api_client_for, personas, counter):
    client = api_client_for(personas.company_owner)
    response = client.post("/test-api/bump", {"counter_id": counter.pk}, headers={"Idempotency-Key": "x" * 256})
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_invalid"
    assert value(counter) == 0


def test_sequential_duplicates_through_run_idempotent_execute_once(personas, counter):
    """The SQLite-friendly version of the race: ten duplicates one after another."""
    factory = RequestFactory()
    runs = []

    def operation():
        runs.append(1)
        FailedTask.objects.filter(pk=counter.pk).update(attempts=counter.attempts + 1)
        return 201, {"value": 1}

    responses = []
    for _ in range(10):
        request = factory.post("/x", b'{"a": 1}', content_type="application/json", headers={"Idempotency-Key": "seq"})
        request.user = personas.talent
        responses.append(run_idempotent(request, "test.seq", operation))
    assert len(runs) == 1
    assert value(counter) == 1
    assert {r.status_code for r in responses} == {201}
    assert {r.content for r in responses} == {b'{"value": 1}'}


def test_run_idempotent_raises_reused_for_a_different_body(personas):
    factory = RequestFactory()
    a = factory.post("/x", b"1", content_type="application/json", headers={"Idempotency-Key": "k"})
    b = factory.post("/x", b"2", content_type="application/json", headers={"Idempotency-Key": "k"})
    a.user = b.user = personas.talent
    run_idempotent(a, "test.body", lambda: {"ok": True})
    with pytest.raises(IdempotencyKeyReused) as excinfo:
        run_idempotent(b, "test.body", lambda: {"ok": True})
    assert excinfo.value.status == 422 and excinfo.value.code == "idempotency_key_reused"


def test_run_idempotent_releases_the_key_on_application_error(personas):
    factory = RequestFactory()
    request = factory.post("/x", b"1", content_type="application/json", headers={"Idempotency-Key": "k"})
    request.user = personas.talent

    def refuse():
        raise Conflict("no", code="nope")

    with pytest.raises(Conflict):
        run_idempotent(request, "test.err", refuse)
    assert not IdempotencyKey.objects.exists()
    assert run_idempotent(request, "test.err", lambda: {"ok": True}).status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_execute_once(personas) -> None:
    counter = FailedTask.objects.create(task_path="counter", attempts=0, error="")
    _, secret = token_issue(user=personas.company_owner, name="race")
    barrier = threading.Barrier(10)
    results: list[tuple[int, bytes, str]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            client = Client()
            barrier.wait(timeout=10)
            response = client.post(
                "/test-api/bump",
                {"counter_id": counter.pk, "sleep_ms": 300},
                content_type="application/json",
                headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": "race-1"},
            )
            results.append((response.status_code, response.content, response.get("Idempotent-Replayed", "")))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    with override_settings(ROOT_URLCONF=URLCONF):
        threads = [threading.Thread(target=worker) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == 10
    assert value(counter) == 1
    assert {status for status, _, _ in results} == {201}
    assert {body for _, body, _ in results} == {b'{"value": 1}'}
    assert sum(1 for _, _, replayed in results if replayed == "true") == 9

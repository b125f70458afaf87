"""The permission matrix, generated from the OpenAPI document (issue 10, docs/testing.md).

Every operation of ``/api/v1/openapi.json`` has one row in ``MATRIX`` (written in
``tests/permission_matrix_marketplace.py`` and ``tests/permission_matrix_network.py``, in the
vocabulary of ``tests/permission_rows.py``) saying which object of the
fixture world (``tests/permission_world.py``) its path parameters name, which personas may use it
and what each other persona gets. A new operation without a row fails
``test_every_operation_has_a_row``. For every row:

* anonymous gets 401, unless the document marks the operation public (``security: []`` or an
  empty requirement), in which case the row states what anonymous gets;
* every refused persona gets its stated status: 404 for another tenant's object (the house rule,
  ARCHITECTURE rule 2), 403 only where a role is missing on a resource that is not secret (a company
  account on a talent-only ``/me`` resource, a plain member on a manager's action, staff-only
  verification, the wrong side of one's own engagement);
* after every refusal the database is unchanged: every table's row count and a hash of all its
  rows equal the world's (``tests/permission_support.py`` lists the excluded tables and columns);
* every allowed persona gets past authorization (neither 401, 403 nor 404, and no 5xx): this proves
  that the refused personas' 404 is about them, not about a path that names nothing.

The world is built once per module inside a transaction; each test runs in a savepoint that is
rolled back, so every test starts from the same rows (measured runtime in docs/testing.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from stint.accounts.models import ApiToken
from stint.notifications.models import Notification
from tests import permission_matrix_marketplace as marketplace
from tests import permission_matrix_network as network
from tests import permission_support as support
from tests.permission_rows import PUBLIC, Row
from tests.permission_world import PERSONAS, World, build_world, store_submission_file

# The rows live in two modules by area; an operation has one row in one of them.
assert not set(marketplace.ROWS) & set(network.ROWS), set(marketplace.ROWS) & set(network.ROWS)
MATRIX: dict[str, Row] = {**marketplace.ROWS, **network.ROWS}


# --- the world ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[tuple[World, dict[str, Any]]]:
    """The world and its snapshot, built once; each test's own transaction is a savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built, support.snapshot()
        transaction.set_rollback(True)


DOCUMENT = support.api_document()
OPERATIONS = support.operations(DOCUMENT)


def _path(op: support.Operation, target: dict[str, str], w: World) -> str:
    values = {}
    for name in re.findall(r"{(\w+)}", op.path):
        ref = target[name]
        if ref.startswith("value:"):
            values[name] = ref.removeprefix("value:")
        elif ref.startswith("user:"):
            values[name] = w.users[ref.removeprefix("user:")].pk
        else:
            values[name] = w.objects[ref].pk
    return op.path.format(**values)


def _body(op: support.Operation, row: Row, w: World) -> tuple[str, Any] | None:
    if row.body is not None:
        return row.body(w)
    return support.default_body(op, DOCUMENT)


def _request(key: str, persona: str | None, w: World, settings: Any, target: dict[str, str] | None = None) -> Any:
    op, row = OPERATIONS[key], MATRIX[key]
    for name, value in row.settings.items():
        setattr(settings, name, value)
    store_submission_file(w)
    return support.call(
        op.method, _path(op, target or row.target, w), headers=w.headers(persona), body=_body(op, row, w)
    )


def _assert_refused(response: Any, expected: int, baseline: dict[str, Any], what: str) -> None:
    assert response.status_code == expected, f"{what}: {response.status_code} {response.content[:300]!r}"
    assert response["Content-Type"].startswith("application/problem+json"), what
    changed = support.changed_tables(baseline, support.snapshot())
    assert not changed, f"{what} was refused but changed {changed}"


# --- the cases ---------------------------------------------------------------------------------------


def _cases() -> dict[str, list[Any]]:
    anonymous, refused, allowed = [], [], []
    for key in sorted(MATRIX):
        row = MATRIX[key]
        anonymous.append(pytest.param(key, id=key))
        for persona, status in sorted(row.refused.items()):
            refused.append(pytest.param(key, persona, status, None, id=f"{key} as {persona}"))
        for n, variant in enumerate(row.variants):
            for persona, status in sorted(variant.refused.items()):
                refused.append(pytest.param(key, persona, status, n, id=f"{key} as {persona} (variant {n})"))
        for persona in row.allowed:
            allowed.append(pytest.param(key, persona, id=f"{key} as {persona}"))
    return {"anonymous": anonymous, "refused": refused, "allowed": allowed}


CASES = _cases()


def test_every_operation_has_a_row() -> None:
    missing = sorted(OPERATIONS.keys() - MATRIX.keys())
    stale = sorted(MATRIX.keys() - OPERATIONS.keys())
    assert not missing, f"operations without a row in MATRIX: {missing}"
    assert not stale, f"rows for operations that no longer exist: {stale}"


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_every_row_places_every_persona_once(key: str) -> None:
    row = MATRIX[key]
    assert set(row.allowed).isdisjoint(row.refused), key
    assert set(row.allowed) | set(row.refused) == set(PERSONAS), f"{key}: say what each persona gets"
    op = OPERATIONS[key]
    assert set(re.findall(r"{(\w+)}", op.path)) == set(row.target), f"{key}: the target names each path parameter"
    if row.anonymous == PUBLIC or row.anonymous != 401:
        assert op.is_public, f"{key}: only an operation the OpenAPI marks public may let anonymous past 401"


@pytest.mark.parametrize("key", [p.values[0] for p in CASES["anonymous"]])
def test_anonymous(key: str, world: Any, db: Any, settings: Any) -> None:
    w, baseline = world
    op, row = OPERATIONS[key], MATRIX[key]
    response = _request(key, None, w, settings)
    if row.anonymous == PUBLIC:
        assert op.is_public, key
        assert response.status_code not in (401, 403, 404) and response.status_code < 500, (
            f"{key}: anonymous {response.status_code} {response.content[:300]!r}"
        )
        return
    if row.anonymous == 401:
        assert not op.is_public, f"{key}: the OpenAPI marks it public, so the row must say what anonymous gets"
    _assert_refused(response, int(row.anonymous), baseline, f"{key} as anonymous")


@pytest.mark.parametrize(("key", "persona", "status", "variant"), CASES["refused"])
def test_refused(key: str, persona: str, status: int, variant: int | None, world: Any, db: Any, settings: Any) -> None:
    w, baseline = world
    target = MATRIX[key].variants[variant].target if variant is not None else None
    response = _request(key, persona, w, settings, target)
    _assert_refused(response, status, baseline, f"{key} as {persona}")


@pytest.mark.parametrize(("key", "persona"), CASES["allowed"])
def test_allowed(key: str, persona: str, world: Any, db: Any, settings: Any) -> None:
    w, _ = world
    response = _request(key, persona, w, settings)
    assert response.status_code not in (401, 403, 404) and response.status_code < 500, (
        f"{key} as {persona}: {response.status_code} {response.content[:300]!r}"
    )


def test_the_matrix_is_large_enough() -> None:
    """Counts reported in docs/testing.md; a shrinking matrix is a regression."""
    refusals = len(CASES["anonymous"]) + len(CASES["refused"])
    assert len(MATRIX) == len(OPERATIONS) >= 166
    assert refusals >= 980, refusals


def test_the_snapshot_sees_a_single_changed_value(world: Any, db: Any) -> None:
    """The "nothing changed" check is not vacuous: one changed column of one row is seen, and the
    excluded token stamp is not."""

    w, baseline = world
    assert support.changed_tables(baseline, support.snapshot()) == []
    ApiToken.objects.update(last_used_at=timezone.now())
    assert support.changed_tables(baseline, support.snapshot()) == []
    Notification.objects.filter(pk=w.notification.pk).update(title="Hello!")
    assert support.changed_tables(baseline, support.snapshot()) == ["notifications_notification"]

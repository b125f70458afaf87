"""Schemathesis over the whole OpenAPI document, in-process, as three callers (issue 9).

Fails on any 5xx, on a status code the document does not declare, on a content type it does not
declare and on a response body that does not match its schema. Small, deterministic budget for CI
(``STINT_SCHEMATHESIS_EXAMPLES`` per operation and generation mode, default 1); raise it locally
for a deeper run (docs/api.md, "Fuzzing")."""

from __future__ import annotations

from typing import Any

import pytest

from stint.accounts.services import token_issue
from stint.core.testing.schemathesis import examples_per_operation, load_schema, run_operations

EXAMPLES = examples_per_operation(1)


@pytest.fixture
def schema(db: Any) -> Any:
    from config.api import api

    return load_schema(api.get_openapi_schema(path_prefix="/api/v1/"))


def _bearer(personas: Any, name: str | None) -> dict[str, str]:
    if name is None:
        return {}

    _, secret = token_issue(user=getattr(personas, name), name="schemathesis")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.timeout(900)
@pytest.mark.parametrize("caller", [None, "talent", "company_owner"], ids=["anonymous", "talent", "company"])
def test_the_api_holds_against_schemathesis(caller, personas, schema):
    personas.organization
    operations, sent, failures = run_operations(schema, headers=_bearer(personas, caller), examples=EXAMPLES)
    print(f"schemathesis as {caller or 'anonymous'}: {operations} operations, {sent} cases, {len(failures)} failures")
    assert operations >= 90 and sent >= operations
    assert not failures, f"{len(failures)} failures in {sent} cases over {operations} operations:\n" + "\n".join(
        failures
    )

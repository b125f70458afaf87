"""Run Schemathesis in-process against the Django app (no network, no server), as a given caller.

``run_operations(api_doc, headers=…, examples=…)`` generates ``examples`` cases per operation (positive
and negative data, deterministic), sends each through Django's test handler (the test's database
transaction stays open, CSRF is enforced as for a browser) and returns every check failure as text.
Used by ``stint/core/tests/test_schemathesis.py``; ``STINT_SCHEMATHESIS_EXAMPLES`` raises the budget.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

import schemathesis
from django.http import HttpResponse, StreamingHttpResponse
from django.test.client import ClientHandler
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def examples_per_operation(default: int) -> int:
    return int(os.environ.get("STINT_SCHEMATHESIS_EXAMPLES", default))


class DjangoWSGI:
    """A WSGI app over Django's *test* handler: like ``config.wsgi.application``, but it does not close
    the database connection between requests (the test's transaction would be lost)."""

    def __init__(self) -> None:
        self.handler = ClientHandler(enforce_csrf_checks=True)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        response = self.handler(environ)
        headers = list(response.items())
        headers += [("Set-Cookie", c.output(header="")) for c in response.cookies.values()]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        if isinstance(response, StreamingHttpResponse):
            return [b"".join(response.streaming_content)]  # type: ignore[arg-type]  # sync content here
        assert isinstance(response, HttpResponse)
        return [response.content]


def load_schema(api_doc: dict[str, Any]) -> Any:
    schema = schemathesis.openapi.from_dict(api_doc)
    schema.app = DjangoWSGI()
    return schema


def _describe(case: Any, exc: BaseException) -> str:
    first = str(exc).strip().splitlines()[:12]
    return f"{case.operation.label}: " + "\n    ".join(first)


def _hypothesis_test(
    operation: Any, mode: GenerationMode, headers: dict[str, str], examples: int, seen: list[str], sent: list[int]
) -> Callable[[], None]:
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        sent[0] += 1
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 (collected and reported together)
            seen.append(_describe(case, exc))

    return check


def run_operations(
    schema: Any, *, headers: dict[str, str], examples: int, operations: set[str] | None = None
) -> tuple[int, int, list[str]]:
    """Run every operation (or the named ones). Returns (operations, cases sent, failures)."""
    failures: list[str] = []
    sent = [0]
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operations is not None and operation.label not in operations:
            continue
        ran += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            seen: list[str] = []
            try:
                _hypothesis_test(operation, mode, headers, examples, seen, sent)()
            except Unsatisfiable:
                continue  # no invalid input exists for an operation that takes none
            except Exception as exc:  # noqa: BLE001 (e.g. a strategy that cannot be built)
                failures.append(f"{operation.label} ({mode}): cannot generate: {exc}")
            failures.extend(dict.fromkeys(seen))  # one line per distinct failure
    return ran, sent[0], failures

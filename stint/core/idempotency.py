"""Idempotency-Key support for money-moving endpoints.

A request carrying ``Idempotency-Key`` is executed at most once per (user, operation, key):

* the first request inserts an ``IdempotencyKey`` row in state ``started`` (unique constraint),
  runs the operation and stores the response;
* a replay with the same key and the same body returns the stored response and changes nothing;
* the same key with a different body is ``422 idempotency_key_reused``;
* a concurrent duplicate that arrives while the first is still running waits for it and replays
  its response (or gets ``409 idempotency_key_in_progress`` if the first takes too long).

Errors raised as ``ApplicationError`` are not stored: they changed nothing, so a retry with the
same key may run again (as Stripe does for failed validation).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import json
import time
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from ninja import Status
from pydantic_core import to_jsonable_python

from stint.core.errors import ApplicationError, ValidationFailed
from stint.core.models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
WAIT_SECONDS = 10.0


class IdempotencyKeyReused(ApplicationError):
    code = "idempotency_key_reused"
    status = 422
    title = "This Idempotency-Key was used with a different request"


class IdempotencyKeyInProgress(ApplicationError):
    code = "idempotency_key_in_progress"
    status = 409
    title = "A request with this Idempotency-Key is still being processed"


def request_fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode() if request.method else b"")
    digest.update(b"\0")
    digest.update(request.path.encode())
    digest.update(b"\0")
    digest.update(request.body or b"")
    return digest.hexdigest()


def to_http_response(result: Any, schema: Any = None) -> HttpResponse:
    """Serialise an endpoint's result (HttpResponse, ``Status``, ``(status, obj)`` or obj) to JSON,
    through ``schema`` (a ninja Schema) when given so that model instances serialise as the API does."""
    if isinstance(result, HttpResponse):
        return result
    status = 200
    if isinstance(result, Status):
        status, result = result.status_code, result.value
    elif isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], int):
        status, result = result
    if status == 204:
        return HttpResponse(status=204)
    if schema is not None and not isinstance(result, schema):
        result = schema.model_validate(result, from_attributes=True)
    body = json.dumps(to_jsonable_python(result, by_alias=False), default=str)
    return HttpResponse(body, status=status, content_type="application/json")


def _replay(row: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(
        row.response_body, status=row.response_status or 200, content_type=row.response_content_type or None
    )
    response["Idempotent-Replayed"] = "true"
    return response


def run_idempotent(request: HttpRequest, scope: str, operation: Callable[[], Any], schema: Any = None) -> HttpResponse:
    """Run ``operation`` at most once for the request's Idempotency-Key (if it carries one)."""
    key = request.headers.get(HEADER)
    if key is None:
        return to_http_response(operation(), schema)
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValidationFailed(
            f"{HEADER} must be 1 to {MAX_KEY_LENGTH} characters",
            code="idempotency_key_invalid",
            errors=[{"field": HEADER, "message": "invalid length"}],
        )
    user: Any = request.user
    if not getattr(user, "is_authenticated", False):
        return to_http_response(operation(), schema)
    fingerprint = request_fingerprint(request)
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(user=user, scope=scope, key=key, request_hash=fingerprint)
    except IntegrityError:
        return _wait_and_replay(user, scope, key, fingerprint)

    try:
        response = to_http_response(operation(), schema)
    except ApplicationError:
        IdempotencyKey.objects.filter(pk=row.pk).delete()
        raise
    except Exception:
        IdempotencyKey.objects.filter(pk=row.pk).delete()
        raise
    if response.status_code >= 500:
        IdempotencyKey.objects.filter(pk=row.pk).delete()
        return response
    IdempotencyKey.objects.filter(pk=row.pk).update(
        state=IdempotencyKey.State.COMPLETED,
        response_status=response.status_code,
        response_body=response.content.decode("utf-8"),
        response_content_type=response.get("Content-Type", "application/json"),
    )
    return response


def _wait_and_replay(user: Any, scope: str, key: str, fingerprint: str) -> HttpResponse:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        row = IdempotencyKey.objects.filter(user=user, scope=scope, key=key).first()
        if row is not None and row.request_hash != fingerprint:
            raise IdempotencyKeyReused(
                "This Idempotency-Key was already used with a different request body; use a new key."
            )
        if row is not None and row.state == IdempotencyKey.State.COMPLETED:
            return _replay(row)
        if row is None:
            # The first attempt failed and released the key: this one may run now.
            raise IdempotencyKeyInProgress("The earlier request with this key failed; retry the request.")
        if time.monotonic() > deadline:
            raise IdempotencyKeyInProgress()
        time.sleep(0.05)


def idempotent(
    scope: str | None = None, schema: Any = None
) -> Callable[[Callable[..., Any]], Callable[..., HttpResponse]]:
    """Decorator for endpoint functions ``f(request, ...)`` that move money.

    Put it below ``@router.post(...)``. ``schema`` is the success response's Schema, used to
    serialise what the function returns (the stored replay must be byte-identical)."""

    def decorator(func: Callable[..., Any]) -> Callable[..., HttpResponse]:
        op_scope = scope or f"{func.__module__}.{func.__qualname__}"

        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return run_idempotent(request, f"{op_scope}:{request.path}", lambda: func(request, *args, **kwargs), schema)

        # Ninja resolves string annotations (``from __future__ import annotations``) in the
        # wrapper's module; give it the endpoint's signature with its annotations evaluated.
        with contextlib.suppress(NameError):
            wrapper.__signature__ = inspect.signature(func, eval_str=True)  # type: ignore[attr-defined]
        return wrapper

    return decorator

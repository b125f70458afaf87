"""Idempotency-Key support for money-moving endpoints.

A request carrying ``Idempotency-Key`` is executed at most once per (user, operation, key):

* the first request inserts an ``IdempotencyKey`` row in state ``started`` (unique constraint) with
  a lease (``STINT_IDEMPOTENCY_LEASE_SECONDS``), runs the operation and stores the response;
* a replay with the same key and the same body returns the stored response and changes nothing;
* the same key with a different body is ``422 idempotency_key_reused``;
* a concurrent duplicate that arrives while the first is still running waits for it and replays
  its response (or gets ``409 idempotency_key_in_progress`` if the first takes too long);
* if the process running the first request died (issue 9: keys stayed "started" for ever and
  answered 409 indefinitely, even when the payout had happened), the key's lease runs out and the
  next request with it takes the key over and runs the operation again. Operations behind
  ``@idempotent`` must therefore be safe to run again after a crash: they find the effect the dead
  request left (a payout stores the client's key on its row and returns that payout; an approval
  of an approved engagement returns it) instead of doing it twice.

Errors raised as ``ApplicationError`` are not stored: they changed nothing, so a retry with the
same key may run again (as Stripe does for failed validation).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import inspect
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Status
from pydantic_core import to_jsonable_python

from stint.core.errors import ApplicationError, ValidationFailed
from stint.core.models import IdempotencyKey

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
WAIT_SECONDS = 10.0


class IdempotencyKeyReused(ApplicationError):
    code = "idempotency_key_reused"
    status = 422
    title = _("This Idempotency-Key was used with a different request")


class IdempotencyKeyInProgress(ApplicationError):
    code = "idempotency_key_in_progress"
    status = 409
    title = _("A request with this Idempotency-Key is still being processed")


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
            gettext("%(header)s must be 1 to %(max)s characters") % {"header": HEADER, "max": MAX_KEY_LENGTH},
            code="idempotency_key_invalid",
            errors=[{"field": HEADER, "message": gettext("invalid length")}],
        )
    user: Any = request.user
    if not getattr(user, "is_authenticated", False):
        return to_http_response(operation(), schema)
    claimed = _claim(user, scope, key, request_fingerprint(request))
    if isinstance(claimed, HttpResponse):
        return claimed
    row = claimed
    # Only the holder of this lease may release or complete the key (after a takeover, the
    # request that lost its lease must not touch the new holder's row).
    mine = IdempotencyKey.objects.filter(
        pk=row.pk, state=IdempotencyKey.State.STARTED, lease_expires_at=row.lease_expires_at
    )
    try:
        response = to_http_response(operation(), schema)
    except Exception:
        mine.delete()
        raise
    if response.status_code >= 500:
        mine.delete()
        return response
    _complete(mine, response)
    return response


def _complete(mine: Any, response: HttpResponse) -> None:
    """Store the response for replays. (A process that dies before this leaves the key started;
    its lease then lets the next request with the key run the operation again.)"""
    mine.update(
        state=IdempotencyKey.State.COMPLETED,
        response_status=response.status_code,
        response_body=response.content.decode("utf-8"),
        response_content_type=response.get("Content-Type", "application/json"),
        lease_expires_at=None,
    )


def _lease_end() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=settings.IDEMPOTENCY_LEASE_SECONDS)


def _claim(user: Any, scope: str, key: str, fingerprint: str) -> IdempotencyKey | HttpResponse:
    """Take the key (a new row, or a started row whose lease ran out) or answer from it: the stored
    response, ``422 idempotency_key_reused``, or ``409 idempotency_key_in_progress`` after waiting
    up to ``WAIT_SECONDS`` for a live holder."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        lease = _lease_end()
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    user=user, scope=scope, key=key, request_hash=fingerprint, lease_expires_at=lease
                )
        except IntegrityError:
            pass
        row = IdempotencyKey.objects.filter(user=user, scope=scope, key=key).first()
        if row is None:
            continue  # the holder failed and released the key between our insert and our read
        if row.request_hash != fingerprint:
            raise IdempotencyKeyReused(
                gettext("This Idempotency-Key was already used with a different request body; use a new key.")
            )
        if row.state == IdempotencyKey.State.COMPLETED:
            return _replay(row)
        if row.lease_expires_at is None or row.lease_expires_at <= timezone.now():
            taken = IdempotencyKey.objects.filter(
                pk=row.pk, state=IdempotencyKey.State.STARTED, lease_expires_at=row.lease_expires_at
            ).update(lease_expires_at=lease)
            if taken:
                logger.warning("idempotency key %s of %s: lease ran out, running the request again", row.pk, scope)
                row.lease_expires_at = lease
                return row
            continue  # another request took it over first: look again
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
            wrapper.__signature__ = inspect.signature(func, eval_str=True)  # type: ignore[attr-defined]  # inspect reads it; functions do not declare it
        return wrapper

    return decorator

"""A tiny Ninja API used only by the idempotency tests (mounted with override_settings(ROOT_URLCONF))."""

from __future__ import annotations

import time

from django.db.models import F
from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI, Schema

from stint.core.api import AUTH, install_problem_handlers
from stint.core.errors import Conflict
from stint.core.idempotency import idempotent
from stint.core.models import FailedTask


class BumpIn(Schema):
    counter_id: int
    amount: int = 1
    fail: bool = False
    sleep_ms: int = 0


class CounterOut(Schema):
    value: int


api = NinjaAPI(urls_namespace="idempotency_test_api", auth=AUTH, docs_url=None, openapi_url=None)
install_problem_handlers(api)


@api.post("/bump", response={201: CounterOut})
@idempotent(schema=CounterOut)
def bump(request: HttpRequest, payload: BumpIn):
    """Increment a counter row (a FailedTask's ``attempts``), optionally slowly or failing."""
    if payload.fail:
        raise Conflict("Refused on purpose.", code="refused_on_purpose")
    if payload.sleep_ms:
        time.sleep(payload.sleep_ms / 1000)
    FailedTask.objects.filter(pk=payload.counter_id).update(attempts=F("attempts") + payload.amount)
    return 201, {"value": FailedTask.objects.get(pk=payload.counter_id).attempts}


urlpatterns = [path("test-api/", api.urls)]

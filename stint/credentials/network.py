"""Connections and references, page and API (issue 12, "Connections"; docs/credentials.md). The
connection itself (and its thread) is messaging's; the reference on the portfolio is ours."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST
from ninja import Router, Schema
from pydantic import Field

from stint.core.api import AUTH, ProblemSchema
from stint.core.errors import ApplicationError, NotFound
from stint.credentials.references import reference_consent, reference_state, reference_withdraw
from stint.messaging.connections import connection_get_for_user, connection_thread, connections_for_user
from stint.messaging.models import Connection

router = Router(tags=["connections"])
ERRORS: dict[int, Any] = {401: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema}


class ConnectionOut(Schema):
    id: uuid.UUID
    side: str = Field(description="`talent` or `supervisor`: your side of the connection")
    name: str = Field(description="The other person's name")
    organization: str
    project: str
    engagement_id: uuid.UUID
    thread_id: uuid.UUID = Field(description="Post with `POST /messages/threads/{thread_id}/messages`")
    reference: str = Field(description="`none`, `asked` (by you), `asked_of_you` or `listed` (both agreed)")
    reference_note: str


class ReferenceIn(Schema):
    note: str = Field(default="", max_length=600, description="The supervisor's short note (300 characters)")


def connection_out(connection: Connection, user: Any) -> dict[str, Any]:
    side = "talent" if user.pk == connection.talent_id else "supervisor"
    other = connection.supervisor if side == "talent" else connection.talent
    reference = getattr(connection, "reference", None)
    project = connection.engagement.project
    return {
        "id": connection.pk,
        "side": side,
        "name": other.name or (gettext("a member") if side == "talent" else gettext("a talent")),
        "organization": project.organization.name,
        "project": project.title,
        "engagement_id": connection.engagement_id,
        "thread_id": connection_thread(connection).pk,
        "reference": reference_state(connection=connection, user=user),
        "reference_note": reference.note if reference is not None else "",
    }


def _connections(user: Any) -> list[Connection]:
    return list(connections_for_user(user=user).select_related("reference"))


@router.get("/me/connections", auth=AUTH, response={200: list[ConnectionOut], 401: ProblemSchema})
def my_connections(request: HttpRequest) -> list[dict[str, Any]]:
    """The people you worked with on an approved engagement: as its talent, your supervisors; as a
    supervisor, your talent. Each has a thread of its own and a reference state."""
    return [connection_out(c, request.user) for c in _connections(request.user)]


@router.post("/connections/{connection_id}/reference", auth=AUTH, response={200: ConnectionOut, **ERRORS})
def reference_give(request: HttpRequest, connection_id: uuid.UUID, payload: ReferenceIn) -> dict[str, Any]:
    """Give your consent to the reference: the talent asks, the supervisor agrees (or the other way
    round). Listed on the talent's portfolio once both agreed."""
    connection = connection_get_for_user(user=request.user, connection_id=connection_id)
    reference_consent(actor=request.user, connection=connection, note=payload.note)
    return connection_out(connection_get_for_user(user=request.user, connection_id=connection_id), request.user)


@router.post("/connections/{connection_id}/reference/withdraw", auth=AUTH, response={200: ConnectionOut, **ERRORS})
def reference_take_back(request: HttpRequest, connection_id: uuid.UUID) -> dict[str, Any]:
    """Withdraw your consent: the reference disappears from the portfolio at once."""
    connection = connection_get_for_user(user=request.user, connection_id=connection_id)
    reference_withdraw(actor=request.user, connection=connection)
    return connection_out(connection_get_for_user(user=request.user, connection_id=connection_id), request.user)


@login_required
@require_http_methods(["GET", "HEAD"])
def connections_page(request: HttpRequest) -> HttpResponse:
    items = [connection_out(c, request.user) for c in _connections(request.user)]
    return render(request, "credentials/connections.html", {"items": items})


@login_required
@require_POST
def reference_action(request: HttpRequest, connection_id: uuid.UUID, action: str) -> HttpResponse:
    try:
        connection = connection_get_for_user(user=request.user, connection_id=connection_id)
        if action == "give":
            reference_consent(actor=request.user, connection=connection, note=request.POST.get("note", ""))
            messages.success(request, gettext("Your consent is recorded."))
        elif action == "withdraw":
            reference_withdraw(actor=request.user, connection=connection)
            messages.success(request, gettext("Your consent is withdrawn; the reference is not listed."))
        else:
            raise NotFound(gettext("Unknown action."))
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("credentials:connections")

from __future__ import annotations

import json

import pytest

from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.problem import PROBLEM_CONTENT_TYPE, error_to_problem, problem_response

pytestmark = pytest.mark.django_db


def test_application_error_renders_rfc9457_problem_json(rf):
    request = rf.post("/api/v1/projects/1/publish")
    response = error_to_problem(request, Conflict("Already published.", code="illegal_transition"))
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = json.loads(response.content)
    assert body == {
        "type": "https://stint.dev/problems/illegal-transition",
        "title": "The request conflicts with the current state",
        "status": 409,
        "detail": "Already published.",
        "code": "illegal_transition",
        "instance": "/api/v1/projects/1/publish",
    }


def test_validation_errors_carry_field_errors(rf):
    exc = ValidationFailed(
        "Fee too low.", code="fee_below_minimum_rate", errors=[{"field": "fee", "message": "at least 20 USD/h"}]
    )
    body = json.loads(error_to_problem(rf.get("/"), exc).content)
    assert body["status"] == 422 and body["code"] == "fee_below_minimum_rate"
    assert body["errors"] == [{"field": "fee", "message": "at least 20 USD/h"}]


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [(NotFound(), 404, "not_found"), (PermissionDenied(), 403, "permission_denied"), (Conflict(), 409, "conflict")],
)
def test_error_family_has_stable_defaults(exc, status, code):
    assert (exc.status, exc.code) == (status, code)
    assert exc.as_problem()["detail"] == exc.title


def test_401_problem_tells_the_client_how_to_authenticate(rf):
    response = problem_response(rf.get("/"), status=401, code="not_authenticated", title="Authentication required")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_api_schema_validation_is_problem_json_with_errors(api_client_for):
    response = api_client_for(None).post("auth/signup", {"email": "a@example.test"})
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert {"type", "title", "status", "detail", "code", "errors"} <= body.keys()
    assert body["code"] == "validation_error"
    assert {"password", "name", "role"} <= {e["field"] for e in body["errors"]}


def test_unknown_api_path_is_problem_json_404(client):
    response = client.get("/api/v1/does-not-exist")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_html_post_error_becomes_a_message_and_redirect(client, personas, settings):
    """The middleware turns an ApplicationError escaping an HTML POST into a message + redirect back."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from stint.core.middleware import ApplicationErrorMiddleware

    request = RequestFactory().post("/somewhere/", headers={"Referer": "http://testserver/back/"})
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request.session = SessionStore()
    setattr(request, "_messages", FallbackStorage(request))
    middleware = ApplicationErrorMiddleware(lambda r: HttpResponse())
    response = middleware.process_exception(request, Conflict("Not now.", code="x"))
    assert response is not None
    assert response.status_code == 302 and response["Location"] == "http://testserver/back/"
    assert [str(m) for m in get_messages(request)] == ["Not now."]
    # A foreign referer is not followed.
    request = RequestFactory().post("/somewhere/", headers={"Referer": "https://evil.example/"})
    request.session = SessionStore()
    setattr(request, "_messages", FallbackStorage(request))
    response = middleware.process_exception(request, Conflict("x"))
    assert response is not None and response["Location"] == "/"

"""Hostile input over the real endpoints: every case is a 4xx problem+json with a stable code, in
production mode (the test client runs with DEBUG=False), and changes nothing.

Each case was a 500 (or an HTML 400) before the request guard, the strict JSON parser, the bounded
schemas and the pagination limits (docs/api.md, "Hostile input").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from stint.accounts.models import User
from stint.accounts.services import token_issue
from stint.payments.models import Payout
from stint.payments.tests.factories import funded_project
from stint.projects.models import Project
from stint.projects.tests.helpers import api_payload
from stint.talent.models import BlockedPeriod

HUGE = 10**20


@dataclass
class Case:
    persona: str | None  # None: anonymous
    method: str
    path: str  # "{org}" and "{project}" are filled in
    status: int
    code: str
    body: Any = None  # dict → JSON; bytes/str → sent as is with ``content_type``
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    query: str = ""


def _fee(amount: int) -> dict[str, Any]:
    return {"fee": {"amount_minor": amount, "currency": "USD"}}


CASES = {
    # NUL bytes: anonymous endpoints first (the token and signup endpoints reach the database).
    "token-email-nul": Case(
        None, "post", "auth/token", 400, "invalid_characters", {"email": "a\u0000@x.test", "password": "p"}
    ),
    "signup-name-nul": Case(
        None,
        "post",
        "auth/signup",
        400,
        "invalid_characters",
        {"email": "new@x.test", "password": "a-long-password-1", "name": "Eve\u0000", "role": "talent"},
    ),
    "signup-raw-nul": Case(None, "post", "auth/signup", 400, "invalid_characters", b'{"email": "a\x00"}'),
    "query-nul": Case(None, "get", "projects", 400, "invalid_characters", query="q=%00"),
    "skills-query-nul": Case(None, "get", "skills", 400, "invalid_characters", query="q=py%00thon"),
    "search-nul": Case(None, "get", "search/projects", 400, "invalid_characters", query="category=a%00"),
    "path-nul": Case(None, "get", "projects/%00", 400, "invalid_characters"),
    "header-nul": Case(None, "get", "projects", 400, "invalid_characters", headers={"Authorization": "Bearer x\x00y"}),
    "cookie-nul": Case(None, "get", "projects", 400, "invalid_characters", headers={"Cookie": "sessionid=a\x00b"}),
    "idempotency-key-nul": Case(
        "talent",
        "post",
        "me/payouts",
        400,
        "invalid_characters",
        {"amount_minor": 100, "currency": "USD"},
        headers={"Idempotency-Key": "k\x00"},
    ),
    "form-field-nul": Case(
        "talent",
        "post",
        "me/talent-profile/resume",
        400,
        "invalid_characters",
        "name=a%00b",
        content_type="application/x-www-form-urlencoded",
    ),
    "project-title-nul": Case(
        "company_owner", "post", "organizations/{org}/projects", 400, "invalid_characters", {"title": "T\u0000"}
    ),
    # Malformed bodies.
    "not-json": Case(None, "post", "auth/token", 400, "malformed_body", b'{"email": '),
    "not-utf8": Case(None, "post", "auth/token", 400, "malformed_body", b'{"email": "\xff\xfe"}'),
    "infinity": Case(
        "talent",
        "put",
        "me/capacity-pattern",
        400,
        "malformed_body",
        b'{"weekday_hours": [Infinity, 1, 1, 1, 1, 1, 1]}',
    ),
    "nan": Case(
        "talent", "put", "me/capacity-pattern", 400, "malformed_body", b'{"weekday_hours": [NaN, 1, 1, 1, 1, 1, 1]}'
    ),
    "multipart-without-boundary": Case(
        "talent",
        "post",
        "me/talent-profile/resume",
        400,
        "malformed_body",
        b"--x\r\n",
        content_type="multipart/form-data",
    ),
    "bad-content-length": Case(
        None, "post", "auth/token", 400, "malformed_body", {"email": "a"}, headers={"Content-Length": "x"}
    ),
    # Numbers beyond their columns.
    "fee-2-31": Case("company_owner", "post", "organizations/{org}/projects", 422, "validation_error", _fee(2**31)),
    "fee-huge": Case("company_owner", "post", "organizations/{org}/projects", 422, "validation_error", _fee(HUGE)),
    "hours-huge": Case(
        "company_owner", "post", "organizations/{org}/projects", 422, "validation_error", {"estimated_hours": 2**31}
    ),
    "payout-2-31": Case(
        "talent", "post", "me/payouts", 422, "validation_error", {"amount_minor": 2**40, "currency": "USD"}
    ),
    "min-fee-filter-huge": Case(None, "get", "projects", 422, "validation_error", query=f"min_fee={HUGE}"),
    "search-min-fee-huge": Case(
        None, "get", "search/projects", 422, "invalid_search_parameters", query=f"min_fee={HUGE}"
    ),
    "weekly-hours-huge": Case("talent", "put", "me/talent-profile", 422, "validation_error", {"weekly_hours": HUGE}),
    # Dates at the end of time, and a deadline without a time zone.
    "start-9999": Case(
        "company_owner",
        "post",
        "organizations/{org}/projects",
        422,
        "validation_error",
        {"start_date": "9999-12-31", "due_date": "9999-12-31"},
    ),
    "naive-deadline": Case(
        "company_owner",
        "post",
        "organizations/{org}/projects",
        422,
        "validation_error",
        # A date alone is the end of that day in the project's zone (docs/projects.md); a time
        # without an offset is ambiguous and refused.
        {"application_deadline": "2026-12-09T10:00:00"},
    ),
    "blocked-9999": Case(
        "talent",
        "put",
        "me/talent-profile",
        422,
        "validation_error",
        {"blocked_periods": [{"start": "9999-12-30", "end": "9999-12-31"}]},
    ),
    "due-date-request-9999": Case(
        "talent",
        "post",
        "engagements/00000000-0000-0000-0000-000000000000/due-date-requests",
        422,
        "validation_error",
        {"due_date": "9999-12-31", "reason": "x"},
    ),
    "infinity-in-query": Case(None, "get", "projects", 422, "validation_error", query="max_hours=inf"),
    # Pages past any OFFSET the database can hold.
    "projects-page": Case(None, "get", "projects", 422, "validation_error", query=f"page={HUGE}"),
    "search-page": Case(None, "get", "search/projects", 422, "invalid_search_parameters", query=f"page={HUGE}"),
    "my-applications-page": Case("talent", "get", "me/applications", 422, "page_out_of_range", query=f"page={HUGE}"),
    "my-engagements-page": Case("talent", "get", "me/engagements", 422, "page_out_of_range", query=f"page={HUGE}"),
    "my-payouts-page": Case("talent", "get", "me/payouts", 422, "page_out_of_range", query=f"page={HUGE}"),
    "saved-searches-page": Case("talent", "get", "me/saved-searches", 422, "page_out_of_range", query=f"page={HUGE}"),
    "my-organizations-page": Case(
        "company_owner", "get", "me/organizations", 422, "page_out_of_range", query=f"page={HUGE}"
    ),
    "members-page": Case(
        "company_owner", "get", "organizations/{org}/members", 422, "page_out_of_range", query=f"page={HUGE}"
    ),
    "invitations-page": Case(
        "company_owner", "get", "organizations/{org}/invitations", 422, "page_out_of_range", query=f"page={HUGE}"
    ),
    "applicants-page": Case(
        "company_owner", "get", "projects/{project}/applications", 422, "page_out_of_range", query=f"page={HUGE}"
    ),
    "notifications-page": Case("talent", "get", "me/notifications", 422, "page_out_of_range", query=f"page={HUGE}"),
    "page-size-huge": Case("talent", "get", "me/engagements", 422, "page_out_of_range", query=f"page_size={HUGE}"),
    # List parameters are capped.
    "skills-filter-cap": Case(
        None, "get", "projects", 422, "too_many_values", query="skills=" + ",".join(f"s{i}" for i in range(21))
    ),
    "skills-filter-cap-repeated": Case(
        None, "get", "projects", 422, "too_many_values", query="&".join(f"skills=s{i}" for i in range(21))
    ),
    "search-skills-cap": Case(
        None, "get", "search/projects", 422, "too_many_values", query="skills=" + ",".join(f"s{i}" for i in range(21))
    ),
    "deliverables-cap": Case(
        "company_owner", "post", "organizations/{org}/projects", 422, "too_many_values", {"deliverables": ["x"] * 101}
    ),
}


def _counts() -> tuple[int, ...]:
    return (User.objects.count(), Project.objects.count(), Payout.objects.count(), BlockedPeriod.objects.count())


@pytest.fixture
def world(personas: Any) -> dict[str, str]:
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    personas.talent
    return {"org": str(personas.organization.pk), "project": str(project.pk)}


def _client(personas: Any, name: str | None) -> Client:
    client = Client()
    if name is not None:
        _, secret = token_issue(user=getattr(personas, name), name="test")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def _send(client: Client, case: Case, world: dict[str, str]) -> Any:
    url = "/api/v1/" + case.path.format(**world) + (f"?{case.query}" if case.query else "")
    headers = dict(case.headers)
    extra: dict[str, Any] = {}
    if "Content-Length" in headers:
        extra["CONTENT_LENGTH"] = headers.pop("Content-Length")
    if case.body is None:
        return getattr(client, case.method)(url, headers=headers, **extra)
    body = case.body
    if isinstance(body, dict):
        if case.path.endswith("/projects") and case.method == "post":
            body = api_payload(**body)
        body = json.dumps(body)
    return getattr(client, case.method)(url, body, content_type=case.content_type, headers=headers, **extra)


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_is_a_problem_with_a_stable_code_and_changes_nothing(name, personas, world, settings):
    assert settings.DEBUG is False  # production behaviour
    case = CASES[name]
    client = _client(personas, case.persona)
    before = _counts()
    response = _send(client, case, world)
    assert response.status_code == case.status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == case.code, body
    assert body["status"] == case.status
    assert _counts() == before


def test_the_naive_deadline_names_the_field(personas, world):
    client = _client(personas, "company_owner")
    response = _send(client, CASES["naive-deadline"], world)
    assert "application_deadline" in [e["field"] for e in response.json()["errors"]]


def test_the_same_project_with_an_aware_deadline_is_created(personas, world):
    """The refusals above are about the hostile value alone: the payload they start from is valid."""
    client = _client(personas, "company_owner")
    response = client.post(
        f"/api/v1/organizations/{world['org']}/projects", json.dumps(api_payload()), content_type="application/json"
    )
    assert response.status_code == 201, response.content


def test_an_oversized_json_body_is_413_problem_json(personas, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    before = _counts()
    body = json.dumps(api_payload(description="x" * 5_000))
    response = _client(personas, "company_owner").post(
        f"/api/v1/organizations/{world['org']}/projects", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "request_too_large"
    assert _counts() == before


def test_an_oversized_body_is_refused_by_its_declared_length(personas, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    response = Client().post(
        "/api/v1/auth/token",
        json.dumps({"email": "a@b.test"}),
        content_type="application/json",
        CONTENT_LENGTH="999999",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_too_many_query_parameters_are_413_problem_json(db, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = Client().get("/api/v1/projects?" + "&".join(f"p{i}=1" for i in range(11)))
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "request_too_large"


@pytest.mark.parametrize(
    ("path", "status"),
    [("/projects/?q=%00", 400), ("/search/?q=a&category=%00", 400), ("/accounts/login/?next=%00", 400)],
)
def test_html_pages_answer_hostile_query_strings_with_a_400_page(db, path, status):
    response = Client().get(path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")


def test_an_html_form_post_without_a_multipart_boundary_is_a_400(personas):
    client = Client()
    client.force_login(personas.talent)
    response = client.post("/talent/profile/", b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == 400

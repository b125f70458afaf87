"""The OpenAPI document says what the server does (issue 9; stint.core.openapi)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pydantic
import pytest

from config.api import api


@pytest.fixture(scope="module")
def doc() -> Any:
    return api.get_openapi_schema(path_prefix="/api/v1/")


def _operations(doc: Any):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def _models_of(annotation: Any, found: set[type]) -> None:
    """Every pydantic model reachable from ``annotation`` (fields, lists, unions, generics)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_of(field.annotation, found)
        return
    for arg in getattr(annotation, "__args__", ()) or ():
        _models_of(arg, found)


def test_no_two_different_models_share_a_component_name():
    """Found by walking every operation's models, independently of the generator: two classes with
    one name would be documented as one component, and one of them wrongly."""
    models: set[type] = set()
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _models_of(model, models)
                for response in operation.response_models.values():
                    _models_of(response, models)
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in models:
        if getattr(model, "__ninja_param_source__", None):
            continue  # Ninja's per-operation parameter wrappers are not components
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    collisions = {name: sorted(classes) for name, classes in by_name.items() if len(classes) > 1}
    assert collisions == {}


def test_the_generator_records_no_component_collision(doc):
    assert getattr(doc, "collisions", {}) == {}


def test_the_change_request_documents_its_own_message_body(doc):
    schemas = doc["components"]["schemas"]
    assert "message" in schemas["ChangeRequestIn"]["properties"]
    assert "body" in schemas["MessageIn"]["properties"]
    body = doc["paths"]["/api/v1/engagements/{engagement_id}/request-changes"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ChangeRequestIn"}


def test_every_error_response_is_problem_json(doc):
    assert doc["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail", "code"]
    for label, operation in _operations(doc):
        errors = {int(s): r for s, r in operation["responses"].items() if int(s) >= 400}
        assert {400, 503} <= set(errors), label
        for status, response in errors.items():
            assert response["content"] == {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }, (label, status)


def test_operations_declare_the_errors_they_can_return(doc):
    for label, operation in _operations(doc):
        statuses = {int(s) for s in operation["responses"]}
        public = operation.get("security") == [] or {} in operation.get("security", [])
        if not public:
            assert {401, 403} <= statuses, label
        if "{" in label:
            assert 404 in statuses, label
        if "requestBody" in operation:
            assert {413, 422} <= statuses, label


@pytest.mark.parametrize(
    ("label", "security"),
    [
        ("POST /api/v1/auth/token", []),
        ("POST /api/v1/auth/signup", []),
        ("GET /api/v1/skills", []),
        ("GET /api/v1/categories", []),
        ("GET /api/v1/search/projects", [{"BearerTokenAuth": []}, {"BrowserSessionAuth": []}, {}]),
        ("GET /api/v1/organizations/{organization_id}", []),
        ("GET /api/v1/projects", [{"BearerTokenAuth": []}, {"BrowserSessionAuth": []}, {}]),
        ("GET /api/v1/projects/{project_id}", [{"BearerTokenAuth": []}, {"BrowserSessionAuth": []}, {}]),
        ("GET /api/v1/me", [{"BearerTokenAuth": []}, {"BrowserSessionAuth": []}]),
    ],
)
def test_public_operations_are_marked_public(doc, label, security):
    assert dict(_operations(doc))[label]["security"] == security


def _param(doc: Any, label: str, name: str) -> dict[str, Any]:
    return next(p for p in dict(_operations(doc))[label]["parameters"] if p["name"] == name)


def test_enforced_limits_are_visible(doc):
    schemas = doc["components"]["schemas"]
    skills = _param(doc, "GET /api/v1/projects", "skills")["schema"]
    assert skills["maxItems"] == 20
    for label, operation in _operations(doc):
        for param in operation.get("parameters", []):
            if param["in"] == "query" and param["name"] == "page":
                assert (param["schema"]["minimum"], param["schema"]["maximum"]) == (1, 10_000), label
            if param["in"] == "query" and param["name"] == "page_size":
                assert param["schema"]["minimum"] == 1 and param["schema"]["maximum"] <= 100, label
    project = schemas["ProjectIn"]["properties"]
    fee = schemas["MoneyIn"]["properties"]["amount_minor"]
    assert (fee["minimum"], fee["maximum"]) == (0, 1_000_000_000)
    assert project["title"]["anyOf"][0]["maxLength"] > 0
    assert project["deliverables"]["anyOf"][0]["maxItems"] == 100
    deadline = project["application_deadline"]["anyOf"][0]
    assert "time zone" in deadline["description"]
    assert schemas["PayoutIn"]["properties"]["amount_minor"]["maximum"] == 1_000_000_000
    hours = schemas["PatternIn"]["properties"]["weekday_hours"]["anyOf"][0]
    assert hours["maxItems"] == 31

"""The OpenAPI document says what the server does (docs/api.md).

Ninja describes the happy path; this subclass of its generator adds what every operation can also
answer, all as ``application/problem+json`` with one ``Problem`` schema:

* ``400`` malformed body or forbidden characters (NUL), ``413`` body too large (operations with a
  body), ``422`` invalid parameters or body (operations with any input), ``503`` statement timeout
  (every operation; see ``stint.core.dbtimeout``);
* ``401``/``403`` on operations that require authentication, ``404`` on operations with path
  parameters, ``429`` on writes that take no credentials (rate limited per client); anything an endpoint declares itself (``409``, ``429``, ``402``…) is kept.

Public operations say so: ``security: []`` when no credentials are read, and an empty requirement
``{}`` beside the schemes when a caller may be anonymous. ``page``/``page_size`` show the bounds
that ``paginate`` enforces. Two different models with one name would share one component and
document the wrong body: the generator records every such collision (``collisions``), and a test
fails on any.
"""

from __future__ import annotations

import copy
from typing import Any

from ninja.openapi.schema import OpenAPISchema

from stint.core.pagination import MAX_PAGE, MAX_PAGE_SIZE

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_COMPONENT: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem. `code` is stable; tests and clients branch on it.",
    "type": "object",
    "properties": {
        "type": {"type": "string", "title": "Type"},
        "title": {"type": "string", "title": "Title"},
        "status": {"type": "integer", "title": "Status"},
        "detail": {"type": "string", "title": "Detail"},
        "code": {"type": "string", "title": "Code", "description": "Stable snake_case identifier"},
        "instance": {"type": "string", "title": "Instance"},
        "errors": {
            "type": "array",
            "title": "Errors",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
}
DESCRIPTIONS = {
    400: "Malformed request (unparsable body, NUL characters): `malformed_body`, `invalid_characters`",
    401: "Authentication required or invalid credentials",
    402: "Payment required",
    403: "Not allowed (or CSRF check failed for a browser session)",
    404: "Not found (another tenant's object is a 404 too)",
    409: "Conflicts with the current state",
    413: "Request body too large: `request_too_large`",
    422: "Invalid parameters or body (`validation_error`, `too_many_values`, `page_out_of_range`, or a "
    "business rule's own code), with `errors[]`",
    429: "Too many requests: `rate_limited`",
    503: "The database did not answer in time: `query_timeout` (retry later)",
}


def _is_public_callback(callback: Any) -> bool:
    """An auth callback that reads no credentials (lets anonymous callers through)."""
    return not hasattr(callback, "openapi_security_schema")


class StintOpenAPISchema(OpenAPISchema):
    collisions: dict[str, list[dict[str, Any]]]

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        collisions = self.__dict__.setdefault("collisions", {})
        for name, schema in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != schema:
                seen = collisions.setdefault(name, [known])
                if schema not in seen:
                    seen.append(schema)
        super().add_schema_definitions(definitions)

    def operation_details(self, operation: Any) -> dict[str, Any]:
        result = super().operation_details(operation)
        callbacks = list(operation.auth_callbacks or [])
        public = any(_is_public_callback(c) for c in callbacks)
        if not callbacks:
            result["security"] = []
        elif public:
            result["security"] = [*result.get("security", []), {}]
        has_body = "requestBody" in result
        has_input = has_body or bool(result.get("parameters"))
        has_path_params = any(p.get("in") == "path" for p in result.get("parameters", []))
        defaults = {400, 503}
        if has_body:
            defaults.add(413)
        if has_input:
            defaults.add(422)
        if callbacks and not public:
            defaults |= {401, 403}
        if has_body and (not callbacks or public):
            defaults.add(429)  # writes without credentials (signup, token) are rate limited per client
        if has_path_params:
            defaults.add(404)
        responses = result["responses"]
        for status in defaults:
            responses.setdefault(status, {})
        for status, response in responses.items():
            if int(status) >= 400:
                response["description"] = DESCRIPTIONS.get(int(status), response.get("description", "Error"))
                response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": dict(PROBLEM_REF)}}
        result["responses"] = dict(sorted(responses.items(), key=lambda kv: int(kv[0])))
        for param in result.get("parameters", []):
            _bound_page_parameter(param)
        return result

    def get_components(self) -> dict[str, Any]:
        components = super().get_components()
        components["schemas"]["Problem"] = copy.deepcopy(PROBLEM_COMPONENT)
        return components


def _bound_page_parameter(param: dict[str, Any]) -> None:
    if param.get("in") != "query" or param.get("name") not in ("page", "page_size"):
        return
    schema = param.setdefault("schema", {})
    schema["minimum"] = max(int(schema.get("minimum", 1)), 1)
    upper = MAX_PAGE if param["name"] == "page" else MAX_PAGE_SIZE
    schema["maximum"] = min(int(schema.get("maximum", upper)), upper)
    schema.pop("exclusiveMinimum", None)
    schema.pop("exclusiveMaximum", None)

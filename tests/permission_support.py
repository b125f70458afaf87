"""Helpers of the permission matrix: the operations of the OpenAPI document, a schema-valid body for
each, one request as a persona, and a snapshot of the whole database to prove a refusal wrote nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

API_PREFIX = "/api/v1/"
METHODS = ("get", "post", "put", "patch", "delete")

# What a refused request may legitimately write, and why (docs/testing.md says the same). Everything
# else, the audit log and the outgoing-email outbox included, must be byte-for-byte unchanged.
# * table ``django_session``: sessions belong to browsers; the matrix calls with bearer tokens, and
#   a session row would say nothing about the refused operation;
# * column ``accounts_apitoken.last_used_at``: bearer authentication stamps the token it accepted
#   (at most once a minute), whatever the endpoint then answers.
EXCLUDED_TABLES = frozenset({"django_session"})
EXCLUDED_COLUMNS = {"accounts_apitoken": frozenset({"last_used_at"})}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # as in the OpenAPI document, without the /api/v1 prefix: /projects/{project_id}
    security: tuple[Any, ...] | None
    request_body: dict[str, Any] | None

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def is_public(self) -> bool:
        """No credentials read (``security: []``) or anonymous allowed (an empty requirement)."""
        return self.security is not None and (len(self.security) == 0 or {} in self.security)

    @property
    def is_write(self) -> bool:
        return self.method != "get"


def api_document() -> dict[str, Any]:
    from config.api import api

    return api.get_openapi_schema(path_prefix=API_PREFIX)  # type: ignore[return-value]


def operations(document: dict[str, Any]) -> dict[str, Operation]:
    found: dict[str, Operation] = {}
    for path, item in document["paths"].items():
        short = "/" + path.removeprefix(API_PREFIX)
        for method, details in item.items():
            if method not in METHODS:
                continue
            security = details.get("security")
            op = Operation(
                method=method,
                path=short,
                security=tuple(security) if security is not None else None,
                request_body=details.get("requestBody"),
            )
            found[op.key] = op
    return found


# --- bodies ------------------------------------------------------------------------------------------


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def example_value(schema: dict[str, Any], document: dict[str, Any]) -> Any:
    """The smallest value that satisfies ``schema`` (required properties only)."""
    schema = _resolve(schema, document)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s, document).get("type") != "null"]
            return example_value(options[0], document)
    if "allOf" in schema:
        return example_value(schema["allOf"][0], document)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: example_value(props[name], document) for name in schema.get("required", [])}
    if kind == "array":
        return [example_value(schema.get("items", {}), document) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), int(schema.get("exclusiveMinimum", 0)) + 1)
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "email":
            return "matrix@example.test"
        if fmt == "date":
            return (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
        if fmt == "date-time":
            return (timezone.now() + datetime.timedelta(days=30)).isoformat()
        if fmt in ("uri", "url"):
            return "https://example.test/"
        if fmt == "uuid":
            return "00000000-0000-4000-8000-000000000000"
        return "x" * max(int(schema.get("minLength", 1)), 1)
    return None


def default_body(op: Operation, document: dict[str, Any]) -> tuple[str, Any] | None:
    """("json", dict) or ("multipart", dict with files) built from the request body's schema."""
    if not op.request_body:
        return None
    content = op.request_body["content"]
    if "multipart/form-data" in content:
        schema = _resolve(content["multipart/form-data"]["schema"], document)
        data: dict[str, Any] = {}
        for name, prop in schema.get("properties", {}).items():
            if name in schema.get("required", []) or prop.get("format") == "binary":
                if prop.get("format") == "binary":
                    data[name] = upload()
                else:
                    data[name] = example_value(prop, document)
        return "multipart", data
    schema = content["application/json"]["schema"]
    return "json", example_value(schema, document)


def upload(name: str = "file.png") -> SimpleUploadedFile:
    # A 1×1 PNG: valid as a logo; as a résumé or deliverable it is refused by the allowed caller's
    # own validation (a 4xx that is not a refusal), which is all the matrix needs.
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
    return SimpleUploadedFile(name, png, content_type="image/png")


# --- requests ----------------------------------------------------------------------------------------


def call(method: str, path: str, *, headers: dict[str, str], body: tuple[str, Any] | None) -> Any:
    client = Client()
    fn = getattr(client, method)
    url = API_PREFIX.rstrip("/") + path
    if body is None:
        return fn(url, headers=headers)
    kind, data = body
    if kind == "multipart":
        data = {k: (_fresh(v) if isinstance(v, SimpleUploadedFile) else v) for k, v in data.items()}
        return fn(url, data, headers=headers)
    return fn(url, data, content_type="application/json", headers=headers)


def _fresh(file: SimpleUploadedFile) -> SimpleUploadedFile:
    file.seek(0)
    return SimpleUploadedFile(file.name, file.read(), content_type=file.content_type)


# --- the database, before and after ------------------------------------------------------------------


def snapshot() -> dict[str, tuple[int, str]]:
    """``{table: (row count, hash of all rows)}`` for every model's table (with auto-created
    many-to-many tables), except ``EXCLUDED_TABLES`` and ``EXCLUDED_COLUMNS``. Plain SQL, ordered by
    primary key, so two snapshots of the same rows are equal on SQLite and PostgreSQL."""
    result: dict[str, tuple[int, str]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            table = meta.db_table
            if meta.proxy or not meta.managed or table in EXCLUDED_TABLES or table in result:
                continue
            skip = EXCLUDED_COLUMNS.get(table, frozenset())
            columns = ", ".join(quote(f.column) for f in meta.concrete_fields if f.column not in skip)
            cursor.execute(f"SELECT {columns} FROM {quote(table)} ORDER BY {quote(meta.pk.column)}")
            rows = cursor.fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def changed_tables(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))

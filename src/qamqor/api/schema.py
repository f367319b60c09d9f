"""OpenAPI generation: component names from the view that nests the serializer.

Every API view nests its own ``InputSerializer``/``OutputSerializer`` (style rule 11), so the plain
class names collide; the qualified name (``PersonListApi.OutputSerializer`` → ``PersonListOutput``)
is unique and still reads well in the schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema


class QamqorAutoSchema(AutoSchema):
    def get_serializer_name(self, serializer: Any, direction: str) -> str:
        cls = serializer.__class__
        parts = [p.removesuffix("Serializer").removesuffix("Api") for p in cls.__qualname__.split(".")]
        return "".join(p for p in parts if p and p != "<locals>") or cls.__name__


# --- Authentication, problem documents and the request-level headers in the schema ------------------

from drf_spectacular.extensions import OpenApiAuthenticationExtension  # noqa: E402


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "qamqor.api.authentication.BearerTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer",
                "description": "An API token (qmq_...) created by the administrator; see docs/api.md."}


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An error (RFC 9457 problem document) with Qamqor's extension members.",
    "properties": {
        "type": {"type": "string", "description": "urn:qamqor:problem:<code>"},
        "title": {"type": "string", "description": "Translated short title of the kind of problem."},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string"},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {}},
        "source": {"type": "string", "nullable": True,
                   "description": "The legal source of the rule that refused the request."},
        "errors": {"type": "object", "additionalProperties": {},
                   "description": "Bulk requests: record index → its problem."},
    },
    "required": ["type", "title", "status", "detail", "code", "message", "fields", "source"],
}
ERROR_STATUSES = {
    "GET": ("400", "401", "403", "404", "406", "429"),
    "POST": ("400", "401", "403", "404", "409", "415", "422", "429"),
    "PUT": ("400", "401", "403", "404", "412", "415", "428", "429"),
    "PATCH": ("400", "401", "403", "404", "412", "415", "428", "429"),
    "DELETE": ("400", "401", "403", "404", "429"),
}
STATUS_TEXT = {
    "400": "Invalid request or refused by a rule", "401": "Bad API token", "403": "Not allowed",
    "404": "Not found or outside your scope", "406": "Not acceptable", "409": "Conflict",
    "412": "The record changed since it was read", "415": "Unsupported media type",
    "422": "Idempotency-Key reused with another request", "428": "If-Match required",
    "429": "Too many requests",
}
IDEMPOTENCY_PARAMETER = {
    "in": "header", "name": "Idempotency-Key", "required": False, "schema": {"type": "string", "maxLength": 255},
    "description": "Repeat the request safely: the same key and body return the first response (stored "
                   "24 hours) and change nothing; the same key with another body is refused with 422.",
}
IF_MATCH_PARAMETER = {
    "in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
    "description": "The ETag read with GET; 412 if the record changed since.",
}


def postprocess_problems(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Every operation documents its problem responses; POST the Idempotency-Key header; PUT/PATCH of
    a versioned record If-Match, and its GET the ETag header."""
    from qamqor.api.concurrency import VERSIONED

    _drop_database_integer_bounds(result)
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    problem_ref = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            verb = method.upper()
            if verb not in ERROR_STATUSES:
                continue
            responses = operation.setdefault("responses", {})
            for status in ERROR_STATUSES[verb]:
                responses.setdefault(status, {"description": STATUS_TEXT[status], "content": problem_ref})
            params = operation.setdefault("parameters", [])
            versioned = operation.get("operationId", "") and any(
                _route_matches(path, name) for name in VERSIONED)
            if verb == "POST":
                params.append(IDEMPOTENCY_PARAMETER)
            if verb in ("PUT", "PATCH") and versioned:
                params.append(IF_MATCH_PARAMETER)
            if verb in ("GET", "PUT", "PATCH") and versioned and "200" in responses:
                responses["200"].setdefault("headers", {})["ETag"] = {
                    "schema": {"type": "string"}, "description": "The version of the record (send it in If-Match)."}
    return result


def _route_matches(path: str, url_name: str) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        template = reverse(url_name, kwargs={"uid": "00000000-0000-0000-0000-000000000000"})
    except NoReverseMatch:
        return False
    return template.replace("00000000-0000-0000-0000-000000000000", "{uid}") == path


# The integer range of a model field depends on the database (SQLite: 64 bits; PostgreSQL: 16, 32 or 64
# bits by field type); the committed schema must be the same whichever database generated it.
_DB_MAXIMA = {32767, 2147483647, 9223372036854775807}
_DB_MINIMA = {-32768, -2147483648, -9223372036854775808}


def _drop_database_integer_bounds(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "integer":
            dropped = False
            if node.get("maximum") in _DB_MAXIMA:
                del node["maximum"]
                dropped = True
            if node.get("minimum") in _DB_MINIMA:
                del node["minimum"]
                dropped = True
            if dropped and node.get("format") == "int64":
                del node["format"]
        for value in node.values():
            _drop_database_integer_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _drop_database_integer_bounds(value)

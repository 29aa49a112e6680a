"""The API reference as plain data for a server-rendered page: the OpenAPI schema's
operations (by tag), their parameters, bodies and responses, and the schemas they use.

The page reads without JavaScript and passes axe; Swagger UI stays for trying calls.
"""

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Parameter:
    name: str
    location: str  # path, query, header, cookie
    required: bool
    type: str
    description: str


@dataclass
class Response:
    status: str
    description: str
    type: str  # a component's name links to its schema on the page


@dataclass
class Operation:
    method: str
    path: str
    operation_id: str
    description: str
    parameters: list[Parameter]
    request_type: str
    responses: list[Response]


@dataclass
class Tag:
    name: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Property:
    name: str
    type: str
    required: bool
    read_only: bool
    description: str


@dataclass
class Component:
    name: str
    description: str
    type: str
    properties: list[Property]


@dataclass
class Reference:
    title: str
    version: str
    description: str
    tags: list[Tag]
    components: list[Component]


def type_name(schema: dict[str, Any]) -> str:
    """A schema in a few words: a component's name, "array of X", "one of a, b", a type."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in schema:
            joiner = " and " if combined == "allOf" else " or "
            return joiner.join(type_name(part) for part in schema[combined])
    if schema.get("type") == "array":
        return f"array of {type_name(schema.get('items', {}))}"
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"] if v not in ("", None))
    kind = str(schema.get("type", "any"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _body_type(content: dict[str, Any]) -> str:
    for media in content.values():
        return type_name(media.get("schema", {}))
    return ""


def _operation(path: str, method: str, spec: dict[str, Any]) -> Operation:
    return Operation(
        method=method.upper(),
        path=path,
        operation_id=str(spec.get("operationId", "")),
        description=str(spec.get("description", "")),
        parameters=[
            Parameter(
                name=str(p["name"]),
                location=str(p["in"]),
                required=bool(p.get("required", False)),
                type=type_name(p.get("schema", {})),
                description=str(p.get("description", "")),
            )
            for p in spec.get("parameters", [])
        ],
        request_type=_body_type(spec.get("requestBody", {}).get("content", {})),
        responses=[
            Response(
                status=str(status),
                description=str(r.get("description", "")),
                type=_body_type(r.get("content", {})),
            )
            for status, r in spec.get("responses", {}).items()
        ],
    )


def _component(name: str, schema: dict[str, Any]) -> Component:
    required = set(schema.get("required", []))
    return Component(
        name=name,
        description=str(schema.get("description", "")),
        type=type_name(schema) if "properties" not in schema else "object",
        properties=[
            Property(
                name=prop,
                type=type_name(spec),
                required=prop in required,
                read_only=bool(spec.get("readOnly", False)),
                description=str(spec.get("description", "")),
            )
            for prop, spec in schema.get("properties", {}).items()
        ],
    )


def reference_from_schema(schema: dict[str, Any]) -> Reference:
    tags: dict[str, Tag] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                spec = item[method]
                name = (spec.get("tags") or ["other"])[0]
                tags.setdefault(name, Tag(name=name)).operations.append(
                    _operation(path, method, spec)
                )
    components = schema.get("components", {}).get("schemas", {})
    info = schema.get("info", {})
    return Reference(
        title=str(info.get("title", "API")),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        tags=sorted(tags.values(), key=lambda t: t.name),
        components=[_component(n, s) for n, s in sorted(components.items())],
    )


@cache
def api_reference() -> Reference:
    """The public schema's reference, built once per process (the schema is code)."""
    return reference_from_schema(SchemaGenerator().get_schema(request=None, public=True))

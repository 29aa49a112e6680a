"""The OpenAPI schema: every operation documents its errors in the one error shape.

Also the schema-only pieces the serializers declare with: ``ExpandableField`` for a related
object that ``?expand=`` swaps for its full shape, and ``optional_in_schema`` for response
fields that may be left out.
"""

from collections.abc import Callable
from typing import Any, Literal

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_array_type, build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from talks.api.errors import ErrorSerializer
from talks.api.permissions import RulesPermission

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: see `errors` for the fields.",
    "401": "Authentication failed (a bad or revoked token).",
    "403": "Not allowed for this user.",
    "404": "Not found, or not visible to this user.",
    "409": "Conflicts with other data (e.g. a room still used by slots).",
    "412": "The resource changed since the ETag in If-Match.",
    "429": "Too many requests: wait for Retry-After seconds.",
}


class ExpandableField(serializers.Field):
    """Schema only, for ``@extend_schema_field``: a related object as its key, or whole.

    The expanded serializer is resolved as a component, so its ``$ref`` always exists: a
    hand-written ``#/components/schemas/...`` is only registered if some view happens to
    use that serializer too.
    """

    def __init__(
        self,
        key: OpenApiTypes,
        expanded: type[serializers.Serializer],
        *,
        many: bool = False,
        **kwargs: Any,
    ) -> None:
        self.key = key
        self.expanded = expanded
        self.many = many
        super().__init__(read_only=True, **kwargs)


class ExpandableFieldExtension(OpenApiSerializerFieldExtension):
    target_class = ExpandableField

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Any) -> dict[str, Any]:
        field: ExpandableField = self.target
        component = auto_schema.resolve_serializer(field.expanded, direction)
        item = {"anyOf": [build_basic_type(field.key), component.ref]}
        return build_array_type(item) if field.many else item


def optional_in_schema[S: type[serializers.BaseSerializer]](*names: str) -> Callable[[S], S]:
    """Response fields the serializer may leave out, so the schema does not require them.

    (drf-spectacular requires every read-only field in responses.)
    """

    def decorate(serializer_class: S) -> S:
        serializer_class.schema_optional_fields = frozenset(names)  # type: ignore[attr-defined]  # read by HallwayAutoSchema
        return serializer_class

    return decorate


class HallwayAutoSchema(AutoSchema):
    def get_auth(self) -> list[Any]:
        """Auth is optional ({}) where the action needs no permission: public reads."""
        auths = super().get_auth()
        anonymous_ok = all(
            isinstance(permission, RulesPermission) and permission.allows_anonymous(self.view)
            for permission in self.view.get_permissions()
        )
        if anonymous_ok and {} not in auths:
            auths.append({})
        return auths

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        optional: frozenset[str] = getattr(serializer, "schema_optional_fields", frozenset())
        if direction == "response" and optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "403", "404", "429"]
        if self.method in ("PUT", "PATCH", "DELETE", "POST"):
            codes.append("409")
        if self.method in ("PUT", "PATCH", "DELETE") and getattr(
            self.view, "honours_if_match", False
        ):
            codes.append("412")
        return codes

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction=direction)
        if self.method in ("GET", "HEAD"):
            responses.setdefault(
                "304", {"description": "Not modified since If-None-Match / If-Modified-Since."}
            )
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses

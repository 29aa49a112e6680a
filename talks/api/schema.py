"""The OpenAPI schema: every operation documents its errors in the one error shape."""

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema

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

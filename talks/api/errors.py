"""One JSON shape for every API error: {"status", "code", "message", "errors"}.

``errors`` maps a field name (dotted for nested input, ``non_field_errors`` for the whole
request) to a list of messages; it is empty when no field is to blame.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from conference.services import DeleteRefused

logger = logging.getLogger(__name__)

NON_FIELD = "non_field_errors"


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Invalid input",
            value={
                "status": 400,
                "code": "invalid",
                "message": "Some of the input is not valid; see errors.",
                "errors": {"end": ["A slot must end after it starts."]},
            },
            response_only=True,
        ),
        OpenApiExample(
            "Not found",
            value={
                "status": 404,
                "code": "not_found",
                "message": "No such conference.",
                "errors": {},
            },
            response_only=True,
        ),
    ]
)
class ErrorSerializer(serializers.Serializer):
    """The body of every error response (documents the shape in the schema)."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `not_found`.")
    message = serializers.CharField(help_text="A sentence for people.")
    errors = serializers.DictField(  # type: ignore[assignment]  # a field, popped by the metaclass
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field (dotted for nested fields; `non_field_errors` for "
        "the request as a whole). Empty when no field is to blame.",
    )


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it: fetch it again, then retry."
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {dotted.field: [messages]}."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD if key in ("__all__", NON_FIELD) and not prefix else str(key)
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    items = detail if isinstance(detail, list) else [detail]
    messages = [str(item) for item in items if str(item)]
    return {prefix or NON_FIELD: messages} if messages else {}


def _code_of(detail: Any, default: str) -> str:
    if isinstance(detail, ErrorDetail):
        return str(detail.code)
    if isinstance(detail, list) and len(detail) == 1:
        return _code_of(detail[0], default)
    return default


def error_body(*, status_code: int, code: str, message: str, errors: Any = None) -> dict:
    return {"status": status_code, "code": code, "message": message, "errors": errors or {}}


def _as_api_exception(exc: Exception) -> Exception:
    # Django's own exceptions, raised by shared code (selectors, services), keep their
    # message and get the API's code instead of a generic "error".
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, DeleteRefused):
        # Not bad input: the row's current state (follow-ups, a release) forbids it.
        return Conflict(" ".join(exc.messages))
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, SuspiciousOperation):
        # Too many fields, a malformed multipart body and the like: the client's fault.
        return exceptions.ParseError("The request could not be read.")
    if isinstance(exc, RecursionError):
        # json.loads on a document nested tens of thousands deep.
        return exceptions.ParseError("The JSON document is nested too deeply.")
    if isinstance(exc, ProtectedError | RestrictedError):
        return Conflict("Other records still use this one; remove or move them first.")
    if isinstance(exc, IntegrityError):
        # A database rule caught what validation let through (e.g. a concurrent write).
        return Conflict("The change breaks a rule of the data (it may have been made twice).")
    return exc


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler with every error in the one shape, 500s included."""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in the API", exc_info=exc)
        return Response(
            error_body(
                status_code=500,
                code="server_error",
                message="Something went wrong on our side; it has been logged.",
            ),
            status=500,
        )
    detail = getattr(exc, "detail", None)
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(detail)
        message = "Some of the input is not valid; see errors."
        if list(errors) == [NON_FIELD] and len(errors[NON_FIELD]) == 1:
            message = errors[NON_FIELD][0]
        code = "invalid"
    else:
        errors = {}
        message = str(detail) if detail is not None else "Error."
        code = _code_of(detail, getattr(exc, "default_code", "error"))
    response.data = error_body(
        status_code=response.status_code, code=code, message=message, errors=errors
    )
    return response

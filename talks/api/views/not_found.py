"""JSON 404s for unknown paths under /api/, instead of the website's HTML page."""

from typing import Any

from rest_framework import exceptions
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    schema,
)
from rest_framework.response import Response


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
@schema(None)
def api_not_found(request: Any, *args: Any, **kwargs: Any) -> Response:
    """JSON 404 for any unknown path under /api/ (instead of the website's HTML page)."""
    raise exceptions.NotFound("There is no API endpoint at this address.")

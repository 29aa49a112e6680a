"""Conditional requests: ETag and Last-Modified on every GET, 304s, and If-Match on writes.

The ETag is a hash of the response *data* (not the rendered bytes), so the JSON and the
browsable renderings share it and a writer can recompute it from the object alone.
Last-Modified is when this exact representation was first served: deleting a row from a
list changes no row's timestamp, but it changes the representation.
"""

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_etags
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from talks.api.errors import PreconditionFailed

FIRST_SEEN_TIMEOUT = 60 * 60 * 24 * 30


def data_etag(data: Any) -> str:
    payload = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))
    return '"' + hashlib.sha256(payload.encode()).hexdigest()[:40] + '"'


def first_seen(etag: str) -> dt.datetime:
    """When this representation was first served (to the second), remembered in the cache."""
    key = "api:first-seen:" + etag.strip('"')
    now = timezone.now().replace(microsecond=0)
    cache.add(key, now, FIRST_SEEN_TIMEOUT)
    seen = cache.get(key)
    return seen if isinstance(seen, dt.datetime) else now


def check_if_match(request: Request, current_etag: str) -> None:
    """Refuse a write (412) when the client's If-Match names another version."""
    header = request.headers.get("If-Match")
    if not header:
        return
    if header.strip() == "*":
        return
    # GZipMiddleware marks our ETags weak (W/"…") when it compresses a response; they name
    # the same data, so compare the opaque part.
    sent = {etag.removeprefix("W/") for etag in parse_etags(header)}
    if current_etag not in sent:
        raise PreconditionFailed()


class ConditionalGetMixin(APIView):
    """Adds ETag, Last-Modified and Vary to successful GETs and answers 304 when fresh."""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if getattr(response, "data", None) is None or response.has_header("ETag"):
            return response
        etag = data_etag(response.data)
        last_modified = first_seen(etag)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        conditional = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp()), response=response
        )
        if conditional is None or conditional.status_code == 412:
            return response  # If-Match on a GET is not ours to refuse
        return conditional

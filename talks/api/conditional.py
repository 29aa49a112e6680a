"""If-Match on writes: an object's ETag, and the 412 when a writer's copy is stale.

Conditional GETs (ETag, Last-Modified, 304) are the page cache's, for the API as for the
website (conference/infrastructure/page_cache.py). A view whose objects writers update with If-Match
(slots) sets ``slot_etags`` of the object as its GET's ETag, which the page cache keeps:
a hash of the object's *data*, not the rendered bytes, so the JSON and browsable
renderings share it and a writer can recompute it from the object alone.
"""

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.http import parse_etags
from rest_framework.request import Request

from talks.api.errors import PreconditionFailed
from talks.models import Slot


def data_etag(data: Any) -> str:
    payload = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))
    return '"' + hashlib.sha256(payload.encode()).hexdigest()[:40] + '"'


def slot_etags(slots: list[Slot]) -> dict[int, str]:
    """Each slot's ETag: what a GET of the slot without ?expand answers, and what writes
    check If-Match against (the API's, and the schedule editor's cards). A hash of what
    that GET shows (the row, whose updated_at changes with every save, its title, which
    may be its talk's, and its conference's zone), without serializing each slot: the
    editor computes 500 of them per board. The slots need their talk and conference."""
    return {
        slot.pk: data_etag(
            (
                slot.pk,
                slot.room_id,
                slot.talk_id,
                slot.display_title,
                slot.start,
                slot.end,
                slot.updated_at,
                slot.schedule.conference.timezone,
            )
        )
        for slot in slots
    }


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

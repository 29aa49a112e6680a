"""Reads of conferences."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from conference.models import Conference


def conference_list_public() -> QuerySet[Conference]:
    return Conference.objects.published().select_related("series", "venue")


def conference_get_public(*, slug: str) -> Conference:
    return get_object_or_404(conference_list_public(), slug=slug)


def conference_get_any(*, slug: str) -> Conference:
    """A conference whether published or not; callers decide who may see it."""
    return get_object_or_404(Conference.objects.select_related("series", "venue"), slug=slug)


def conference_detail_parts(*, conference: Conference) -> dict[str, QuerySet[Any]]:
    """Rooms and tracks of a conference, for its home page and schedule legend.

    Lazy: a page that shows only some rooms (talks.selectors.room_list_for_schedule)
    never fetches all of them.
    """
    return {
        "rooms": conference.rooms.order_by("position", "name"),
        "tracks": conference.tracks.order_by("name"),
    }

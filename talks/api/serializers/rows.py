"""The released schedule's slots as plain data, without DRF's per-field machinery.

The whole conference expanded is a thousand slots with their talks, speakers and rooms:
about fifty fields each. Through SlotSerializer, DRF's field lookup, callable checks
and nested serializers cost over half a second. These functions write the same
dictionaries directly. SlotSerializer and its nested serializers stay the API's
contract: they describe the response in the OpenAPI schema, and
tests/api/test_schedule_rows.py asserts that both give the same output for every
``?expand=`` combination and every kind of viewer.
"""

from collections.abc import Iterable
from typing import Any

from rest_framework import serializers
from rest_framework.request import Request

from conference.models import Room
from conference.validators import as_uri_or_none
from talks.models import Slot, Speaker, Talk
from talks.routes import Routes

# DRF's own field, so timestamps keep the format settings give them ("Z" for UTC).
_TIMESTAMP = serializers.DateTimeField()


def _timestamp(value: Any) -> Any:
    return _TIMESTAMP.to_representation(value)


def _uri(value: str) -> str | None:
    return as_uri_or_none(value) if value else None


class _Rendering:
    """What one response's rows share: the request, the expansions, and answers that are
    the same for every row (a route's shape, the viewer's right to a speaker's e-mail)."""

    def __init__(self, request: Request | None, expand: frozenset[str]) -> None:
        self.request = request
        self.expand = expand
        self.routes = Routes()
        self._email_allowed: dict[int, bool] = {}

    def may_see_email(self, speaker: Speaker) -> bool:
        if self.request is None:
            return False
        allowed = self._email_allowed.get(speaker.pk)
        if allowed is None:
            allowed = self.request.user.has_perm("talks.view_speaker_email", speaker)
            self._email_allowed[speaker.pk] = allowed
        return allowed


def room_row(room: Room) -> dict[str, Any]:
    """RoomSerializer's output."""
    return {
        "id": room.pk,
        "name": room.name,
        "description": room.description,
        "capacity": room.capacity,
        "position": room.position,
    }


def _speaker_row(speaker: Speaker, rendering: _Rendering) -> dict[str, Any]:
    """SpeakerSerializer's output; ``email`` only where talks.view_speaker_email allows."""
    photo = None
    if speaker.photo:
        photo = speaker.photo.url
        if rendering.request is not None:
            photo = rendering.request.build_absolute_uri(photo)
    email = speaker.email or None if rendering.may_see_email(speaker) else None
    return {
        "slug": speaker.slug,
        "name": speaker.name,
        "affiliation": speaker.affiliation,
        "bio": speaker.bio,
        "photo": photo,
        "website": _uri(speaker.website),
        "mastodon": _uri(speaker.mastodon),
        "twitter": speaker.twitter,
        "github": speaker.github,
        "email": email,
        "web_url": rendering.routes.url("talks:speaker", speaker.slug),
        "updated_at": _timestamp(speaker.updated_at),
    }


def _placement_row(slot: Slot) -> dict[str, Any]:
    """PlacementSerializer's output."""
    tz = slot.schedule.conference.tzinfo
    return {
        "start": slot.start.astimezone(tz).isoformat(),
        "end": slot.end.astimezone(tz).isoformat(),
        "room": {"id": slot.room.pk, "name": slot.room.name} if slot.room else None,
        "timezone": slot.schedule.conference.timezone,
    }


def _track(talk: Talk, rendering: _Rendering) -> Any:
    track = talk.track
    if track is None:
        return None
    if "track" not in rendering.expand:
        return track.slug
    return {
        "slug": track.slug,
        "name": track.name,
        "colour": track.colour,
        "description": track.description,
    }


def _talk_row(talk: Talk, placement: Slot | None, rendering: _Rendering) -> dict[str, Any]:
    """TalkSerializer's output, with ``placement`` the talk's slot in the latest release.
    The talk comes with ``tag_list`` (by name) and ``speaker_links`` prefetched."""
    tags = sorted(talk.tag_list, key=lambda tag: tag.name)  # type: ignore[attr-defined]  # prefetched (to_attr)
    speakers = [link.speaker for link in talk.speakers_in_order()]
    return {
        "id": str(talk.uuid),
        "slug": talk.slug,
        "conference": talk.conference.slug,
        "timezone": talk.conference.timezone,
        "title": talk.title,
        "kind": talk.kind,
        "state": talk.state,
        "abstract": talk.abstract,
        "description": talk.description,
        "language": talk.language,
        "duration_minutes": int(talk.duration.total_seconds() // 60) if talk.duration else None,
        "featured": talk.featured,
        "cancellation_note": talk.cancellation_note,
        "track": _track(talk, rendering),
        "tags": [{"slug": t.slug, "name": t.name} for t in tags]
        if "tags" in rendering.expand
        else [t.slug for t in tags],
        "speakers": [_speaker_row(s, rendering) for s in speakers]
        if "speakers" in rendering.expand
        else [s.slug for s in speakers],
        "placement": _placement_row(placement) if placement is not None else None,
        "web_url": rendering.routes.url("talks:detail", talk.slug, conference=talk.conference.slug),
        "created_at": _timestamp(talk.created_at),
        "updated_at": _timestamp(talk.updated_at),
    }


def released_slot_rows(
    slots: Iterable[Slot], *, expand: frozenset[str], request: Request | None
) -> list[dict[str, Any]]:
    """SlotSerializer's output for slots of a conference's latest release: each talk's
    placement is its slot there (a talk has at most one slot per schedule)."""
    rendering = _Rendering(request, expand)
    rows = []
    for slot in slots:
        tz = slot.schedule.conference.tzinfo
        room: Any = slot.room
        if room is not None:
            room = room_row(room) if "room" in expand else room.pk
        talk: Any = slot.talk
        if talk is not None:
            talk = _talk_row(talk, slot, rendering) if "talk" in expand else str(talk.uuid)
        rows.append(
            {
                "id": slot.pk,
                "start": slot.start.astimezone(tz).isoformat(),
                "end": slot.end.astimezone(tz).isoformat(),
                "timezone": slot.schedule.conference.timezone,
                "title": slot.display_title,
                "room": room,
                "talk": talk,
                "updated_at": _timestamp(slot.updated_at),
            }
        )
    return rows

"""Writes to conferences' rooms and tracks. Each owns its transaction and validates fully."""

from typing import Any

from django.db import transaction

from conference.models import Conference, Room, Track


def _apply(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()


@transaction.atomic
def room_create(*, conference: Conference, fields: dict[str, Any]) -> Room:
    room = Room(conference=conference)
    _apply(room, fields)
    return room


@transaction.atomic
def room_update(*, room: Room, fields: dict[str, Any]) -> Room:
    _apply(room, fields)
    return room


@transaction.atomic
def room_delete(*, room: Room) -> None:
    """Delete a room; refused (RestrictedError) while a schedule still uses it."""
    room.delete()


@transaction.atomic
def track_create(*, conference: Conference, fields: dict[str, Any]) -> Track:
    track = Track(conference=conference)
    _apply(track, fields)
    return track


@transaction.atomic
def track_update(*, track: Track, fields: dict[str, Any]) -> Track:
    _apply(track, fields)
    return track


@transaction.atomic
def track_delete(*, track: Track) -> None:
    """Delete a track; its talks stay, without a track."""
    track.delete()

"""Writes to conferences. Each service owns its transaction and validates fully."""

import datetime as dt
from typing import Any

from django.db import transaction

from conference.models import Conference, OrganizerMembership, Room, Track


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


@transaction.atomic
def conference_duplicate(
    *, conference: Conference, name: str, slug: str, start_date: dt.date, user: Any = None
) -> Conference:
    """Start next year's edition: a copy of the conference with its rooms and tracks.

    Talks, schedules and follow-ups are not copied. The copy is unpublished, lasts as many
    days as the original from start_date, and keeps the original's organizers (and the
    user who asked, as lead, so they can open what they made).
    """
    copy = Conference(
        series=conference.series,
        name=name,
        slug=slug,
        tagline=conference.tagline,
        description=conference.description,
        start_date=start_date,
        end_date=start_date + (conference.end_date - conference.start_date),
        timezone=conference.timezone,
        day_change=conference.day_change,
        venue=conference.venue,
        website="",
        published=False,
    )
    copy.full_clean()
    copy.save()
    Room.objects.bulk_create(
        Room(
            conference=copy,
            name=room.name,
            description=room.description,
            capacity=room.capacity,
            position=room.position,
        )
        for room in conference.rooms.all()
    )
    Track.objects.bulk_create(
        Track(
            conference=copy,
            name=track.name,
            slug=track.slug,
            colour=track.colour,
            description=track.description,
        )
        for track in conference.tracks.all()
    )
    memberships = {m.user_id: m.role for m in conference.memberships.all()}
    if user is not None and getattr(user, "pk", None) and user.pk not in memberships:
        memberships[user.pk] = OrganizerMembership.Role.LEAD
    OrganizerMembership.objects.bulk_create(
        OrganizerMembership(conference=copy, user_id=user_id, role=role)
        for user_id, role in memberships.items()
    )
    return copy

"""Writes to conferences, rooms and tracks: the one write path for the API, the admin,
the importers and the demo loader. Each service owns its transaction and validates fully
(full_clean); the page cache hears of each row written through the model signals
(conference/infrastructure/page_cache.py), after commit.

Each entity has one ``<entity>_save`` that every caller reaches (``_create``/``_update``
build or change the instance, then call it) and one ``<entity>_delete``.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from conference.infrastructure.page_versions import pages_changed
from conference.models import Conference, OrganizerMembership, Room, Track
from conference.rules import is_site_admin


class DeleteRefused(ValidationError):
    """A delete that would take private data with it (attendees' follow-ups), refused.

    A ValidationError, so forms and importers report it like any other refusal; the API
    answers it with 409 Conflict (talks/api/errors.py).
    """


def _apply(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def conference_save(*, conference: Conference) -> Conference:
    """Validate and store a new or changed conference (the admin's form fills it in)."""
    conference.full_clean()
    conference.save()
    return conference


@transaction.atomic
def conference_create(*, fields: dict[str, Any]) -> Conference:
    """Add a conference (importers, the demo loader)."""
    return conference_save(conference=Conference(**fields))


def conference_delete_refusals(*, conference: Conference, user: Any) -> list[str]:
    """Why user may not delete the conference (empty: they may, as far as data goes).

    Its talks' follow-ups hold attendees' private messages and contact details: only
    staff (superusers) delete a conference that has any.
    """
    if is_site_admin(user):
        return []
    if Conference.objects.filter(pk=conference.pk, talks__followups__isnull=False).exists():
        return [f"{conference} has talks with attendees' follow-ups; only staff can delete it."]
    return []


@transaction.atomic
def conference_delete(*, conference: Conference, user: Any) -> None:
    """Delete a conference with everything in it (talks, schedules, rooms, tracks).

    Refused (DeleteRefused) when follow-ups would go with it, unless user is staff.
    """
    refusals = conference_delete_refusals(conference=conference, user=user)
    if refusals:
        raise DeleteRefused(refusals)
    conference.delete()


@transaction.atomic
def room_save(*, room: Room) -> Room:
    """Validate and store a new or changed room."""
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def room_create(*, conference: Conference, fields: dict[str, Any]) -> Room:
    room = Room(conference=conference)
    _apply(room, fields)
    return room_save(room=room)


@transaction.atomic
def room_update(*, room: Room, fields: dict[str, Any]) -> Room:
    _apply(room, fields)
    return room_save(room=room)


@transaction.atomic
def room_delete(*, room: Room) -> None:
    """Delete a room; refused (RestrictedError) while a schedule still uses it."""
    room.delete()


@transaction.atomic
def track_save(*, track: Track) -> Track:
    """Validate and store a new or changed track."""
    track.full_clean()
    track.save()
    return track


@transaction.atomic
def track_create(*, conference: Conference, fields: dict[str, Any]) -> Track:
    track = Track(conference=conference)
    _apply(track, fields)
    return track_save(track=track)


@transaction.atomic
def track_update(*, track: Track, fields: dict[str, Any]) -> Track:
    _apply(track, fields)
    return track_save(track=track)


@transaction.atomic
def track_delete(*, track: Track) -> None:
    """Delete a track; its talks stay, without a track."""
    track.delete()


@transaction.atomic
def rooms_tracks_import_bulk(
    *, conference: Conference, rooms: list[Room], tracks: list[Track]
) -> tuple[list[Room], list[Track]]:
    """Add many rooms and tracks to a conference at once: the importers' room_save and
    track_save.

    Validated as those are, but for the per-row look-ups: the caller gives new names and
    slugs (the database's unique constraints back it). Bulk writes send no signals: the
    page cache hears after commit. Nothing to add: nothing happens.
    """
    if not rooms and not tracks:
        return [], []
    rows: list[Room | Track] = [*rooms, *tracks]
    for row in rows:
        row.conference = conference
        row.full_clean(exclude=["conference"], validate_unique=False, validate_constraints=False)
    created = Room.objects.bulk_create(rooms), Track.objects.bulk_create(tracks)
    transaction.on_commit(pages_changed)
    return created


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
    conference_save(conference=copy)
    # Copies of rows that were validated when made: written in bulk, and the page cache
    # already hears of the new conference through its save.
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

"""Writes to conferences. Each service owns its transaction and validates fully."""

import datetime as dt
from typing import Any

from django.db import transaction

from conference.models import Conference, OrganizerMembership, Room, Track


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

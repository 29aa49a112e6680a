"""Writes to the catalogue. Each service owns its transaction and validates fully."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from conference.models import Conference, Room
from talks.models import Schedule, Slot, Speaker, Tag, Talk, TalkSpeaker
from talks.models.attendees import Bookmark
from talks.models.tokens import ApiToken, hash_token_key, new_token_key


def schedule_get_work_in_progress(*, conference: Conference) -> Schedule:
    """The conference's one editable schedule, created on first use."""
    schedule, _ = Schedule.objects.get_or_create(conference=conference, version="")
    return schedule


@transaction.atomic
def slot_create(
    *,
    schedule: Schedule,
    start: dt.datetime,
    end: dt.datetime,
    room: Room | None = None,
    talk: Talk | None = None,
    title: str = "",
) -> Slot:
    """Place a talk or a titled break; refuses overlaps with a message naming the room."""
    if schedule.is_released:
        raise ValueError("A released schedule cannot change; edit the work in progress.")
    slot = Slot(schedule=schedule, room=room, talk=talk, title=title, start=start, end=end)
    slot.full_clean()
    slot.save()
    return slot


def _slot_key(slot: Slot) -> tuple[Any, ...]:
    return (slot.room_id, slot.start, slot.end)


def schedule_changelog(*, previous: Schedule | None, current: Schedule) -> list[dict[str, Any]]:
    """What changed for talks between two schedules: added, removed, moved, cancelled, renamed.

    Titles are those of the talks at the time of computing (the release), so a rename is
    detected against the title recorded in the previous changelog's snapshot.
    """
    before = {
        s.talk_id: s
        for s in (previous.slots.select_related("talk", "room") if previous else [])
        if s.talk_id
    }
    after = {s.talk_id: s for s in current.slots.select_related("talk", "room") if s.talk_id}
    snapshot = {
        entry["talk"]: entry
        for entry in (previous.changelog if previous else [])
        if entry.get("type") == "snapshot"
    }
    changes: list[dict[str, Any]] = []
    for talk_id, slot in after.items():
        talk = slot.talk
        if talk is None:  # keyed by talk_id, so unreachable; keeps the type checker honest
            continue
        entry = {"talk": str(talk.uuid), "title": talk.title}
        old = before.get(talk_id)
        if old is None:
            changes.append({**entry, "type": "added"})
            continue
        if _slot_key(old) != _slot_key(slot):
            changes.append(
                {
                    **entry,
                    "type": "moved",
                    "from": {"room": str(old.room or ""), "start": old.start.isoformat()},
                    "to": {"room": str(slot.room or ""), "start": slot.start.isoformat()},
                }
            )
        previous_title = snapshot.get(str(talk.uuid), {}).get("title")
        if previous_title and previous_title != talk.title:
            changes.append({**entry, "type": "renamed", "from_title": previous_title})
        previous_state = snapshot.get(str(talk.uuid), {}).get("state")
        if talk.is_cancelled and previous_state != Talk.State.CANCELLED:
            changes.append({**entry, "type": "cancelled"})
    for talk_id, old in before.items():
        if talk_id not in after and old.talk is not None:
            changes.append({"talk": str(old.talk.uuid), "title": old.talk.title, "type": "removed"})
    changes.extend(
        {"type": "snapshot", "talk": str(s.talk.uuid), "title": s.talk.title, "state": s.talk.state}
        for s in after.values()
        if s.talk is not None
    )
    return changes


@transaction.atomic
def schedule_release(
    *, conference: Conference, version: str, user: Any = None, comment: str = ""
) -> Schedule:
    """Freeze the work in progress as a named, immutable release.

    Copies every slot of the work-in-progress schedule into a new Schedule and records a
    changelog against the previous release. The work in progress stays editable.
    """
    wip = schedule_get_work_in_progress(conference=conference)
    previous = conference.schedules.released().order_by("-released_at").first()
    release = Schedule(
        conference=conference,
        version=version,
        released_at=timezone.now(),
        released_by=user if getattr(user, "pk", None) else None,
        comment=comment,
    )
    release.full_clean()
    release.save()
    Slot.objects.bulk_create(
        Slot(
            schedule=release,
            room_id=s.room_id,
            talk_id=s.talk_id,
            title=s.title,
            start=s.start,
            end=s.end,
        )
        for s in wip.slots.all()
    )
    release.changelog = schedule_changelog(previous=previous, current=release)
    release.save(update_fields=["changelog"])
    return release


# --- Bookmarks and API tokens (added with the JSON API) ---------------------------------


@transaction.atomic
def bookmark_add(*, user: Any, talk: Talk) -> Bookmark:
    """Bookmark a talk for a user; bookmarking twice keeps the one bookmark."""
    bookmark, _ = Bookmark.objects.get_or_create(user=user, talk=talk)
    return bookmark


@transaction.atomic
def bookmark_remove(*, user: Any, talk: Talk) -> bool:
    """Remove a user's bookmark of a talk; returns whether there was one."""
    deleted, _ = Bookmark.objects.filter(user=user, talk=talk).delete()
    return deleted > 0


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a named API token; returns it with its key, which is never stored or shown again."""
    key = new_token_key()
    token = ApiToken(user=user, name=name, key_hash=hash_token_key(key), key_prefix=key[:10])
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token at once: requests with its key are refused from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# --- Talks, speakers and work-in-progress slots (added with the JSON API) ---------------


def _unique_slug(model: Any, base: str, **scope: Any) -> str:
    base = slugify(base)[:90] or "untitled"
    slug, n = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set_talk_relations(talk: Talk, speakers: list[Speaker] | None, tags: list[Tag] | None) -> None:
    if speakers is not None:
        talk.talk_speakers.all().delete()
        TalkSpeaker.objects.bulk_create(
            TalkSpeaker(talk=talk, speaker=speaker, position=position)
            for position, speaker in enumerate(speakers)
        )
    if tags is not None:
        talk.tags.set(tags)


@transaction.atomic
def talk_create(
    *,
    conference: Conference,
    fields: dict[str, Any],
    speakers: list[Speaker] | None = None,
    tags: list[Tag] | None = None,
) -> Talk:
    """Add a talk to a conference; the slug defaults to one made from the title."""
    talk = Talk(conference=conference, **fields)
    if not talk.slug:
        talk.slug = _unique_slug(Talk, talk.title, conference=conference)
    talk.full_clean()
    talk.save()
    _set_talk_relations(talk, speakers, tags)
    return talk


@transaction.atomic
def talk_update(
    *,
    talk: Talk,
    fields: dict[str, Any],
    speakers: list[Speaker] | None = None,
    tags: list[Tag] | None = None,
) -> Talk:
    """Change a talk; speakers (in order) and tags are replaced when given."""
    for name, value in fields.items():
        setattr(talk, name, value)
    talk.full_clean()
    talk.save()
    _set_talk_relations(talk, speakers, tags)
    return talk


@transaction.atomic
def talk_delete(*, talk: Talk) -> None:
    """Delete a talk and its work-in-progress slot.

    Refused once the talk is in a released schedule: releases do not change, so such a
    talk is cancelled (state) instead, which the next release's changelog reports.
    """
    if talk.slots.exclude(schedule__version="").exists():
        raise ValidationError(
            "This talk is in a released schedule and cannot be deleted; cancel it instead."
        )
    talk.delete()


@transaction.atomic
def speaker_create(*, fields: dict[str, Any]) -> Speaker:
    speaker = Speaker(**fields)
    if not speaker.slug:
        speaker.slug = _unique_slug(Speaker, speaker.name)
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def speaker_update(*, speaker: Speaker, fields: dict[str, Any]) -> Speaker:
    for name, value in fields.items():
        setattr(speaker, name, value)
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def speaker_delete(*, speaker: Speaker) -> None:
    speaker.delete()


def _check_work_in_progress(slot: Slot) -> None:
    if slot.schedule.is_released:
        raise ValidationError("A released schedule cannot change; edit the work in progress.")


@transaction.atomic
def slot_update(*, slot: Slot, fields: dict[str, Any]) -> Slot:
    """Move or change a work-in-progress slot; refuses overlaps like slot_create."""
    _check_work_in_progress(slot)
    for name, value in fields.items():
        setattr(slot, name, value)
    slot.full_clean()
    slot.save()
    return slot


@transaction.atomic
def slot_delete(*, slot: Slot) -> None:
    _check_work_in_progress(slot)
    slot.delete()

"""Writes to the catalogue. Each service owns its transaction and validates fully."""

import datetime as dt
import itertools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from conference.models import Conference, Room
from conference.page_cache import pages_changed
from conference.rules import is_site_admin
from conference.services import DeleteRefused
from talks.models import (
    Bookmark,
    CalendarFeed,
    FollowUp,
    Resource,
    Schedule,
    Slot,
    Speaker,
    Tag,
    Talk,
    TalkSpeaker,
)
from talks.models.tokens import ApiToken, hash_token_key, new_token_key
from talks.scheduling import slot_validate_placement
from talks.webhooks import release_payload, talk_payload, webhook_dispatch


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
    """Place a talk or a titled break.

    Refuses (ValidationError) overlaps in a room, end before start, times outside the
    conference's days, rooms or talks of another conference and released schedules.
    """
    return slot_save(
        slot=Slot(schedule=schedule, room=room, talk=talk, title=title, start=start, end=end)
    )


def _slot_place(slot: Slot) -> dict[str, Any]:
    return {
        "room": str(slot.room) if slot.room else "",
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
    }


def schedule_changelog(*, previous: Schedule | None, current: Schedule) -> list[dict[str, Any]]:
    """What changed for talks between two schedules, in schedule order.

    Entry types: added, removed, moved (time or room; with "from" and "to" places),
    renamed (with "from_title"), cancelled (with "note"), reinstated. Titles and states
    at the previous release come from its "snapshot" entries, which every changelog
    ends with (talks are shared by the schedules, so only the snapshot remembers them);
    pages show every entry but the snapshots.
    """
    before = {
        s.talk_id: s
        for s in (previous.slots.select_related("talk", "room") if previous else [])
        if s.talk_id
    }
    after = [
        s for s in current.slots.select_related("talk", "room").order_by("start", "id") if s.talk
    ]
    snapshot = {
        entry["talk"]: entry
        for entry in (previous.changelog if previous else [])
        if entry.get("type") == "snapshot"
    }
    changes: list[dict[str, Any]] = []
    for slot in after:
        talk = slot.talk
        if talk is None:  # filtered above; narrows the type
            continue
        entry = {"talk": str(talk.uuid), "title": talk.title}
        old = before.get(talk.pk)
        if old is None:
            changes.append({**entry, "type": "added", "to": _slot_place(slot)})
            continue
        if (old.room_id, old.start, old.end) != (slot.room_id, slot.start, slot.end):
            changes.append(
                {**entry, "type": "moved", "from": _slot_place(old), "to": _slot_place(slot)}
            )
        recorded = snapshot.get(str(talk.uuid))
        if recorded is None:
            continue
        if recorded["title"] != talk.title:
            changes.append({**entry, "type": "renamed", "from_title": recorded["title"]})
        was_cancelled = recorded["state"] == Talk.State.CANCELLED
        if talk.is_cancelled and not was_cancelled:
            changes.append({**entry, "type": "cancelled", "note": talk.cancellation_note})
        elif was_cancelled and not talk.is_cancelled:
            changes.append({**entry, "type": "reinstated"})
    placed = {s.talk_id for s in after}
    changes.extend(
        {
            "talk": str(old.talk.uuid),
            "title": old.talk.title,
            "type": "removed",
            "from": _slot_place(old),
        }
        for talk_id, old in before.items()
        if talk_id not in placed and old.talk is not None
    )
    changes.extend(
        {"type": "snapshot", "talk": str(s.talk.uuid), "title": s.talk.title, "state": s.talk.state}
        for s in after
        if s.talk is not None
    )
    return changes


@transaction.atomic
def schedule_release(
    *, conference: Conference, version: str, user: Any = None, comment: str = ""
) -> Schedule:
    """Freeze the work in progress as a named, immutable release.

    Copies every slot of the work-in-progress schedule into a new Schedule and records a
    changelog against the previous release. The work in progress stays editable. The
    public site, API and exports read the latest release (selectors), so they change now.
    """
    version = version.strip()
    if not version:
        raise ValidationError({"version": "Name the release, for example 1.1."})
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
    # Apps and displays learn of the release through the conference's webhooks.
    webhook_dispatch(
        conference=conference, event="schedule.released", payload=release_payload(release)
    )
    return release


@transaction.atomic
def bookmark_add(*, user: Any, talk: Talk) -> Bookmark:
    """Put a talk on the user's personal schedule ("I'm going"); adding twice is a no-op.

    Refuses talks the public cannot see (drafts, unpublished conferences).
    """
    if not Talk.objects.published().filter(pk=talk.pk).exists():
        raise ValidationError("Only published talks can go on a personal schedule.")
    bookmark, _ = Bookmark.objects.get_or_create(user=user, talk=talk)
    return bookmark


@transaction.atomic
def bookmark_remove(*, user: Any, talk: Talk) -> bool:
    """Take a talk off the user's personal schedule; True when there was one to remove."""
    deleted, _ = Bookmark.objects.filter(user=user, talk=talk).delete()
    return deleted > 0


@transaction.atomic
def calendar_feed_get_or_create(*, user: Any) -> CalendarFeed:
    """The user's personal calendar feed, with a secret token made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: Any) -> CalendarFeed:
    """Replace the feed's secret: the old address stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


# --- API tokens (added with the JSON API) ------------------------------------------------


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


# --- Talks, speakers, resources and work-in-progress slots -------------------------------
#
# One write path: the API, the admin, the CSV import and the demo loader all reach
# <entity>_save / <entity>_delete (the _create/_update helpers build or change the
# instance, then call _save); the frab and pyvideo imports and generated demo data reach
# the *_bulk services below, which validate the same way and announce once per batch.


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
            for position, speaker in enumerate(dict.fromkeys(speakers))
        )
    if tags is not None:
        talk.tags.set(tags)


def talk_validate(talk: Talk, *, queries: bool = True) -> None:
    """Everything a stored talk must satisfy; raises ValidationError keyed by field.

    queries=False leaves out the checks that ask the database (uniqueness, constraints),
    for bulk writes that check those over the whole batch and let the database back them.
    """
    # Without queries the foreign keys are not looked up either (the bulk caller checks
    # them for the whole batch at once).
    exclude = None if queries else ["conference", "track"]
    talk.full_clean(exclude=exclude, validate_unique=queries, validate_constraints=queries)
    if queries and talk.track is not None and talk.track.conference_id != talk.conference_id:
        raise ValidationError({"track": f"{talk.track} is a track of another conference."})


def talks_announce(*, conference: Conference, changes: list[tuple[Talk, str]]) -> None:
    """Queue "talk.changed" (change: created, updated or cancelled) once per talk.

    The deliveries are written in the caller's transaction and sent after it commits
    (webhook_dispatch): a rolled-back write announces nothing.
    """
    if not changes or not conference.webhooks.filter(active=True).exists():
        return
    announced: set[int] = set()
    for talk, change in changes:
        if talk.pk in announced:
            continue
        announced.add(talk.pk)
        webhook_dispatch(
            conference=conference, event="talk.changed", payload=talk_payload(talk, change)
        )


def _talk_change(talk: Talk, state_before: str | None) -> str:
    if state_before is None:
        return "created"
    if talk.is_cancelled and state_before != Talk.State.CANCELLED:
        return "cancelled"
    return "updated"


@transaction.atomic
def talk_save(
    *,
    talk: Talk,
    speakers: list[Speaker] | None = None,
    tags: list[Tag] | None = None,
) -> Talk:
    """Validate and store a new or changed talk: the one write path for a talk.

    Speakers (in order) and tags are replaced when given. The slug defaults to one made
    from the title. Side effects: "talk.changed" (created, updated or cancelled) to the
    conference's webhooks, sent after commit; the page cache hears of it after commit
    (model signals).
    """
    state_before = (
        None
        if talk._state.adding
        else Talk.objects.filter(pk=talk.pk).values_list("state", flat=True).first()
    )
    if not talk.slug:
        talk.slug = _unique_slug(Talk, talk.title, conference=talk.conference)
    talk_validate(talk)
    talk.save()
    _set_talk_relations(talk, speakers, tags)
    talks_announce(conference=talk.conference, changes=[(talk, _talk_change(talk, state_before))])
    return talk


@transaction.atomic
def talk_create(
    *,
    conference: Conference,
    fields: dict[str, Any],
    speakers: list[Speaker] | None = None,
    tags: list[Tag] | None = None,
) -> Talk:
    """Add a talk to a conference (talk_save: validation and announcement)."""
    return talk_save(talk=Talk(conference=conference, **fields), speakers=speakers, tags=tags)


@transaction.atomic
def talk_update(
    *,
    talk: Talk,
    fields: dict[str, Any],
    speakers: list[Speaker] | None = None,
    tags: list[Tag] | None = None,
) -> Talk:
    """Change a talk (talk_save); speakers (in order) and tags are replaced when given."""
    for name, value in fields.items():
        setattr(talk, name, value)
    return talk_save(talk=talk, speakers=speakers, tags=tags)


def talk_delete_refusals(*, talk: Talk, user: Any) -> list[str]:
    """Why user may not delete the talk; empty when they may. Staff (superusers) may.

    A talk with follow-ups keeps them (attendees' messages and private links, the
    speakers' inbox): cancel it instead. A talk in a released schedule stays too:
    releases do not change; cancel it and the next release's changelog says so.
    """
    if is_site_admin(user):
        return []
    refusals = []
    if talk.followups.exists():
        refusals.append(
            f"“{talk}” has attendees' follow-ups, which would be lost; cancel it instead."
        )
    if talk.slots.exclude(schedule__version="").exists():
        refusals.append(
            "This talk is in a released schedule and cannot be deleted; cancel it instead."
        )
    return refusals


@transaction.atomic
def talk_delete(*, talk: Talk, user: Any) -> None:
    """Delete a talk with its work-in-progress slot, speaker links and resources.

    Refused (DeleteRefused) for anyone but staff when the talk has follow-ups or is in a
    released schedule (talk_delete_refusals).
    """
    refusals = talk_delete_refusals(talk=talk, user=user)
    if refusals:
        raise DeleteRefused(refusals)
    talk.delete()


@transaction.atomic
def speaker_save(*, speaker: Speaker) -> Speaker:
    """Validate and store a new or changed speaker; the slug defaults to one from the name."""
    if not speaker.slug:
        speaker.slug = _unique_slug(Speaker, speaker.name)
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def speaker_create(*, fields: dict[str, Any]) -> Speaker:
    return speaker_save(speaker=Speaker(**fields))


@transaction.atomic
def speaker_update(*, speaker: Speaker, fields: dict[str, Any]) -> Speaker:
    for name, value in fields.items():
        setattr(speaker, name, value)
    return speaker_save(speaker=speaker)


def speaker_delete_refusals(*, speaker: Speaker, user: Any) -> list[str]:
    """Why user may not delete the speaker; empty when they may. Staff may.

    A speaker's talks' follow-ups reach them through their speaker record (inbox,
    notifications): a speaker with such talks is merged or kept, not deleted.
    """
    if is_site_admin(user) or not FollowUp.objects.filter(talk__speakers=speaker).exists():
        return []
    return [f"{speaker}'s talks have attendees' follow-ups for them; only staff can delete it."]


@transaction.atomic
def speaker_delete(*, speaker: Speaker, user: Any) -> None:
    """Delete a speaker and their speaker links (their talks stay).

    Refused (DeleteRefused) for anyone but staff when their talks have follow-ups.
    """
    refusals = speaker_delete_refusals(speaker=speaker, user=user)
    if refusals:
        raise DeleteRefused(refusals)
    speaker.delete()


@transaction.atomic
def speakers_delete_bulk(*, speakers: "models.QuerySet[Speaker]", user: Any) -> int:
    """Delete many speakers at once (generated demo data); refused like speaker_delete.

    Returns how many speakers went.
    """
    if not is_site_admin(user) and FollowUp.objects.filter(talk__speakers__in=speakers).exists():
        raise DeleteRefused("Some of these speakers' talks have follow-ups; only staff can.")
    _count, by_model = speakers.delete()
    return by_model.get(Speaker._meta.label, 0)


@transaction.atomic
def resource_save(*, resource: Resource) -> Resource:
    """Validate and store a new or changed link on a talk."""
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_create(*, talk: Talk, fields: dict[str, Any]) -> Resource:
    return resource_save(resource=Resource(talk=talk, **fields))


@transaction.atomic
def resource_delete(*, resource: Resource) -> None:
    resource.delete()


def _check_work_in_progress(slot: Slot) -> None:
    if slot.schedule.is_released:
        raise ValidationError("A released schedule cannot change; edit the work in progress.")


def slot_validate(slot: Slot, *, queries: bool = True) -> None:
    """Everything a stored slot must satisfy, for every writer; ValidationError by field.

    The model's rules (end after start, a talk or a title, no overlap in a room), then the
    placement (within the conference's days, its rooms and talks, the work in progress).
    queries=False leaves out the checks that ask the database (uniqueness, overlap), for
    bulk writes that check those over the whole batch.
    """
    if queries:
        slot.full_clean()
    else:
        # The foreign keys are the caller's own objects; placement checks their conference.
        slot.clean_fields(exclude=["schedule", "room", "talk"])
        slot.clean_own_fields()
    slot_validate_placement(slot)


@transaction.atomic
def slot_save(*, slot: Slot) -> Slot:
    """Validate (slot_validate) and store a new or changed work-in-progress slot."""
    slot_validate(slot)
    slot.save()
    return slot


@transaction.atomic
def slot_update(*, slot: Slot, fields: dict[str, Any]) -> Slot:
    """Move or change a work-in-progress slot; validated exactly like slot_create."""
    _check_work_in_progress(slot)
    for name, value in fields.items():
        setattr(slot, name, value)
    return slot_save(slot=slot)


def slot_delete_refusals(*, slot: Slot, user: Any) -> list[str]:
    """A released schedule does not change; staff may still remove a slot from one."""
    if slot.schedule.is_released and not is_site_admin(user):
        return ["A released schedule cannot change; edit the work in progress."]
    return []


@transaction.atomic
def slot_delete(*, slot: Slot, user: Any) -> None:
    """Remove a slot from the work in progress (slot_delete_refusals)."""
    refusals = slot_delete_refusals(slot=slot, user=user)
    if refusals:
        raise DeleteRefused(refusals)
    slot.delete()


@transaction.atomic
def schedule_save(*, schedule: Schedule) -> Schedule:
    """Store a schedule's editable fields (a release's public comment)."""
    schedule.full_clean()
    schedule.save()
    return schedule


@transaction.atomic
def schedule_delete(*, schedule: Schedule, user: Any) -> None:
    """Delete a schedule with its slots: staff only (releases are public record)."""
    if not is_site_admin(user):
        raise DeleteRefused("Only staff can delete a schedule.")
    schedule.delete()


# --- Bulk writes for the frab and pyvideo imports and generated demo data ---------------


@transaction.atomic
def talks_import_bulk(
    *,
    conference: Conference,
    created: list[Talk],
    updated: list[Talk],
    update_fields: list[str],
    changes: list[tuple[Talk, str]],
) -> None:
    """Store many talks of one conference in bulk: the importers' talk_save.

    Validates every talk as talk_save does (talk_validate), except the per-row database
    look-ups: the caller matches talks by uuid and gives new ones free slugs, and the
    database's unique constraints back that (IntegrityError rolls everything back).
    Writes with bulk_create/bulk_update (no model signals), so it announces once for the
    batch: "talk.changed" per talk in changes (created, updated or cancelled), sent after
    commit, and the page cache after commit.
    """
    tracks = set(conference.tracks.values_list("pk", flat=True))
    for talk in [*created, *updated]:
        if talk.conference_id != conference.pk:
            raise ValidationError({"conference": f"“{talk}” is a talk of another conference."})
        if talk.track_id is not None and talk.track_id not in tracks:
            raise ValidationError({"track": f"“{talk}”: its track is of another conference."})
        talk_validate(talk, queries=False)
    Talk.objects.bulk_create(created)
    if updated:
        Talk.objects.bulk_update(updated, update_fields)
    transaction.on_commit(pages_changed)
    talks_announce(conference=conference, changes=changes)


@transaction.atomic
def speakers_import_bulk(*, speakers: list[Speaker]) -> list[Speaker]:
    """Add many new speakers at once: the importers' speaker_save.

    Validated as speaker_save does, but for the look-ups: the caller gives them free
    slugs (the unique constraint backs it) and no account. Bulk: the page cache after
    commit.
    """
    for speaker in speakers:
        speaker.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    created = Speaker.objects.bulk_create(speakers)
    transaction.on_commit(pages_changed)
    return created


@transaction.atomic
def talk_speakers_replace_bulk(*, talks: list[Talk], links: list[TalkSpeaker]) -> None:
    """Replace the speaker links of many talks at once (bulk; the page cache after commit)."""
    old = TalkSpeaker.objects.filter(talk_id__in=[talk.pk for talk in talks])
    # One statement, no per-row signals: the links are re-created in bulk below.
    old._raw_delete(old.db)
    TalkSpeaker.objects.bulk_create(links)
    transaction.on_commit(pages_changed)


@transaction.atomic
def resources_import_bulk(*, resources: list[Resource]) -> None:
    """Add links to talks in bulk, skipping those a talk has already (the importers').

    Validated as resource_save does, but for the talk look-up (the caller's own talks).
    """
    for resource in resources:
        resource.full_clean(
            exclude=["talk", "submitted_by"], validate_unique=False, validate_constraints=False
        )
    Resource.objects.bulk_create(resources, ignore_conflicts=True)
    transaction.on_commit(pages_changed)


@transaction.atomic
def slots_replace_bulk(
    *, schedule: Schedule, remove: "models.QuerySet[Slot]", slots: list[Slot]
) -> list[Slot]:
    """Replace slots of a work-in-progress schedule at once: the importers' slot_save.

    Removes the ``remove`` slots (one statement), then adds ``slots``, each validated as
    slot_save does (slot_validate: fields, end after start, within the conference's days,
    its rooms and talks), except the per-row overlap query: the new slots must not overlap
    each other (checked here, in memory) nor what stays (the caller removes what they
    displace; PostgreSQL's exclusion constraint backs it). Bulk writes send no signals:
    the page cache hears after commit.
    """
    if schedule.is_released:
        raise ValidationError("A released schedule cannot change; edit the work in progress.")
    for slot in slots:
        slot.schedule = schedule
        slot_validate(slot, queries=False)
    by_room: dict[int | None, list[Slot]] = {}
    for slot in slots:
        by_room.setdefault(slot.room_id, []).append(slot)
    for placed in by_room.values():
        placed.sort(key=lambda s: s.start)
        for before, after in itertools.pairwise(placed):
            if after.start < before.end:
                raise ValidationError(
                    {"start": f"“{after.display_title}” overlaps “{before.display_title}”."}
                )
    # Per-slot history rows would only cost a query each: the import's effect is recorded
    # by the release that follows and its changelog.
    remove = remove.filter(schedule=schedule)
    remove._raw_delete(remove.db)
    created = Slot.objects.bulk_create(slots)
    transaction.on_commit(pages_changed)
    return created


# --- The organizer admin ------------------------------------------------------------------


@transaction.atomic
def talk_cancel(*, talk: Talk, note: str) -> Talk:
    """Cancel a talk. It keeps its slots (the schedule shows it struck through, with the
    note); the next release's changelog lists it as cancelled. Announced (talk_save)."""
    talk.state = Talk.State.CANCELLED
    talk.cancellation_note = note.strip()
    return talk_save(talk=talk)


@transaction.atomic
def talk_reinstate(*, talk: Talk) -> Talk:
    """Undo a cancellation; the next release's changelog lists the talk as back on."""
    talk.state = Talk.State.CONFIRMED
    talk.cancellation_note = ""
    return talk_save(talk=talk)


@transaction.atomic
def resource_approve(*, resources: "models.QuerySet[Resource]") -> int:
    """Approve attendee-submitted links so the public sees them; returns how many."""
    count = 0
    for resource in resources.filter(approved=False):
        resource.approved = True
        resource.save(update_fields=["approved"])
        count += 1
    return count


SPEAKER_FILLABLE_FIELDS = [
    "bio",
    "affiliation",
    "photo",
    "website",
    "mastodon",
    "twitter",
    "github",
    "email",
]


@transaction.atomic
def speaker_merge(*, survivor: Speaker, duplicate: Speaker) -> Speaker:
    """Merge two records of one person into survivor and delete duplicate.

    Moves every talk (keeping the better position where both spoke on one talk) and
    every other row that points at the duplicate, so its talks' follow-ups and links
    follow; fills the survivor's empty fields (links, bio, e-mail, photo, account) from
    the duplicate. The duplicate's full record stays in the speaker history. Refuses two
    profiles claimed by different accounts.
    """
    if survivor.pk == duplicate.pk:
        raise ValidationError("Pick two different speakers to merge.")
    if survivor.user_id and duplicate.user_id and survivor.user_id != duplicate.user_id:
        raise ValidationError(
            "Both profiles are claimed by different accounts; they may be different people."
        )
    for talk_speaker in TalkSpeaker.objects.filter(speaker=duplicate).select_for_update():
        existing = TalkSpeaker.objects.filter(
            speaker=survivor, talk_id=talk_speaker.talk_id
        ).first()
        if existing is None:
            talk_speaker.speaker = survivor
            talk_speaker.save(update_fields=["speaker"])
        else:
            existing.position = min(existing.position, talk_speaker.position)
            existing.save(update_fields=["position"])
            talk_speaker.delete()
    # Rows other apps add that point at a speaker (invitations, …) move too.
    for relation in Speaker._meta.related_objects:
        if relation.related_model is TalkSpeaker:
            continue
        if relation.one_to_many:
            relation.related_model._default_manager.filter(  # type: ignore[union-attr]
                **{relation.field.name: duplicate}
            ).update(**{relation.field.name: survivor})
        through = getattr(relation, "through", None)
        if relation.many_to_many and through is not None and through._meta.auto_created:
            for row in relation.related_model._default_manager.filter(  # type: ignore[union-attr]
                **{relation.field.name: duplicate}
            ):
                getattr(row, relation.field.name).add(survivor)
    for field in SPEAKER_FILLABLE_FIELDS:
        if not getattr(survivor, field) and getattr(duplicate, field):
            setattr(survivor, field, getattr(duplicate, field))
    if survivor.user_id is None and duplicate.user_id is not None:
        survivor.user_id = duplicate.user_id
        duplicate.user = None
        duplicate.save(update_fields=["user"])
    survivor._change_reason = f"Merged {duplicate.name} ({duplicate.slug}) into this profile"  # type: ignore[attr-defined]
    survivor.full_clean()
    survivor.save()
    duplicate._change_reason = f"Merged into {survivor.name} ({survivor.slug})"  # type: ignore[attr-defined]
    duplicate.delete()
    return survivor

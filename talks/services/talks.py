"""Talks: the one write path (talk_save), deletes that would lose follow-ups, cancelling,
and the bulk writes of the importers."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from conference.infrastructure.page_versions import pages_changed
from conference.models import Conference
from conference.rules import is_site_admin
from conference.services import DeleteRefused
from talks.interchange.webhooks import talk_payload, webhook_dispatch
from talks.models import (
    Speaker,
    Tag,
    Talk,
    TalkSpeaker,
)


def unique_slug(model: Any, base: str, **scope: Any) -> str:
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
        talk.slug = unique_slug(Talk, talk.title, conference=talk.conference)
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
    Writes with bulk_create/bulk_update (no model signals, no history rows; updated_at
    is set), so it announces once for the batch: "talk.changed" per talk in changes
    (created, updated or cancelled), sent after commit, and the page cache after commit.
    Nothing to write: nothing happens.
    """
    if not created and not updated:
        return
    tracks = set(conference.tracks.values_list("pk", flat=True))
    for talk in [*created, *updated]:
        if talk.conference_id != conference.pk:
            raise ValidationError({"conference": f"“{talk}” is a talk of another conference."})
        if talk.track_id is not None and talk.track_id not in tracks:
            raise ValidationError({"track": f"“{talk}”: its track is of another conference."})
        talk_validate(talk, queries=False)
    Talk.objects.bulk_create(created)
    if updated:
        # bulk_update skips auto_now: set it, so API clients syncing with updated_since
        # hear of the change.
        now = timezone.now()
        for talk in updated:
            talk.updated_at = now
        Talk.objects.bulk_update(updated, [*update_fields, "updated_at"])
    transaction.on_commit(pages_changed)
    talks_announce(conference=conference, changes=changes)


@transaction.atomic
def talk_speakers_replace_bulk(*, talks: list[Talk], links: list[TalkSpeaker]) -> None:
    """Replace the speaker links of many talks at once (bulk; the page cache after commit)."""
    if not talks:
        return
    old = TalkSpeaker.objects.filter(talk_id__in=[talk.pk for talk in talks])
    # One statement, no per-row signals: the links are re-created in bulk below.
    old._raw_delete(old.db)
    TalkSpeaker.objects.bulk_create(links)
    transaction.on_commit(pages_changed)


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

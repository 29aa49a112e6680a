"""Schedules and slots: the work in progress, its slots, releases and their changelog."""

import datetime as dt
import itertools
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from conference.infrastructure.page_versions import pages_changed
from conference.models import Conference, Room
from conference.rules import is_site_admin
from conference.services import DeleteRefused
from talks.interchange.webhooks import release_payload, webhook_dispatch
from talks.models import (
    Schedule,
    Slot,
    Talk,
)
from talks.scheduling import schedule_conflicts, slot_validate_placement


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


def _talk_changes(
    slot: Slot, before: dict[int, Slot], snapshot: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The entries for one placed talk: its slot against its slot in the previous
    schedule (``before``, by talk), its title and state against the previous release's
    snapshot."""
    talk = slot.talk
    if talk is None:
        return []
    old = before.get(talk.pk)
    entry = {"talk": str(talk.uuid), "title": talk.title}
    if old is None:
        return [{**entry, "type": "added", "to": _slot_place(slot)}]
    changes: list[dict[str, Any]] = []
    if (old.room_id, old.start, old.end) != (slot.room_id, slot.start, slot.end):
        changes.append(
            {**entry, "type": "moved", "from": _slot_place(old), "to": _slot_place(slot)}
        )
    recorded = snapshot.get(str(talk.uuid))
    if recorded is None:
        return changes
    if recorded["title"] != talk.title:
        changes.append({**entry, "type": "renamed", "from_title": recorded["title"]})
    was_cancelled = recorded["state"] == Talk.State.CANCELLED
    if talk.is_cancelled and not was_cancelled:
        changes.append({**entry, "type": "cancelled", "note": talk.cancellation_note})
    elif was_cancelled and not talk.is_cancelled:
        changes.append({**entry, "type": "reinstated"})
    return changes


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
        changes.extend(_talk_changes(slot, before, snapshot))
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


def schedule_matches_latest_release(*, conference: Conference) -> bool:
    """Whether releasing the work in progress now would release nothing new.

    True when the latest release has the same slots (talks and breaks, rooms, times) and
    no talk of it was renamed, cancelled or reinstated since (its changelog would be
    empty). False when nothing is released yet.
    """
    latest = conference.schedules.released().order_by("-released_at").first()
    if latest is None:
        return False
    wip = schedule_get_work_in_progress(conference=conference)
    fields = ("talk_id", "room_id", "title", "start", "end")
    if Counter(wip.slots.values_list(*fields)) != Counter(latest.slots.values_list(*fields)):
        return False
    changes = schedule_changelog(previous=latest, current=wip)
    return all(entry["type"] == "snapshot" for entry in changes)


@transaction.atomic
def schedule_release(
    *,
    conference: Conference,
    version: str,
    user: Any = None,
    comment: str = "",
    refuse_clashes: bool = False,
) -> Schedule:
    """Freeze the work in progress as a named, immutable release.

    Copies every slot of the work-in-progress schedule into a new Schedule and records a
    changelog against the previous release. The work in progress stays editable. The
    public site, API and exports read the latest release (selectors), so they change now.
    refuse_clashes: the organizer's rule that no imported clash (Slot.clash) is released.
    """
    version = version.strip()
    if not version:
        raise ValidationError({"version": "Name the release, for example 1.1."})
    wip = schedule_get_work_in_progress(conference=conference)
    clashes = refuse_clashes and any(
        conflict.kind == "clash" for conflict in schedule_conflicts(schedule=wip)
    )
    if clashes:
        raise ValidationError(
            {"refuse_clashes": "Imported talks still overlap in a room (clashes): move them first."}
        )
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
            clash=s.clash,
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


def _moved(slot: Slot) -> bool:
    """Whether a stored slot's time or room is being changed."""
    if slot.pk is None:
        return False
    stored = Slot.objects.filter(pk=slot.pk).values_list("start", "end", "room_id").first()
    return stored is not None and stored != (slot.start, slot.end, slot.room_id)


@transaction.atomic
def slot_save(*, slot: Slot) -> Slot:
    """Validate (slot_validate) and store a new or changed work-in-progress slot."""
    if slot.clash and _moved(slot):
        # An imported clash stays where its file put it only until an organizer moves it:
        # the move is their decision, so the no-overlap rule holds for it again.
        slot.clash = False
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
        # A flagged clash (Slot.clash) is placed where its source put it.
        placed = sorted((s for s in placed if not s.clash), key=lambda s: s.start)
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

"""Store a file's programme: talks, their speakers, links and tags.

Each step writes only what differs from what is stored, so importing the same file
again writes nothing: no updated_at moves, no "talk.changed" is announced and the page
cache is not told of a change. Writes go through the bulk services.
"""

import uuid
from collections import defaultdict
from typing import Any

from django.utils.text import slugify

from conference.models import Conference, Track
from talks.interchange.imports.parsed import ParsedEvent, ParsedSchedule
from talks.interchange.imports.report import ImportFailed, ImportReport, validated
from talks.interchange.imports.speakers import SpeakerResolver
from talks.models import Resource, Tag, Talk, TalkSpeaker
from talks.services import (
    resources_import_bulk,
    talk_speakers_replace_bulk,
    talks_import_bulk,
)

TALK_FIELDS = [
    "title",
    "subtitle",
    "source_type",
    "do_not_record",
    "kind",
    "abstract",
    "description",
    "track",
    "language",
    "state",
    "duration",
    "cancellation_note",
]


def _refuse_guids_of_other_conferences(
    conference: Conference, events: list[ParsedEvent], uuid_of: dict[str, uuid.UUID]
) -> None:
    uuids = list(uuid_of.values())
    if not uuids:
        return
    elsewhere = Talk.objects.filter(uuid__in=uuids).exclude(conference=conference).first()
    if elsewhere is not None:
        event = next(e for e in events if uuid_of[e.element] == elsewhere.uuid)
        raise ImportFailed(
            event.element, f"guid {elsewhere.uuid} belongs to a talk of {elsewhere.conference}"
        )


def _talk_fields(event: ParsedEvent, tracks: dict[str, Track], has_schedule: bool) -> dict:
    fields: dict[str, Any] = {
        "title": event.title,
        "subtitle": event.subtitle,
        "kind": event.kind,
        "source_type": event.source_type,
        "do_not_record": event.do_not_record,
        "abstract": event.abstract,
        "description": event.description,
        # By id: comparing talk.track would fetch each talk's track (a query per talk).
        "track_id": tracks[event.track].pk if event.track else None,
        "language": event.language or "en",
        "state": Talk.State.CONFIRMED,
    }
    if not has_schedule and event.duration:
        fields["duration"] = event.duration
    return fields


def _free_slug(event: ParsedEvent, taken: set[str]) -> str:
    slug = base = (event.slug or slugify(event.title) or "talk")[:110]
    number = 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


class _TalkBatch:
    """The talks of one import: new ones, changed ones and what to announce."""

    def __init__(self, conference: Conference, report: ImportReport) -> None:
        self.conference = conference
        self.report = report
        self.existing = {talk.uuid: talk for talk in conference.talks.all()}
        self.slugs = {talk.slug for talk in self.existing.values()}
        self.created: list[Talk] = []
        self.updated: list[Talk] = []
        self.changes: list[tuple[Talk, str]] = []

    def add(self, event: ParsedEvent, talk_uuid: uuid.UUID, fields: dict[str, Any]) -> Talk:
        talk = Talk(
            conference=self.conference,
            uuid=talk_uuid,
            slug=_free_slug(event, self.slugs),
            **fields,
        )
        validated(talk, event.element, ["conference", "track"])
        self.created.append(talk)
        self.changes.append((talk, "created"))
        self.report.add("created", event.element, f"talk “{event.title}”")
        return talk

    def update(self, event: ParsedEvent, talk: Talk, fields: dict[str, Any]) -> Talk:
        changed = {k: v for k, v in fields.items() if getattr(talk, k) != v}
        if not changed:
            self.report.add("matched", event.element, f"talk “{event.title}” unchanged")
            return talk
        for name, value in changed.items():
            setattr(talk, name, value)
        validated(talk, event.element, ["conference", "track"])
        self.updated.append(talk)
        self.changes.append((talk, "updated"))
        fields_named = ", ".join(changed).replace("_id", "")
        self.report.add("updated", event.element, f"talk “{event.title}”: {fields_named}")
        return talk

    def cancel_missing(self, in_file: set[uuid.UUID]) -> None:
        """A confirmed talk missing from the file is cancelled, never deleted."""
        for talk in self.existing.values():
            if talk.uuid in in_file or talk.state != Talk.State.CONFIRMED:
                continue
            talk.state = Talk.State.CANCELLED
            talk.cancellation_note = "Not in the imported schedule."
            self.updated.append(talk)
            self.changes.append((talk, "cancelled"))
            self.report.add(
                "cancelled", f"talk {talk.uuid}", f"“{talk.title}” is no longer in the file"
            )


def write_talks(
    *,
    conference: Conference,
    parsed: ParsedSchedule,
    uuid_of: dict[str, uuid.UUID],
    tracks: dict[str, Track],
    report: ImportReport,
) -> dict[str, Talk]:
    """Create or update each event's talk (matched by uuid); returns them by element."""
    _refuse_guids_of_other_conferences(conference, parsed.events, uuid_of)
    batch = _TalkBatch(conference, report)
    talk_for: dict[str, Talk] = {}
    for event in parsed.events:
        fields = _talk_fields(event, tracks, parsed.has_schedule)
        talk = batch.existing.get(uuid_of[event.element])
        if talk is None:
            talk_for[event.element] = batch.add(event, uuid_of[event.element], fields)
        else:
            talk_for[event.element] = batch.update(event, talk, fields)
    batch.cancel_missing(set(uuid_of.values()))
    # Validated and announced ("talk.changed" per talk, after commit) by the service.
    talks_import_bulk(
        conference=conference,
        created=batch.created,
        updated=batch.updated,
        update_fields=TALK_FIELDS,
        changes=batch.changes,
    )
    return talk_for


def write_speakers(parsed: ParsedSchedule, talk_for: dict[str, Talk], report: ImportReport) -> None:
    """Match or create each person, then relink the talks whose speakers changed."""
    resolver = SpeakerResolver(report=report, source_host=parsed.source_host)
    speakers = resolver.resolve([p for e in parsed.events for p in e.persons])
    wanted: dict[int, list[tuple[int, int]]] = {}
    for event in parsed.events:
        ordered = dict.fromkeys(speakers[resolver.key(p)].pk for p in event.persons)
        talk = talk_for[event.element]
        wanted[talk.pk] = [(pk, position) for position, pk in enumerate(ordered, start=1)]
    stored: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for talk_id, speaker_id, position in TalkSpeaker.objects.filter(
        talk_id__in=list(wanted)
    ).values_list("talk_id", "speaker_id", "position"):
        stored[talk_id].append((speaker_id, position))
    changed = [pk for pk, links in wanted.items() if sorted(stored[pk]) != sorted(links)]
    talks = {talk.pk: talk for talk in talk_for.values()}
    talk_speakers_replace_bulk(
        talks=[talks[pk] for pk in changed],
        links=[
            TalkSpeaker(talk=talks[pk], speaker_id=speaker_id, position=position)
            for pk in changed
            for speaker_id, position in wanted[pk]
        ],
    )


def write_links(parsed: ParsedSchedule, talk_for: dict[str, Talk]) -> None:
    """Add the file's links; a link a talk has already (same URL) is left as it is."""
    resources_import_bulk(
        resources=[
            Resource(talk=talk_for[e.element], kind=link.kind, url=link.url, title=link.title)
            for e in parsed.events
            for link in e.links
        ]
    )


def write_tags(parsed: ParsedSchedule, talk_for: dict[str, Talk]) -> None:
    """Add the file's tags to their talks (tags are shared vocabulary: rows, no service)."""
    names = {slugify(name)[:100]: name[:100] for e in parsed.events for name in e.tags}
    names.pop("", None)
    if not names:
        return
    Tag.objects.bulk_create(
        [Tag(slug=slug, name=name) for slug, name in names.items()], ignore_conflicts=True
    )
    tags = {tag.slug: tag for tag in Tag.objects.filter(slug__in=names)}
    through = Talk.tags.through
    through.objects.bulk_create(
        [
            through(talk_id=talk_for[e.element].pk, tag_id=tags[slugify(name)[:100]].pk)
            for e in parsed.events
            for name in dict.fromkeys(e.tags)
            if slugify(name)[:100] in tags
        ],
        ignore_conflicts=True,
    )

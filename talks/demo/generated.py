"""Generated conferences for benchmarks and load tests: `loaddemo --size large` (one
FOSDEM-scale conference: 1,000 talks, 60 rooms, 1,200 speakers) and `--size catalogue`
(500 small conferences, 10,000 speakers), the same for the same seed.

Written through the bulk services the importers use (speakers_import_bulk,
rooms_tracks_import_bulk, talks_import_bulk, talk_speakers_replace_bulk,
slots_replace_bulk); loading again replaces what an earlier load of the size generated.
"""

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.db import transaction

from conference.models import Conference, Room, Track
from conference.services import conference_create, conference_delete, rooms_tracks_import_bulk
from talks.models import Slot, Speaker, Tag, Talk, TalkSpeaker
from talks.services import (
    schedule_get_work_in_progress,
    schedule_release,
    slots_replace_bulk,
    speakers_delete_bulk,
    speakers_import_bulk,
    talk_speakers_replace_bulk,
    talks_import_bulk,
)

DEMO_NAMESPACE = uuid.UUID("6f1c7d52-2b1e-4d0b-9a43-6c0de5a1b015")


def demo_uuid(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, key)


WORDS = [
    "python",
    "data",
    "async",
    "web",
    "api",
    "cloud",
    "rust",
    "testing",
    "packaging",
    "security",
    "graph",
    "stream",
    "compiler",
    "database",
    "search",
    "music",
    "robots",
    "maps",
    "science",
    "notebooks",
    "kernel",
    "network",
    "embedded",
    "privacy",
    "design",
    "typing",
    "performance",
    "community",
    "education",
    "hardware",
]


@dataclass(frozen=True)
class GeneratedSize:
    conferences: int
    rooms: int
    talks_per_conference: int
    speakers: int
    days: int


SIZES = {
    "large": GeneratedSize(
        conferences=1, rooms=60, talks_per_conference=1000, speakers=1200, days=2
    ),
    "catalogue": GeneratedSize(
        conferences=500, rooms=4, talks_per_conference=40, speakers=10000, days=2
    ),
}


@transaction.atomic
def load_generated(*, size: str, seed: int = 2015) -> list[Conference]:
    """Generated conferences for benchmarks, the same for the same seed.

    Loading again replaces what an earlier load of the same size generated.
    """
    spec = SIZES[size]
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    prefix = f"gen-{size}"
    _remove_generated(prefix)
    tags = [
        Tag.objects.update_or_create(slug=word, defaults={"name": word.capitalize()})[0]
        for word in WORDS
    ]
    speakers = _generate_speakers(rng, prefix, spec.speakers)
    conferences = []
    for number in range(spec.conferences):
        conference = _generate_conference(size, number, spec)
        conferences.append(conference)
        rooms, tracks = rooms_tracks_import_bulk(
            conference=conference,
            rooms=[
                Room(name=f"Room {r + 1:02d}", position=r, capacity=100) for r in range(spec.rooms)
            ],
            tracks=[
                Track(name=word.capitalize(), slug=word, colour=f"#{rng.randrange(0x1000000):06x}")
                for word in WORDS[:8]
            ],
        )
        talks = _generate_talks(rng, conference, tracks, spec.talks_per_conference)
        _link_speakers_and_tags(rng, talks, speakers, tags)
        _generate_slots(rng, conference, rooms, talks)
        schedule_release(conference=conference, version="1.0")
    return conferences


def _remove_generated(prefix: str) -> None:
    # Refused (DeleteRefused) if anyone left follow-ups on generated talks.
    for old in Conference.objects.filter(slug__startswith=f"{prefix}-"):
        conference_delete(conference=old, user=None)
    speakers_delete_bulk(speakers=Speaker.objects.filter(slug__startswith=f"{prefix}-"), user=None)


def _generate_speakers(rng: random.Random, prefix: str, count: int) -> list[Speaker]:
    return speakers_import_bulk(
        speakers=[
            Speaker(
                name=f"{rng.choice(WORDS).capitalize()} Speaker {n:05d}",
                slug=f"{prefix}-speaker-{n:05d}",
                affiliation=f"Org {rng.randrange(500):03d}",
                bio=f"Generated speaker {n} who talks about {rng.choice(WORDS)}.",
            )
            for n in range(count)
        ]
    )


def _generate_conference(size: str, number: int, spec: GeneratedSize) -> Conference:
    slug = f"gen-{size}-{number:03d}" if spec.conferences > 1 else f"gen-{size}-000"
    first_day = dt.date(2026, 2, 1) - dt.timedelta(days=7 * number)
    return conference_create(
        fields={
            "name": f"Generated {size} conference {number:03d}",
            "slug": slug,
            "start_date": first_day,
            "end_date": first_day + dt.timedelta(days=spec.days - 1),
            "timezone": "Europe/Brussels",
            "published": True,
        }
    )


def _generate_talks(
    rng: random.Random, conference: Conference, tracks: list[Track], count: int
) -> list[Talk]:
    talks = [
        Talk(
            conference=conference,
            uuid=demo_uuid(f"{conference.slug}/{n}"),
            title=f"{rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}, part {n}",
            slug=f"talk-{n:05d}",
            kind=rng.choice([Talk.Kind.TALK] * 8 + [Talk.Kind.LIGHTNING, Talk.Kind.WORKSHOP]),
            abstract=f"Generated abstract about {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
            track=rng.choice(tracks),
            state=Talk.State.CONFIRMED,
        )
        for n in range(count)
    ]
    talks_import_bulk(
        conference=conference,
        created=talks,
        updated=[],
        update_fields=[],
        changes=[(talk, "created") for talk in talks],
    )
    return talks


def _link_speakers_and_tags(
    rng: random.Random, talks: list[Talk], speakers: list[Speaker], tags: list[Tag]
) -> None:
    talk_speakers_replace_bulk(
        talks=talks,
        links=[
            TalkSpeaker(talk=talk, speaker=speaker, position=position)
            for talk in talks
            for position, speaker in enumerate(rng.sample(speakers, rng.choice([1, 1, 1, 2])))
        ],
    )
    # Tags are shared vocabulary with no service of their own; the links are only rows.
    talk_tags = Talk.tags.through
    talk_tags.objects.bulk_create(
        talk_tags(talk_id=talk.pk, tag_id=tag.pk) for talk in talks for tag in rng.sample(tags, 2)
    )


def _generate_slots(
    rng: random.Random, conference: Conference, rooms: list[Room], talks: list[Talk]
) -> None:
    """Fill the rooms day by day from 9:00, talk after talk with short breaks."""
    schedule = schedule_get_work_in_progress(conference=conference)
    slots = []
    pending = iter(talks)
    per_room_day = -(-len(talks) // (len(rooms) * len(conference.days)))
    for day in conference.days:
        for room in rooms:
            clock = dt.datetime.combine(day, dt.time(9, 0), tzinfo=conference.tzinfo)
            for _ in range(per_room_day):
                talk = next(pending, None)
                if talk is None:
                    break
                length = dt.timedelta(minutes=rng.choice([25, 25, 40, 50]))
                slots.append(
                    Slot(schedule=schedule, room=room, talk=talk, start=clock, end=clock + length)
                )
                clock += length + dt.timedelta(minutes=rng.choice([5, 10]))
    slots_replace_bulk(schedule=schedule, remove=schedule.slots.none(), slots=slots)

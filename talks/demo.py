"""Demo data: the conference of Hallway's story, and generated conferences for benchmarks.

Everything is keyed by slugs and name-derived UUIDs, so loading twice changes nothing.
Writes go through the services like every other writer: the story one row at a time
(conference_save, talk_save, slot_save, …), the generated conferences through the bulk
services the importers use (talks_import_bulk, slots_replace_bulk, …).
"""

import datetime as dt
import random
import uuid
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from conference.models import Conference, OrganizerMembership, Room, Series, Track, Venue
from conference.services import (
    conference_create,
    conference_delete,
    conference_save,
    room_save,
    rooms_tracks_import_bulk,
    track_save,
)
from talks.models import FollowUp, Resource, Slot, Speaker, Tag, Talk, TalkSpeaker
from talks.services import (
    resource_save,
    schedule_get_work_in_progress,
    schedule_release,
    slot_save,
    slots_replace_bulk,
    speaker_save,
    speaker_update,
    speakers_delete_bulk,
    speakers_import_bulk,
    talk_save,
    talk_speakers_replace_bulk,
    talks_import_bulk,
)

DEMO_NAMESPACE = uuid.UUID("6f1c7d52-2b1e-4d0b-9a43-6c0de5a1b015")
DEMO_PASSWORD = "hallway-demo"  # noqa: S105 - printed demo accounts, created on request only
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def demo_uuid(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, key)


@dataclass(frozen=True)
class DemoTalk:
    slug: str
    title: str
    kind: str
    speakers: tuple[str, ...]
    day: int
    start: str
    end: str
    room: str | None
    abstract: str
    track: str | None = None
    tags: tuple[str, ...] = ()
    featured: bool = False


SPEAKERS = {
    "kyle-kelley": {
        "name": "Kyle Kelley",
        "affiliation": "Rackspace",
        "bio": "Works on Jupyter, tmpnb and the infrastructure that runs notebooks for "
        "many people at once.",
        "github": "rgbkrk",
    },
    "ada-example": {
        "name": "Ada Example",
        "affiliation": "Demo Data Co.",
        "bio": "A demo speaker: her talks exist to fill the schedule.",
    },
    "grace-sample": {
        "name": "Grace Sample",
        "affiliation": "Example University",
        "bio": "A demo speaker who teaches testing.",
    },
    "linus-placeholder": {
        "name": "Linus Placeholder",
        "affiliation": "",
        "bio": "A demo speaker who likes packaging more than anyone should.",
    },
    "mo-demo": {
        "name": "Mo Demo",
        "affiliation": "Sample Labs",
        "bio": "A demo speaker from the pipelines team.",
    },
}

TALKS = [
    DemoTalk(
        slug="building-services-with-docker-and-python",
        title="Building Services with Docker and Python",
        kind=Talk.Kind.KEYNOTE,
        speakers=("kyle-kelley",),
        day=0,
        start="09:00",
        end="10:00",
        room="Main Hall",
        track="Core Python",
        tags=("Python", "PyTennessee", "Conferences"),
        featured=True,
        abstract=(
            "The opening keynote. How a small team used **Python** and **Docker** to build "
            "[tmpnb](https://github.com/jupyter/tmpnb), a service that hands every visitor "
            "a temporary Jupyter notebook server, and what that taught us on the way to "
            "JupyterHub: multi-user notebooks for classes, labs and whole teams."
        ),
    ),
    DemoTalk(
        slug="testing-without-tears",
        title="Testing Without Tears",
        kind=Talk.Kind.TALK,
        speakers=("grace-sample",),
        day=0,
        start="10:30",
        end="11:15",
        room="Room 200",
        track="Core Python",
        tags=("Python",),
        abstract="(Demo talk.) Writing tests that help rather than hinder, with pytest.",
    ),
    DemoTalk(
        slug="data-pipelines-in-an-afternoon",
        title="Data Pipelines in an Afternoon",
        kind=Talk.Kind.TALK,
        speakers=("mo-demo", "ada-example"),
        day=0,
        start="10:30",
        end="11:15",
        room="Room 300",
        track="Data",
        tags=("Python",),
        abstract="(Demo talk.) From CSV files to a nightly report without a cluster.",
    ),
    DemoTalk(
        slug="packaging-your-first-library",
        title="Packaging Your First Library",
        kind=Talk.Kind.TUTORIAL,
        speakers=("linus-placeholder",),
        day=0,
        start="13:00",
        end="15:00",
        room="Room 300",
        track="Core Python",
        tags=("Python",),
        abstract="(Demo tutorial.) pyproject.toml, wheels and a first upload, step by step.",
    ),
    DemoTalk(
        slug="tennessee-open-data",
        title="Tennessee Open Data with Python",
        kind=Talk.Kind.TALK,
        speakers=("ada-example",),
        day=0,
        start="13:00",
        end="13:45",
        room="Room 200",
        track="Data",
        tags=("Python", "Tennessee"),
        abstract="(Demo talk.) What the state's open data can tell a curious programmer.",
    ),
    DemoTalk(
        slug="the-ministry-of-silly-walks",
        title="The Ministry of Silly Walks",
        kind=Talk.Kind.SOCIAL,
        speakers=(),
        day=0,
        start="18:00",
        end="20:00",
        room=None,
        tags=("PyTennessee",),
        abstract="The evening social: walks of every degree of silliness, and conversation.",
    ),
    DemoTalk(
        slug="lightning-talks",
        title="Lightning Talks",
        kind=Talk.Kind.LIGHTNING,
        speakers=(),
        day=1,
        start="09:00",
        end="10:00",
        room="Main Hall",
        tags=("PyTennessee", "Conferences"),
        abstract="(Demo.) Five minutes each, sign up at the registration desk.",
    ),
    DemoTalk(
        slug="async-python-for-the-rest-of-us",
        title="Async Python for the Rest of Us",
        kind=Talk.Kind.TALK,
        speakers=("grace-sample",),
        day=1,
        start="10:15",
        end="11:00",
        room="Main Hall",
        track="Core Python",
        tags=("Python",),
        abstract="(Demo talk.) asyncio explained with a coffee shop and three baristas.",
    ),
]


def _fill[M](instance: M, **fields: Any) -> M:
    """Set fields on a new or loaded row before handing it to its service."""
    for name, value in fields.items():
        setattr(instance, name, value)
    return instance


def _aware(day: dt.date, hhmm: str) -> dt.datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=CHICAGO)


@transaction.atomic
def load_story() -> Conference:
    """PyTennessee 2015 as in Hallway's story; safe to run any number of times."""
    series, _ = Series.objects.update_or_create(
        slug="pytennessee",
        defaults={"name": "PyTennessee", "website": "https://www.pytennessee.org/"},
    )
    venue, _ = Venue.objects.update_or_create(
        name="Nashville School of Law",
        defaults={"city": "Nashville", "country": "United States", "address": "Nashville, TN"},
    )
    conference = Conference.objects.filter(slug="pytennessee-2015").first()
    conference = conference_save(
        conference=_fill(
            conference or Conference(slug="pytennessee-2015"),
            series=series,
            name="PyTennessee 2015",
            tagline="A regional Python conference in Nashville.",
            start_date=dt.date(2015, 2, 7),
            end_date=dt.date(2015, 2, 8),
            timezone="America/Chicago",
            venue=venue,
            website="https://www.pytennessee.org/",
            published=True,
        )
    )
    rooms = {}
    for position, (name, capacity) in enumerate(
        [("Main Hall", 300), ("Room 200", 80), ("Room 300", 60)]
    ):
        room = conference.rooms.filter(name=name).first() or Room(conference=conference, name=name)
        rooms[name] = room_save(room=_fill(room, position=position, capacity=capacity))
    tracks = {}
    for name, colour in [("Core Python", "#1f5fa8"), ("Data", "#8a3c00")]:
        slug = slugify(name)
        track = conference.tracks.filter(slug=slug).first() or Track(conference=conference)
        tracks[name] = track_save(track=_fill(track, slug=slug, name=name, colour=colour))
    tags = {}
    for name in ["Python", "Tennessee", "PyTennessee", "Conferences"]:
        # Tags are shared vocabulary with no service of their own (only their name).
        tags[name], _ = Tag.objects.update_or_create(slug=slugify(name), defaults={"name": name})
    speakers = {}
    for slug, fields in SPEAKERS.items():
        speaker = Speaker.objects.filter(slug=slug).first() or Speaker(slug=slug)
        speakers[slug] = speaker_save(speaker=_fill(speaker, **fields))

    schedule = schedule_get_work_in_progress(conference=conference)
    talks = {}
    for item in TALKS:
        talk = conference.talks.filter(slug=item.slug).first() or Talk(
            conference=conference, slug=item.slug
        )
        talk = talk_save(
            talk=_fill(
                talk,
                uuid=demo_uuid(f"pytennessee-2015/{item.slug}"),
                title=item.title,
                kind=item.kind,
                abstract=item.abstract,
                track=tracks.get(item.track) if item.track else None,
                featured=item.featured,
                state=Talk.State.CONFIRMED,
            ),
            speakers=[speakers[slug] for slug in item.speakers],
            tags=[tags[name] for name in item.tags],
        )
        day = conference.days[item.day]
        slot = schedule.slots.filter(talk=talk).first() or Slot(schedule=schedule, talk=talk)
        slot_save(
            slot=_fill(
                slot,
                room=rooms[item.room] if item.room else None,
                start=_aware(day, item.start),
                end=_aware(day, item.end),
            )
        )
        talks[item.slug] = talk
    for day in conference.days:
        start = _aware(day, "12:00")
        lunch = schedule.slots.filter(title="The Glorious Food", start=start).first()
        lunch = lunch or Slot(schedule=schedule, title="The Glorious Food", start=start)
        slot_save(slot=_fill(lunch, end=_aware(day, "13:00"), room=None))

    keynote = talks["building-services-with-docker-and-python"]
    links: list[tuple[str, dict[str, Any]]] = [
        (
            "https://example.org/blog/2015/02/09/i-heart-pytennessee/",
            {
                "kind": Resource.Kind.WRITEUP,
                "title": "I <3 PyTennessee",
                "published_on": dt.date(2015, 2, 9),
                "approved": True,
            },
        ),
        (
            "https://example.org/status/2015-02-07-tmpnb",
            {
                "kind": Resource.Kind.SOCIAL,
                "title": "Loved the keynote: Python + Docker made tmpnb look so simple.",
                "published_on": dt.date(2015, 2, 7),
                "approved": True,
            },
        ),
    ]
    for url, fields in links:
        resource = keynote.resources.filter(url=url).first() or Resource(talk=keynote, url=url)
        resource_save(resource=_fill(resource, **fields))
    # The story's follow-up, stored as it stands: followup_create would send it to the
    # speaker by e-mail, which demo data must not do.
    followup, _ = FollowUp.objects.update_or_create(
        talk=keynote,
        email="brian.geiger@example.org",
        defaults={
            "kind": FollowUp.Kind.COLLABORATION,
            "name": "Brian J. Geiger",
            "affiliation": "Center for Open Science",
            "message": (
                "Great keynote. We would like the same multi-user notebook server for our "
                "team at the Center for Open Science. Could we talk about setting it up?"
            ),
            "consent_to_share": True,
        },
    )
    followup.recipients.set(keynote.speakers.all())  # as followup_create does

    if not conference.schedules.released().filter(version="1.0").exists():
        schedule_release(conference=conference, version="1.0", comment="The first schedule.")
    return conference


def load_accounts(conference: Conference) -> list[tuple[str, str]]:
    """Demo accounts for trying the site locally: (username, role)."""
    user_model = get_user_model()
    accounts = [
        ("admin", "staff (superuser)"),
        ("organizer", f"organizer of {conference}"),
        ("kyle", "speaker Kyle Kelley"),
        ("attendee", "attendee"),
    ]
    for username, _role in accounts:
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        if username == "admin":
            user.is_staff = user.is_superuser = True
        if username == "organizer":
            user.is_staff = True
        user.save()
    OrganizerMembership.objects.get_or_create(
        user=user_model.objects.get(username="organizer"),
        conference=conference,
        defaults={"role": OrganizerMembership.Role.LEAD},
    )
    kyle = Speaker.objects.get(slug="kyle-kelley")
    speaker_update(speaker=kyle, fields={"user": user_model.objects.get(username="kyle")})
    return accounts


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
    # Refused (DeleteRefused) if anyone left follow-ups on generated talks.
    for old in Conference.objects.filter(slug__startswith=f"{prefix}-"):
        conference_delete(conference=old, user=None)
    speakers_delete_bulk(speakers=Speaker.objects.filter(slug__startswith=f"{prefix}-"), user=None)
    tags = [
        Tag.objects.update_or_create(slug=word, defaults={"name": word.capitalize()})[0]
        for word in WORDS
    ]
    speakers = speakers_import_bulk(
        speakers=[
            Speaker(
                name=f"{rng.choice(WORDS).capitalize()} Speaker {n:05d}",
                slug=f"{prefix}-speaker-{n:05d}",
                affiliation=f"Org {rng.randrange(500):03d}",
                bio=f"Generated speaker {n} who talks about {rng.choice(WORDS)}.",
            )
            for n in range(spec.speakers)
        ]
    )
    conferences = []
    start_date = dt.date(2026, 2, 1)
    for c in range(spec.conferences):
        slug = f"{prefix}-{c:03d}" if spec.conferences > 1 else f"{prefix}-000"
        first_day = start_date - dt.timedelta(days=7 * c)
        conference = conference_create(
            fields={
                "name": f"Generated {size} conference {c:03d}",
                "slug": slug,
                "start_date": first_day,
                "end_date": first_day + dt.timedelta(days=spec.days - 1),
                "timezone": "Europe/Brussels",
                "published": True,
            }
        )
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
        _generate_programme(
            rng=rng,
            conference=conference,
            rooms=rooms,
            tracks=tracks,
            tags=tags,
            speakers=speakers,
            talk_count=spec.talks_per_conference,
        )
    return conferences


def _generate_programme(
    *,
    rng: random.Random,
    conference: Conference,
    rooms: list[Room],
    tracks: list[Track],
    tags: list[Tag],
    speakers: list[Speaker],
    talk_count: int,
) -> None:
    tz = conference.tzinfo
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
        for n in range(talk_count)
    ]
    talks_import_bulk(
        conference=conference,
        created=talks,
        updated=[],
        update_fields=[],
        changes=[(talk, "created") for talk in talks],
    )
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
    schedule = schedule_get_work_in_progress(conference=conference)
    slots = []
    pending = iter(talks)
    per_room_day = -(-talk_count // (len(rooms) * len(conference.days)))
    for day in conference.days:
        for room in rooms:
            clock = dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz)
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
    schedule_release(conference=conference, version="1.0")

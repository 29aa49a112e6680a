"""PyTennessee 2015, the conference of Hallway's story, loaded like any real schedule.

The programme is the frab schedule.json beside this module (pytennessee-2015.json: the
rooms, tracks, talks with their guids, slugs, times and abstracts, the speakers with
their bios, the keynote's write-up and social post, version "1.0"), imported and
released by the real importer (talks.interchange.imports.schedule_import). This module adds only
what the frab format cannot carry, each row through its service: the conference's
series, venue, tagline, website and published flag; room capacities; the speakers'
affiliations and GitHub accounts; featured talks and tags; the links' dates; the lunch
breaks (slots without a talk, which frab has no event for); the story's follow-up; and,
on request, demo accounts.

Loading again changes nothing: like the importer, it writes a row only when its values
differ from the stored ones (no updated_at or history moves, no webhook, no page-cache
bump), and the release is made once.
"""

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils.text import slugify

from conference.models import Conference, OrganizerMembership, Series, Venue
from conference.services import conference_save, room_save
from talks.interchange.imports import parse_schedule_file, schedule_import
from talks.interchange.imports.parsed import ParsedSchedule
from talks.models import FollowUp, Slot, Speaker, Tag, Talk
from talks.services import (
    resource_save,
    schedule_get_work_in_progress,
    slot_save,
    speaker_save,
    talk_save,
)

SCHEDULE_FILE = Path(__file__).with_name("pytennessee-2015.json")
CONFERENCE_SLUG = "pytennessee-2015"
KEYNOTE_SLUG = "building-services-with-docker-and-python"
DEMO_PASSWORD = "hallway-demo"  # noqa: S105 - printed demo accounts, created on request only

ROOM_CAPACITIES = {"Main Hall": 300, "Room 200": 80, "Room 300": 60}
SPEAKER_DETAILS: dict[str, dict[str, str]] = {
    "kyle-kelley": {"affiliation": "Rackspace", "github": "rgbkrk"},
    "ada-example": {"affiliation": "Demo Data Co."},
    "grace-sample": {"affiliation": "Example University"},
    "linus-placeholder": {"affiliation": ""},
    "mo-demo": {"affiliation": "Sample Labs"},
}
# Talk slug -> (tags, featured).
TALK_DETAILS: dict[str, tuple[tuple[str, ...], bool]] = {
    KEYNOTE_SLUG: (("Python", "PyTennessee", "Conferences"), True),
    "testing-without-tears": (("Python",), False),
    "data-pipelines-in-an-afternoon": (("Python",), False),
    "packaging-your-first-library": (("Python",), False),
    "tennessee-open-data": (("Python", "Tennessee"), False),
    "the-ministry-of-silly-walks": (("PyTennessee",), False),
    "lightning-talks": (("PyTennessee", "Conferences"), False),
    "async-python-for-the-rest-of-us": (("Python",), False),
}
LINK_DATES = {
    "https://example.org/blog/2015/02/09/i-heart-pytennessee/": dt.date(2015, 2, 9),
    "https://example.org/status/2015-02-07-tmpnb": dt.date(2015, 2, 7),
}
LUNCH = "The Glorious Food"
FOLLOWUP_EMAIL = "brian.geiger@example.org"
FOLLOWUP = {
    "kind": FollowUp.Kind.COLLABORATION,
    "name": "Brian J. Geiger",
    "affiliation": "Center for Open Science",
    "message": (
        "Great keynote. We would like the same multi-user notebook server for our "
        "team at the Center for Open Science. Could we talk about setting it up?"
    ),
    "consent_to_share": True,
}


def _changed(instance: models.Model, fields: dict[str, Any]) -> bool:
    """Set the fields that differ; whether the row is new or any field differed."""
    changed = instance._state.adding
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _row[M: models.Model](model: type[M], lookup: dict[str, Any], fields: dict[str, Any]) -> M:
    """A row of a model that has no service (series, venue, tag), saved only if it differs."""
    instance = model._default_manager.filter(**lookup).first() or model(**lookup)
    if _changed(instance, fields):
        instance.save()
    return instance


@transaction.atomic
def load_story() -> Conference:
    """PyTennessee 2015 as in Hallway's story; loading again changes nothing."""
    parsed = parse_schedule_file(SCHEDULE_FILE)
    conference = _conference(parsed)
    # Before the import, so that the release it makes holds them too.
    _lunches(conference)
    schedule_import(parsed=parsed, conference_slug=CONFERENCE_SLUG)
    for room in conference.rooms.filter(name__in=ROOM_CAPACITIES):
        if _changed(room, {"capacity": ROOM_CAPACITIES[room.name]}):
            room_save(room=room)
    for speaker in Speaker.objects.filter(slug__in=SPEAKER_DETAILS):
        if _changed(speaker, SPEAKER_DETAILS[speaker.slug]):
            speaker_save(speaker=speaker)
    _talk_details(conference)
    keynote = conference.talks.get(slug=KEYNOTE_SLUG)
    for resource in keynote.resources.filter(url__in=LINK_DATES):
        if _changed(resource, {"published_on": LINK_DATES[resource.url], "approved": True}):
            resource_save(resource=resource)
    _followup(keynote)
    return conference


def _conference(parsed: ParsedSchedule) -> Conference:
    series = _row(
        Series,
        {"slug": "pytennessee"},
        {"name": "PyTennessee", "website": "https://www.pytennessee.org/"},
    )
    venue = _row(
        Venue,
        {"name": "Nashville School of Law"},
        {"city": "Nashville", "country": "United States", "address": "Nashville, TN"},
    )
    conference = Conference.objects.filter(slug=CONFERENCE_SLUG).first()
    conference = conference or Conference(slug=CONFERENCE_SLUG)
    fields = {
        "series_id": series.pk,
        "name": parsed.title,
        "tagline": "A regional Python conference in Nashville.",
        "start_date": parsed.start_date,
        "end_date": parsed.end_date,
        "timezone": parsed.timezone,
        "venue_id": venue.pk,
        "website": "https://www.pytennessee.org/",
        "published": True,
    }
    if _changed(conference, fields):
        conference_save(conference=conference)
    return conference


def _lunches(conference: Conference) -> None:
    """Lunch on each day, 12:00 to 13:00 in every room: a break, not a talk."""
    schedule = schedule_get_work_in_progress(conference=conference)
    for day in conference.days:
        start = dt.datetime.combine(day, dt.time(12, 0), tzinfo=conference.tzinfo)
        lunch = schedule.slots.filter(title=LUNCH, start=start).first()
        lunch = lunch or Slot(schedule=schedule, title=LUNCH, start=start)
        if _changed(lunch, {"end": start + dt.timedelta(hours=1), "room_id": None}):
            slot_save(slot=lunch)


def _talk_details(conference: Conference) -> None:
    names = {name for tags, _featured in TALK_DETAILS.values() for name in tags}
    tags = {name: _row(Tag, {"slug": slugify(name)}, {"name": name}) for name in names}
    for talk in conference.talks.filter(slug__in=TALK_DETAILS).prefetch_related("tags"):
        names_wanted, featured = TALK_DETAILS[talk.slug]
        wanted = [tags[name] for name in names_wanted]
        if talk.featured != featured or set(talk.tags.all()) != set(wanted):
            talk.featured = featured
            talk_save(talk=talk, tags=wanted)


def _followup(keynote: Talk) -> None:
    """The story's follow-up, stored as it stands: followup_create would send it to the
    speaker by e-mail, which demo data must not do."""
    followup = FollowUp.objects.filter(talk=keynote, email=FOLLOWUP_EMAIL).first()
    followup = followup or FollowUp(talk=keynote, email=FOLLOWUP_EMAIL)
    if _changed(followup, FOLLOWUP):
        followup.save()
    speakers = set(keynote.speakers.all())
    if set(followup.recipients.all()) != speakers:
        followup.recipients.set(speakers)  # as followup_create does


def load_accounts(conference: Conference) -> list[tuple[str, str]]:
    """Demo accounts for trying the site locally: (username, role); idempotent too."""
    user_model = get_user_model()
    accounts = [
        ("admin", "staff (superuser)"),
        ("organizer", f"organizer of {conference}"),
        ("kyle", "speaker Kyle Kelley"),
        ("attendee", "attendee"),
    ]
    flags = {"admin": {"is_staff": True, "is_superuser": True}, "organizer": {"is_staff": True}}
    for username, _role in accounts:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, email=f"{username}@example.org")
            user.set_password(DEMO_PASSWORD)
        if _changed(user, flags.get(username, {})):
            user.save()
    OrganizerMembership.objects.get_or_create(
        user=user_model.objects.get(username="organizer"),
        conference=conference,
        defaults={"role": OrganizerMembership.Role.LEAD},
    )
    kyle = Speaker.objects.get(slug="kyle-kelley")
    if _changed(kyle, {"user_id": user_model.objects.get(username="kyle").pk}):
        speaker_save(speaker=kyle)
    return accounts

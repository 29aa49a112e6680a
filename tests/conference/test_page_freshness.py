"""Every cached page stays fresh after every change to what it shows: a generated matrix.

For each cached page kind (every use of ``cached_page``, checked against the page
cache's own list) and each change (talk, speaker, slot, room, track, tag, venue,
conference, resources, bookmark count, release), for an anonymous and a signed-in
viewer: warm the page, make the change, then the next response (sent with the old
ETag) must equal a fresh rendering of the page. Where the page shows what changed
(SHOWS), it must also differ from before, body and ETag. The oracle is the same view
rendered without the page cache, so nothing about a page's dependencies is written
twice.
"""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import get_resolver

from conference.infrastructure.page_cache import cached_pages
from conference.models import Conference, Room, Track, Venue
from talks.models import Resource, Slot, Speaker, Tag, Talk
from talks.services import schedule_get_work_in_progress, schedule_release, slot_create
from tests.factories import (
    BookmarkFactory,
    ConferenceFactory,
    OrganizerMembershipFactory,
    ResourceFactory,
    RoomFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
    TrackFactory,
    UserFactory,
    VenueFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db


@dataclass
class World:
    conference: Conference
    venue: Venue
    room: Room
    track: Track
    talk: Talk
    # The speaker's talk at another conference: lists of speakers show their talks everywhere.
    talk_elsewhere: Talk
    speaker: Speaker
    tag: Tag
    resource: Resource
    slot: Slot
    wip_slot: Slot
    viewer: User
    organizer: User


@pytest.fixture
def world(settings) -> World:
    settings.PAGE_CACHE_TRUST_INVALIDATION = True
    # Users here never log in with a password; the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    venue = VenueFactory(name="Old Venue", city="Oldtown")
    conference = ConferenceFactory(slug="fresh", name="Fresh Conference", venue=venue)
    room = RoomFactory(conference=conference, name="Old Room")
    track = TrackFactory(conference=conference, name="Old Track", slug="old-track")
    speaker = SpeakerFactory(name="Old Speaker", slug="old-speaker")
    tag = TagFactory(name="Old Tag", slug="old-tag")
    talk = TalkFactory(
        conference=conference,
        title="Old Title",
        slug="talk",
        abstract="About freshness.",
        track=track,
        speakers=[speaker],
    )
    talk.tags.add(tag)
    talk_elsewhere = TalkFactory(
        conference=ConferenceFactory(slug="elsewhere"),
        title="Old Elsewhere",
        slug="elsewhere-talk",
        speakers=[speaker],
    )
    resource = ResourceFactory(talk=talk, title="Old Slides", url="https://example.org/old")
    BookmarkFactory(talk=talk)
    start = local(conference, 0, 10)
    slot_create(
        schedule=schedule_get_work_in_progress(conference=conference),
        room=room,
        talk=talk,
        start=start,
        end=start + dt.timedelta(minutes=45),
    )
    schedule_release(conference=conference, version="1.0")
    cache.clear()
    return World(
        conference=conference,
        venue=venue,
        room=room,
        track=track,
        talk=talk,
        talk_elsewhere=talk_elsewhere,
        speaker=speaker,
        tag=tag,
        resource=resource,
        slot=Slot.objects.get(schedule__conference=conference, schedule__version="1.0"),
        wip_slot=Slot.objects.get(schedule__conference=conference, schedule__version=""),
        viewer=UserFactory(),
        organizer=OrganizerMembershipFactory(conference=conference).user,
    )


# The cached page kinds: page cache namespace -> an address of it in the world.
DAY = "2015-02-07"
PAGES = {
    "talks.views.conferences.home": "/",
    "talks.views.conferences.conference_list": "/conferences/",
    "talks.views.conferences.conference_detail": "/conferences/fresh/",
    "talks.views.conferences.conference_talks": "/conferences/fresh/talks/",
    "talks.views.conferences.conference_speakers": "/conferences/fresh/speakers/",
    "talks.views.schedule.schedule_day": f"/conferences/fresh/schedule/day/{DAY}/",
    "talks.views.schedule.schedule_list": "/conferences/fresh/schedule/list/",
    "talks.views.schedule.now_and_next": f"/conferences/fresh/now/?at={DAY}T10:15",
    "talks.views.catalogue.talk_detail": "/conferences/fresh/talks/talk/",
    "talks.views.catalogue.speaker_detail": "/speakers/old-speaker/",
    "talks.views.catalogue.tag_detail": "/tags/old-tag/",
    "talks.views.catalogue.search_page": "/search/?q=freshness",
    "talks.views.calendars.talk_ical": "/conferences/fresh/talks/talk.ics",
    "talks.views.calendars.speaker_ical": "/speakers/old-speaker.ics",
    "talks.views.calendars.conference_ical": "/conferences/fresh/schedule.ics",
    "talks.views.exports._export": "/conferences/fresh/schedule/export/schedule.json",
    "talks.views.changes.schedule_changes": "/conferences/fresh/schedule/changes/",
    "talks.views.changes.schedule_changes_feed": "/conferences/fresh/schedule/changes/feed/",
    "talks.views.sitemaps.sitemap": "/sitemap.xml",
    "api:ConferenceViewSet": "/api/v1/conferences/fresh/",
    "api:TalkCatalogueViewSet": "/api/v1/talks/?expand=speakers,track,tags",
    "api:TalkViewSet": "/api/v1/conferences/fresh/talks/?expand=speakers,track,tags",
    "api:ConferenceSpeakerViewSet": "/api/v1/conferences/fresh/speakers/",
    "api:SpeakerViewSet": "/api/v1/speakers/old-speaker/",
    "api:TagViewSet": "/api/v1/tags/old-tag/",
    "api:RoomViewSet": "/api/v1/conferences/fresh/rooms/",
    "api:TrackViewSet": "/api/v1/conferences/fresh/tracks/",
    "api:ReleasedScheduleView": (
        "/api/v1/conferences/fresh/schedule/?expand=talk,speakers,room,track"
    ),
    "api:ScheduleVersionViewSet": "/api/v1/conferences/fresh/schedules/",
    "api:SlotViewSet": "/api/v1/conferences/fresh/slots/{wip_slot}/",
}
# More addresses of the same kinds (one namespace serves several exports).
EXTRA_PAGES = {
    "export:schedule.xml": "/conferences/fresh/schedule/export/schedule.xml",
    "export:schedule.csv": "/conferences/fresh/schedule/export/schedule.csv",
    "export:talks.csv": "/conferences/fresh/schedule/export/talks.csv",
    "api:talk": "/api/v1/conferences/fresh/talks/talk/?expand=speakers,track,tags",
    "api:released-day": f"/api/v1/conferences/fresh/schedule/?day={DAY}",
    "api:slot-expanded": "/api/v1/conferences/fresh/slots/{wip_slot}/?expand=talk,room",
}
# The work-in-progress schedule's slots: its organizers only.
ORGANIZERS_ONLY = {"api:SlotViewSet", "api:slot-expanded"}
URLS = {**PAGES, **EXTRA_PAGES}


def _rename(model_attr: str, **fields: str):
    def change(world: World) -> None:
        row = getattr(world, model_attr)
        for name, value in fields.items():
            setattr(row, name, value)
        row.save()

    return change


def _move_slot(world: World) -> None:
    # An organizer corrects the released slot's time in the admin.
    world.slot.start += dt.timedelta(hours=2)
    world.slot.end += dt.timedelta(hours=2)
    world.slot.save()


def _add_resource(world: World) -> None:
    ResourceFactory(
        talk=world.talk,
        kind=Resource.Kind.WRITEUP,
        title="New Write-up",
        url="https://example.org/new-writeup",
    )


def _remove_resource(world: World) -> None:
    world.resource.approved = False
    world.resource.save()
    world.resource.delete()


def _bookmark(world: World) -> None:
    BookmarkFactory(talk=world.talk)


def _release(world: World) -> None:
    world.wip_slot.start += dt.timedelta(hours=3)
    world.wip_slot.end += dt.timedelta(hours=3)
    world.wip_slot.save()
    schedule_release(conference=world.conference, version="1.1")


def _retag(world: World) -> None:
    world.talk.tags.add(TagFactory(name="Added Tag", slug="added-tag"))


CHANGES = {
    "talk": _rename("talk", title="New Title"),
    "talk-elsewhere": _rename("talk_elsewhere", title="New Elsewhere"),
    "speaker": _rename("speaker", name="New Speaker"),
    "slot": _move_slot,
    "room": _rename("room", name="New Room"),
    "track": _rename("track", name="New Track"),
    "tag": _rename("tag", name="New Tag"),
    "talk-tags": _retag,
    "venue": _rename("venue", name="New Venue", city="Newtown"),
    "conference": _rename("conference", name="New Conference"),
    "resource-added": _add_resource,
    "resource-removed": _remove_resource,
    "bookmark-count": _bookmark,
    "release": _release,
}

_SCHEDULE = {"talk", "speaker", "slot", "room", "track", "release", "conference"}
# What each page kind shows, so that its change must show (the rest must merely not be
# stale). Kinds not listed show at least the talk.
SHOWS: dict[str, set[str]] = {
    "talks.views.conferences.home": {"conference", "venue"},
    "talks.views.conferences.conference_list": {"conference", "venue", "talk-tags"},
    "talks.views.conferences.conference_detail": {
        "talk",
        "speaker",
        "room",
        "track",
        "tag",
        "venue",
        "conference",
    },
    "talks.views.conferences.conference_talks": {"talk", "speaker", "conference"},
    "talks.views.conferences.conference_speakers": {"speaker", "conference"},
    "talks.views.schedule.schedule_day": _SCHEDULE,
    "talks.views.schedule.schedule_list": _SCHEDULE | {"tag", "talk-tags"},
    "talks.views.schedule.now_and_next": {"talk", "speaker", "room", "conference"},
    "talks.views.catalogue.talk_detail": {
        "talk",
        "speaker",
        "slot",
        "room",
        "tag",
        "talk-tags",
        "conference",
        "resource-added",
        "resource-removed",
        "bookmark-count",
        "release",
    },
    "talks.views.catalogue.speaker_detail": {"talk", "speaker", "conference", "venue"},
    "talks.views.catalogue.tag_detail": {"talk", "tag", "conference"},
    "talks.views.catalogue.search_page": {"talk"},
    "talks.views.calendars.talk_ical": {"talk", "speaker", "slot", "room", "release"},
    "talks.views.calendars.speaker_ical": {"talk", "speaker", "slot", "room", "release"},
    "talks.views.calendars.conference_ical": {"talk", "speaker", "slot", "room", "release"},
    "talks.views.exports._export": _SCHEDULE | {"resource-added", "resource-removed"},
    "talks.views.changes.schedule_changes": {"release", "conference"},
    "talks.views.changes.schedule_changes_feed": {"release", "conference"},
    # Addresses and days of change: none of these changes moves an address.
    "talks.views.sitemaps.sitemap": set(),
    "export:schedule.xml": _SCHEDULE | {"resource-added", "resource-removed"},
    "export:schedule.csv": {"talk", "speaker", "slot", "room", "release"},
    "export:talks.csv": {"talk", "speaker"},
    "api:ConferenceViewSet": {"conference"},
    "api:TalkCatalogueViewSet": {"talk", "speaker", "track", "tag", "talk-tags"},
    "api:TalkViewSet": {"talk", "speaker", "track", "tag", "talk-tags"},
    "api:ConferenceSpeakerViewSet": {"speaker", "talk-elsewhere"},
    "api:SpeakerViewSet": {"speaker"},
    "api:TagViewSet": {"tag"},
    "api:RoomViewSet": {"room"},
    "api:TrackViewSet": {"track"},
    "api:ReleasedScheduleView": {"talk", "speaker", "slot", "room", "track", "release"},
    "api:ScheduleVersionViewSet": {"release"},
    "api:SlotViewSet": {"release"},
    "api:talk": {"talk", "speaker", "track", "tag", "talk-tags"},
    "api:released-day": {"slot", "release"},
    "api:slot-expanded": {"talk", "room", "release"},
}

# Different in every rendering: a signed-in page's CSRF token (masked afresh) and an
# iCal file's DTSTAMP (when it was made).
_PER_RENDERING = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|DTSTAMP:[0-9TZ]+')


def _body(response) -> bytes:
    return _PER_RENDERING.sub(b"", response.content)


def _get(client, url, **headers):
    if url.startswith("/api/"):
        headers.setdefault("HTTP_ACCEPT", "application/json")
    return client.get(url, **headers)


def test_the_matrix_covers_every_cached_page():
    get_resolver().url_patterns  # noqa: B018 - imports every view, so every cached_page
    assert set(PAGES) == set(cached_pages())


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("kind", list(URLS))
def test_the_next_response_after_a_change_is_fresh(world, client, settings, kind, change):
    url = URLS[kind].format(wip_slot=world.wip_slot.pk)
    if kind in ORGANIZERS_ONLY:
        viewers = {"organizer": world.organizer}
    else:
        viewers = {"anonymous": None, "signed-in": world.viewer}
    before = {}
    for name, user in viewers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        # The first rendering may set the CSRF cookie, which the next request sends.
        _get(client, url)
        first = _get(client, url)
        assert first.status_code == 200, (name, url)
        assert _get(client, url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        before[name] = first

    CHANGES[change](world)

    for name, user in viewers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        old = before[name]
        served = _get(client, url, HTTP_IF_NONE_MATCH=old["ETag"])
        settings.PAGE_CACHE_TRUST_INVALIDATION = False
        truth = _get(client, url)
        settings.PAGE_CACHE_TRUST_INVALIDATION = True
        assert truth.status_code == 200
        if _body(truth) == _body(old):
            assert change not in SHOWS[kind], f"{kind} does not show {change} ({name})"
            continue
        assert served.status_code == 200, f"stale 304: {kind} after {change} ({name})"
        assert _body(served) == _body(truth), f"stale body: {kind} after {change} ({name})"
        assert served["ETag"] != old["ETag"]

"""One rule for what the public sees (talks.selectors.visibility), checked on every public URL.

A draft talk, by a speaker with no other talk and with a tag no other talk has, sits in
the latest released schedule of a published conference, next to a public talk. Every
URL the permission matrix (tests/security) says an anonymous visitor or a signed-in
attendee may read is fetched, plus the variants the matrix does not build (each day of
the grid, now & next during the draft's slot, searches for the draft, API expansions,
the release that added it): none may name the draft, its speaker or its tag. Every
public detail URL of the public talk, speaker and tag is also asked for the draft's,
and must answer 404. A URL added to the project gets a matrix row (its test insists),
and so is covered here without touching this file.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date

from talks.models import Talk
from talks.services import schedule_get_work_in_progress, schedule_release, slot_create
from tests.factories import (
    BookmarkFactory,
    ConferenceFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
)
from tests.security.expected import expectations
from tests.security.matrix import url_for
from tests.security.urlmap import all_routes
from tests.security.world import ANONYMOUS, ATTENDEE, ORGANIZER, World, build_world
from tests.website import local

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Quixotic Unannounced Zeppelin"
DRAFT_SLUG = "quixotic-unannounced-zeppelin"
DRAFT_SPEAKER = "Wilhelmina Xanthopoulou"
DRAFT_SPEAKER_SLUG = "wilhelmina-xanthopoulou"
DRAFT_EMAIL = "wilhelmina-x-5e1a@example.net"
DRAFT_TAG = "Hovercraft Secrets"
DRAFT_TAG_SLUG = "hovercraft-secrets"


@dataclass
class Planted:
    world: World
    draft: Talk

    @property
    def secrets(self) -> tuple[str, ...]:
        return (
            DRAFT_TITLE,
            DRAFT_SLUG,
            DRAFT_SPEAKER,
            DRAFT_SPEAKER_SLUG,
            DRAFT_EMAIL,
            DRAFT_TAG,
            DRAFT_TAG_SLUG,
            str(self.draft.uuid),
        )


@pytest.fixture
def planted() -> Planted:
    world = build_world()
    conference = world.conference
    speaker = SpeakerFactory(name=DRAFT_SPEAKER, slug=DRAFT_SPEAKER_SLUG, email=DRAFT_EMAIL)
    draft = TalkFactory(
        conference=conference,
        title=DRAFT_TITLE,
        slug=DRAFT_SLUG,
        state=Talk.State.DRAFT,
        speakers=[speaker],
        track=world.track,
    )
    # The public talk's tag too: the tag page lists talks, and must not list this one.
    draft.tags.add(world.tag, TagFactory(name=DRAFT_TAG, slug=DRAFT_TAG_SLUG))
    start = local(conference, 1, 11)
    slot_create(
        schedule=schedule_get_work_in_progress(conference=conference),
        room=world.room,
        talk=draft,
        start=start,
        end=start + dt.timedelta(minutes=45),
    )
    schedule_release(conference=conference, version="1.1")  # the changelog: "added"
    # Bookmarked while it was public, say: the personal schedule and feed must drop it.
    BookmarkFactory(user=world.users[ATTENDEE], talk=draft)
    return Planted(world=world, draft=draft)


def _public_urls(world: World, role: str) -> list[str]:
    """Every URL the matrix lets ``role`` read (GET answers 200)."""
    table = expectations()
    urls = []
    for route in all_routes():
        expect = table.get(route.key)
        if expect is None or "GET" not in expect.methods:
            continue
        if expect.methods["GET"][role] == frozenset({200}):
            urls.append(url_for(route, expect, world))
    return urls


def _extra_urls(planted: Planted) -> list[str]:
    """Pages the matrix builds one way only, asked the ways that would show the draft."""
    conference = planted.world.conference
    slug = conference.slug
    at = local(conference, 1, 11, 10).replace(tzinfo=None).isoformat(timespec="minutes")
    api = f"/api/v1/conferences/{slug}"
    public_tag = planted.world.tag.slug  # the draft has it too
    return [
        *(
            reverse("conference:schedule_day", kwargs={"slug": slug, "day": day.isoformat()})
            for day in conference.days
        ),
        reverse("conference:now", kwargs={"slug": slug}) + f"?at={at}",
        reverse("conference:schedule_list", kwargs={"slug": slug}) + f"?tag={public_tag}",
        *(
            reverse("search") + f"?q={query}"
            for query in ("Quixotic", "Unannounced Zeppelin", "Wilhelmina", "Xanthopoulou")
        ),
        f"{api}/schedule/?expand=talk,speakers,room",
        f"{api}/schedule/?day={conference.days[1].isoformat()}",
        f"{api}/schedules/1.1/",
        f"{api}/talks/?expand=speakers,tags,track",
        f"{api}/talks/?state=draft",
        f"{api}/speakers/?q=Xanthopoulou",
        f"/api/v1/talks/?conference={slug}&expand=speakers,tags",
        "/api/v1/talks/?q=Quixotic",
        f"/api/v1/talks/?speaker={DRAFT_SPEAKER_SLUG}",
        f"/api/v1/talks/?tag={DRAFT_TAG_SLUG}",
        f"/api/v1/speakers/?conference={slug}",
        "/api/v1/speakers/?q=Xanthopoulou",
        "/api/v1/tags/?q=Hovercraft",
    ]


def _draft_variants(world: World, draft: Talk) -> list[str]:
    """The public detail URLs of the public talk, speaker and tag, for the draft's."""
    swap = {
        world.talk.slug: DRAFT_SLUG,
        str(world.talk.uuid): str(draft.uuid),
        world.speaker.slug: DRAFT_SPEAKER_SLUG,
        world.tag.slug: DRAFT_TAG_SLUG,
    }
    table = expectations()
    urls = []
    for route in all_routes():
        expect = table.get(route.key)
        if (
            expect is None
            or not route.name
            or expect.methods.get("GET", {}).get(ANONYMOUS) != {200}
        ):
            continue
        kwargs = expect.kwargs(world)
        swapped = {key: swap.get(str(value), value) for key, value in kwargs.items()}
        if swapped != kwargs:
            urls.append(reverse(route.name, kwargs=swapped) + expect.query)
    return urls


def _client(world: World, role: str) -> Client:
    return world.client(role, raise_request_exception=False)


def _body(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("role", [ANONYMOUS, ATTENDEE])
def test_no_public_url_shows_a_draft_in_a_released_schedule(planted: Planted, role: str):
    world = planted.world
    urls = _public_urls(world, role) + _extra_urls(planted)
    assert len(urls) > 40  # the whole public site, not a handful
    leaks, failures = [], []
    shows_public_talk = set()
    for url in urls:
        response = _client(world, role).get(url)
        if response.status_code != 200:
            failures.append(f"{url}: {response.status_code}")
            continue
        body = _body(response)
        # A search repeats its query: a secret the URL itself carries is not a leak there
        # (the searches use parts of the names, so the whole names are still checked).
        asked = unquote(url.partition("?")[2])
        leaks += [
            f"{url}: {secret!r}"
            for secret in planted.secrets
            if secret in body and secret not in asked
        ]
        if world.talk.title in body:
            shows_public_talk.add(url.split("?")[0])
    assert failures == [], "\n".join(failures)
    assert leaks == [], "\n".join(leaks)
    # Not vacuous: the pages that would show the draft do show its public neighbour.
    slug = world.conference.slug
    for name in ("schedule_list", "schedule", "talks", "speakers", "detail"):
        assert reverse(f"conference:{name}", kwargs={"slug": slug}) in shows_public_talk
    assert reverse("schedule_changes:list", kwargs={"slug": slug}) in shows_public_talk
    assert f"/api/v1/conferences/{slug}/schedule/" in shows_public_talk


@pytest.mark.parametrize("role", [ANONYMOUS, ATTENDEE])
def test_every_public_detail_url_of_the_draft_is_not_found(planted: Planted, role: str):
    world = planted.world
    urls = _draft_variants(world, planted.draft)
    names = {url.split("?")[0] for url in urls}
    # The talk page and its calendar, the speaker and the tag pages, and their API twins.
    assert f"/conferences/{world.conference.slug}/talks/{DRAFT_SLUG}/" in names
    assert f"/speakers/{DRAFT_SPEAKER_SLUG}/" in names
    assert f"/tags/{DRAFT_TAG_SLUG}/" in names
    assert f"/api/v1/talks/{planted.draft.uuid}/" in names
    assert f"/api/v1/speakers/{DRAFT_SPEAKER_SLUG}/" in names
    assert len(urls) >= 10
    got = {url: _client(world, role).get(url).status_code for url in urls}
    assert got == dict.fromkeys(urls, 404)


def test_the_personal_schedule_drops_a_bookmarked_draft(planted: Planted):
    world = planted.world
    page = _client(world, ATTENDEE).get(reverse("me:schedule"))
    assert page.status_code == 200
    body = _body(page)
    assert world.talk.title in body
    assert DRAFT_TITLE not in body
    feed = Client().get(reverse("me:feed", kwargs={"token": world.calendar_feed.token}))
    assert feed.status_code == 200
    assert DRAFT_TITLE not in _body(feed)
    assert world.talk.title in _body(feed)


# --- A page the viewer may not see is a 404, never a 304 --------------------------------


PRIVATE_PAGES = [
    f"/speakers/{DRAFT_SPEAKER_SLUG}/",
    f"/speakers/{DRAFT_SPEAKER_SLUG}.ics",
    f"/tags/{DRAFT_TAG_SLUG}/",
    "/conferences/conference-a/talks/" + DRAFT_SLUG + "/",
    "/conferences/conference-a/talks/" + DRAFT_SLUG + ".ics",
    f"/api/v1/speakers/{DRAFT_SPEAKER_SLUG}/",
    f"/api/v1/tags/{DRAFT_TAG_SLUG}/",
    f"/api/v1/conferences/conference-a/talks/{DRAFT_SLUG}/",
    f"/api/v1/conferences/conference-a/speakers/{DRAFT_SPEAKER_SLUG}/",
    "/conferences/conference-a/schedule/day/2015-01-01/",  # not a day of it
    "/api/v1/conferences/conference-a/schedules/9.9/",  # no such release
]
CONDITIONAL_HEADERS = [
    {"HTTP_IF_MODIFIED_SINCE": http_date(4102444800)},  # 2100: later than any change
    {"HTTP_IF_NONE_MATCH": "*"},
]


@pytest.mark.parametrize("trust", [False, True], ids=["per-process cache", "shared cache"])
@pytest.mark.parametrize("role", [ANONYMOUS, ATTENDEE])
@pytest.mark.parametrize("url", PRIVATE_PAGES)
def test_a_conditional_get_of_a_private_page_is_a_404(
    planted: Planted, settings, trust: bool, role: str, url: str
):
    settings.PAGE_CACHE_TRUST_INVALIDATION = trust
    client = _client(planted.world, role)
    for headers in CONDITIONAL_HEADERS:
        assert client.get(url, **headers).status_code == 404
    # As for a slug that does not exist at all.
    assert client.get("/speakers/no-such-speaker/", **CONDITIONAL_HEADERS[0]).status_code == 404


def test_a_conditional_get_of_a_public_page_still_gets_its_304(planted: Planted):
    url = f"/speakers/{planted.world.speaker.slug}/"
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# --- An unannounced conference stays unannounced ----------------------------------------


def test_api_lists_filtered_by_an_unpublished_conference_are_empty(planted: Planted):
    world = planted.world
    hidden = ConferenceFactory(slug="unannounced-2016", published=False)
    # A public speaker (listed for their public talk) and one known only from here.
    TalkFactory(conference=hidden, title="Announced Next Month", speakers=[world.speaker])
    TalkFactory(conference=hidden, speakers=[SpeakerFactory(name="Only Here")])
    for role in (ANONYMOUS, ATTENDEE):
        client = _client(world, role)
        for url in (
            "/api/v1/speakers/?conference=unannounced-2016",
            "/api/v1/talks/?conference=unannounced-2016",
        ):
            response = client.get(url, HTTP_ACCEPT="application/json")
            assert response.status_code == 200
            assert response.json()["results"] == []
        speaker = client.get(f"/api/v1/speakers/{world.speaker.slug}/").json()
        assert "Announced Next Month" not in str(speaker)
        assert client.get("/api/v1/conferences/unannounced-2016/").status_code == 404
        assert client.get("/api/v1/conferences/unannounced-2016/speakers/").status_code == 404


# --- Organizers still see their drafts (the extras on top of the public rule) -----------


def test_the_conferences_organizer_still_sees_the_draft_where_they_may(planted: Planted):
    world = planted.world
    client = _client(world, ORGANIZER)
    slug = world.conference.slug
    day = world.conference.days[1].isoformat()
    preview = client.get(f"/conferences/{slug}/schedule/day/{day}/?preview=1")
    assert preview.status_code == 200
    assert DRAFT_TITLE in _body(preview)
    # Without ?preview=1 the organizer sees what the public sees.
    assert DRAFT_TITLE not in _body(client.get(f"/conferences/{slug}/schedule/day/{day}/"))
    api = f"/api/v1/conferences/{slug}"
    for url in (f"{api}/talks/{DRAFT_SLUG}/", f"{api}/schedules/1.1/", f"{api}/schedule/"):
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert DRAFT_TITLE in _body(response)
    assert client.get(f"/api/v1/speakers/{DRAFT_SPEAKER_SLUG}/").status_code == 200
    assert client.get(f"/api/v1/tags/{DRAFT_TAG_SLUG}/").status_code == 200

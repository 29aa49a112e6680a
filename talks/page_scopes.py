"""What each cached page depends on, declared once, next to the data.

Two halves, kept together so they cannot drift apart:

- Rows: every model a public page, feed, export or API response can show says which
  scopes its rows belong to (``watch``): a conference's pages, the catalogue that
  cross-conference pages show, one talk's page (its bookmark count), or every page.
  conference/infrastructure/page_cache.py bumps those scopes' version counters on every save, delete
  and many-to-many change. Models left out (follow-ups, webhooks and their deliveries,
  history rows, tokens, feeds) bump nothing: no public page shows them.
- Pages: each cached view names the scopes of what it shows, from its URL alone (no
  query, no database): ``conference_pages``, ``talk_pages``, ``catalogue_pages``.

A page's version is the counters of its scopes, so a template that starts showing one
more field needs no edit here, and a new model a page shows needs one line here.
tests/conference/test_page_freshness.py checks every cached page against every change.

Rules see a row as saved or deleted, not as it was: rows do not move between
conferences (a conference's own slug may change: conferences bump every page).
"""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from conference.infrastructure.page_versions import CATALOGUE, SITE, conference_scope, watch
from conference.models import Conference, OrganizerMembership, Room, Series, Track, Venue
from talks.models import Bookmark, Resource, Schedule, Slot, Speaker, Tag, Talk, TalkSpeaker


def talk_scope(conference_slug: str, talk_slug: str) -> str:
    """One talk's page: what only it shows (how many people are going)."""
    return f"talk:{conference_slug}:{talk_slug}"


def _in_conference(conference: Conference) -> list[str]:
    # A conference's rows are shown by its pages and by the catalogue's (speaker and tag
    # pages, search, the API's cross-conference lists).
    return [conference_scope(conference.slug), CATALOGUE]


def _in_conferences(slugs: Iterable[str]) -> list[str]:
    return [CATALOGUE, *(conference_scope(slug) for slug in set(slugs))]


# Rows. Conferences, their series and venues name the pages' addresses and who may see
# them (a slug or published flag changes every page of the conference): every page.
watch(Conference, lambda conference: [SITE])
watch(Series, lambda series: [SITE])
watch(Venue, lambda venue: [SITE])
# Organizers see their conference's previews.
watch(OrganizerMembership, lambda membership: _in_conference(membership.conference))
watch(Room, lambda room: _in_conference(room.conference))
watch(Track, lambda track: _in_conference(track.conference))
watch(Talk, lambda talk: _in_conference(talk.conference))
watch(TalkSpeaker, lambda link: _in_conference(link.talk.conference))
watch(Schedule, lambda schedule: _in_conference(schedule.conference))
watch(Slot, lambda slot: _in_conference(slot.schedule.conference))
# Approved links show on the talk page and in the frab exports.
watch(Resource, lambda resource: _in_conference(resource.talk.conference))
watch(
    Speaker,
    lambda speaker: _in_conferences(
        Talk.objects.filter(speakers=speaker).values_list("conference__slug", flat=True)
    ),
)
watch(
    Tag,
    lambda tag: _in_conferences(
        Talk.objects.filter(tags=tag).values_list("conference__slug", flat=True)
    ),
)
# "N people are going" is on the talk's page only, and the viewer's own "I'm going" too.
watch(Bookmark, lambda bookmark: [talk_scope(bookmark.talk.conference.slug, bookmark.talk.slug)])


# Pages.


def site_pages(request: HttpRequest, *args: Any, **kwargs: Any) -> list[str]:
    """Pages that show conferences only (the home page): every page's scope suffices."""
    return []


def conference_pages(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> list[str]:
    """A conference's pages, schedule pages, exports and calendar."""
    return [conference_scope(slug)]


def api_conference_pages(
    request: HttpRequest, *args: Any, conference_slug: str, **kwargs: Any
) -> list[str]:
    """The same, for the API's /conferences/<conference_slug>/… routes."""
    return [conference_scope(conference_slug)]


def api_conference_speaker_pages(
    request: HttpRequest, *args: Any, conference_slug: str, **kwargs: Any
) -> list[str]:
    """A conference's speakers with their talks everywhere: the catalogue's too."""
    return [conference_scope(conference_slug), CATALOGUE]


def talk_pages(request: HttpRequest, conference: str, slug: str) -> list[str]:
    return [conference_scope(conference), talk_scope(conference, slug)]


def catalogue_pages(request: HttpRequest, *args: Any, **kwargs: Any) -> list[str]:
    """Speaker, tag and search pages, and the API's catalogue: across conferences."""
    return [CATALOGUE]

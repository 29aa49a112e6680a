"""The public schedule changelog: a page and an Atom feed per conference.

Mounted by talks/urls.py under /conferences/<slug>/schedule/changes/ so attendees
and apps learn what moved between released versions.
"""

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from conference.infrastructure.page_cache import cached_page
from conference.models import Conference
from conference.selectors import conference_get_public
from conference.text import without_control_characters
from talks.models import Schedule
from talks.page_scopes import conference_pages
from talks.selectors.visibility import changelog_public, changelog_talk_uuids, talk_uuids_public

FEED_LENGTH = 20


def schedule_releases_public(*, conference: Conference) -> QuerySet[Schedule]:
    """Released versions, newest first, without their slots (one query)."""
    return conference.schedules.released().order_by("-released_at", "-pk")


def changes_for_display(
    entries: list[dict[str, Any]], tz: zoneinfo.ZoneInfo
) -> list[dict[str, Any]]:
    """Changelog entries without the snapshots, with places' times as local datetimes."""
    shown = []
    for entry in entries:
        if entry.get("type") == "snapshot":
            continue
        entry = dict(entry)
        for side in ("from", "to"):
            place = entry.get(side)
            if isinstance(place, dict) and place.get("start"):
                entry[f"{side}_start"] = dt.datetime.fromisoformat(place["start"]).astimezone(tz)
                entry[f"{side}_room"] = place.get("room", "")
        shown.append(entry)
    return shown


def _releases_with_changes(conference: Conference, limit: int | None = None) -> list[Schedule]:
    """The releases with their public changes: entries about talks the public may not
    see (a draft in a release) are left out, as the talk's own pages are."""
    releases = list(schedule_releases_public(conference=conference)[:limit])
    public_uuids = talk_uuids_public(changelog_talk_uuids(releases))  # one query for all
    for release in releases:
        release.conference = conference  # already loaded: no query per release
        entries = changelog_public(release.changelog, public_uuids=public_uuids)
        changes = changes_for_display(entries, conference.tzinfo)
        release.changes = changes  # type: ignore[attr-defined]  # for the template only
    return releases


# A long conference's changelog is a few hundred milliseconds to render: stored.
@cached_page(conference_pages)
def schedule_changes(request: HttpRequest, slug: str) -> HttpResponse:
    conference = conference_get_public(slug=slug)
    context = {"conference": conference, "releases": _releases_with_changes(conference)}
    return render(request, "talks/schedule_changes.html", context)


class ControlFreeAtom1Feed(Atom1Feed):
    """Atom without control characters, which XML 1.0 cannot hold: a release is immutable,
    so one written before they were refused must not break the feed for ever."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cleaned = {key: _clean(value) for key, value in kwargs.items()}
        super().__init__(*(_clean(value) for value in args), **cleaned)

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        cleaned = {key: _clean(value) for key, value in kwargs.items()}
        super().add_item(*(_clean(value) for value in args), **cleaned)


def _clean(value: Any) -> Any:
    return without_control_characters(value) if isinstance(value, str) else value


class ScheduleChangesFeed(Feed):
    feed_type = ControlFreeAtom1Feed
    description_template = "talks/includes/_schedule_release_changes.html"

    def get_object(  # type: ignore[override]  # Feed's takes *args; the URL gives a slug
        self, request: HttpRequest, slug: str
    ) -> Conference:
        return conference_get_public(slug=slug)

    def title(self, conference: Conference) -> str:
        return f"{conference}: schedule changes"

    def subtitle(self, conference: Conference) -> str:
        return f"What changed in each released version of the {conference} schedule."

    def link(self, conference: Conference) -> str:
        return reverse("schedule_changes:list", kwargs={"slug": conference.slug})

    # Atom requires an author for the feed (its entries have none of their own): the
    # conference, whose organizers release the versions.
    def author_name(self, conference: Conference) -> str:
        return f"{conference.name} organizers"

    def items(self, conference: Conference) -> list[Schedule]:
        return _releases_with_changes(conference, FEED_LENGTH)

    def item_title(self, release: Schedule) -> str:
        count = len(getattr(release, "changes", []))
        return f"Version {release.version}: {count} change{'' if count == 1 else 's'}"

    def item_link(self, release: Schedule) -> str:
        # From the release, not self: one Feed instance serves every request.
        url = reverse("schedule_changes:list", kwargs={"slug": release.conference.slug})
        return f"{url}#version-{release.version}"

    def item_pubdate(self, release: Schedule) -> dt.datetime | None:
        return release.released_at

    def item_updateddate(self, release: Schedule) -> dt.datetime | None:
        return release.released_at

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["release"] = kwargs["item"]
        return context


schedule_changes_feed = cached_page(conference_pages, name=f"{__name__}.schedule_changes_feed")(
    ScheduleChangesFeed()
)

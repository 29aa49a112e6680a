"""sitemap.xml: what the public sees (talks.selectors.visibility): conferences, their schedule
pages, talks, speakers and tags."""

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse

from conference.infrastructure.page_cache import cached_page
from conference.models import Conference
from talks.models import Speaker, Talk
from talks.page_scopes import catalogue_pages
from talks.selectors.visibility import (
    conferences_public,
    speakers_public,
    tags_public,
    talks_public,
)


class ConferenceSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> Any:
        return conferences_public().order_by("-start_date")

    def lastmod(self, item: Conference) -> dt.datetime:
        return item.updated_at


class ConferencePagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[tuple[str, str]]:
        slugs = conferences_public().values_list("slug", flat=True)
        names = ["schedule", "schedule_list", "talks", "speakers"]
        return [(name, slug) for slug in slugs for name in names]

    def location(self, item: tuple[str, str]) -> str:
        name, slug = item
        return reverse(f"conference:{name}", kwargs={"slug": slug})


class TalkSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return talks_public().select_related("conference").order_by("pk")

    def lastmod(self, item: Talk) -> dt.datetime:
        return item.updated_at


class SpeakerSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return speakers_public().order_by("pk")

    def lastmod(self, item: Speaker) -> dt.datetime:
        return item.updated_at


class TagSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return tags_public().order_by("pk")


SITEMAPS = {
    "conferences": ConferenceSitemap,
    "conference-pages": ConferencePagesSitemap,
    "talks": TalkSitemap,
    "speakers": SpeakerSitemap,
    "tags": TagSitemap,
}


# Every public talk, speaker and tag: half a second to build on a large catalogue, stored.
# "p" is the page of a section too long for one file.
sitemap_page = cached_page(catalogue_pages, params=("p",), name=f"{__name__}.sitemap")(sitemap)

"""sitemap.xml: published conferences, their schedule pages, talks, speakers and tags."""

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from conference.models import Conference
from talks.models import Speaker, Tag, Talk


class ConferenceSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> Any:
        return Conference.objects.published().order_by("-start_date")

    def lastmod(self, item: Conference) -> dt.datetime:
        return item.updated_at


class ConferencePagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[tuple[str, str]]:
        slugs = Conference.objects.published().values_list("slug", flat=True)
        names = ["schedule", "schedule_list", "talks", "speakers"]
        return [(name, slug) for slug in slugs for name in names]

    def location(self, item: tuple[str, str]) -> str:
        name, slug = item
        return reverse(f"conference:{name}", kwargs={"slug": slug})


class TalkSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return Talk.objects.published().select_related("conference").order_by("pk")

    def lastmod(self, item: Talk) -> dt.datetime:
        return item.updated_at


class SpeakerSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return Speaker.objects.filter(talks__in=Talk.objects.published()).distinct().order_by("pk")

    def lastmod(self, item: Speaker) -> dt.datetime:
        return item.updated_at


class TagSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return Tag.objects.filter(talks__in=Talk.objects.published()).distinct().order_by("pk")


SITEMAPS = {
    "conferences": ConferenceSitemap,
    "conference-pages": ConferencePagesSitemap,
    "talks": TalkSitemap,
    "speakers": SpeakerSitemap,
    "tags": TagSitemap,
}

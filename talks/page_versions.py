"""What each public page depends on, read in one query (for conference.caching.cached_page).

Each function returns a ContentVersion whose parts change whenever the page's content
does: the latest released schedule (id and time), counts (so additions and deletions
show) and max(updated_at) of the rows the page shows. None means "no such public page":
the view then answers 404 itself. Indexes on the foreign keys and updated_at keep these
queries to index scans (checked by tests/test_explain.py).

Not covered (no updated_at on the model): renaming a room, a track, a tag or a venue.
Saving the talks or conference concerned, or a new release, refreshes the pages.
"""

from typing import Any

from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from conference.caching import ContentVersion, latest
from conference.models import Conference
from talks.models import Schedule, Speaker, Tag, Talk


def _latest_release(conference_ref: str) -> dict[str, Subquery]:
    releases = (
        Schedule.objects.released()
        .filter(conference=OuterRef(conference_ref))
        .order_by("-released_at", "-pk")
    )
    return {
        "release_pk": Subquery(releases.values("pk")[:1]),
        "released_at": Subquery(releases.values("released_at")[:1]),
    }


def _aggregate(queryset: QuerySet[Any], group: str, **aggregates: Any) -> dict[str, Subquery]:
    """Correlated subqueries: one aggregate each over ``queryset`` grouped by ``group``."""
    grouped = queryset.order_by().values(group)
    return {
        name: Subquery(grouped.annotate(value=aggregate).values("value")[:1])
        for name, aggregate in aggregates.items()
    }


def _count(queryset: QuerySet[Any], group: str) -> Coalesce:
    grouped = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(grouped), 0, output_field=IntegerField())


def home_version(request: HttpRequest) -> ContentVersion:
    row = Conference.objects.published().aggregate(count=Count("pk"), changed=Max("updated_at"))
    return ContentVersion(("home", row["count"], row["changed"]), row["changed"])


def conference_version(request: HttpRequest, slug: str) -> ContentVersion | None:
    talks = Talk.objects.filter(conference=OuterRef("pk"))
    row = (
        Conference.objects.published()
        .filter(slug=slug)
        .annotate(
            **_latest_release("pk"),
            talk_count=_count(talks, "conference"),
            **_aggregate(talks, "conference", talks_changed=Max("updated_at")),
            **_aggregate(
                Talk.objects.filter(conference=OuterRef("pk")),
                "conference",
                speakers_changed=Max("talk_speakers__speaker__updated_at"),
            ),
        )
        .values(
            "pk",
            "updated_at",
            "release_pk",
            "released_at",
            "talk_count",
            "talks_changed",
            "speakers_changed",
        )
        .first()
    )
    if row is None:
        return None
    return ContentVersion(
        tuple(row.values()),
        latest(
            row["updated_at"], row["released_at"], row["talks_changed"], row["speakers_changed"]
        ),
    )


def talk_version(request: HttpRequest, conference: str, slug: str) -> ContentVersion | None:
    speakers = Talk.objects.filter(pk=OuterRef("pk"))
    row = (
        Talk.objects.published()  # type: ignore[misc]  # django-stubs cannot see **annotations
        .filter(conference__slug=conference, slug=slug)
        .annotate(
            **_latest_release("conference"),
            **_aggregate(
                speakers,
                "pk",
                speaker_count=Count("talk_speakers"),
                speakers_changed=Max("talk_speakers__speaker__updated_at"),
            ),
        )
        .values(
            "pk",
            "updated_at",
            "conference__updated_at",
            "release_pk",
            "released_at",
            "speaker_count",
            "speakers_changed",
        )
        .first()
    )
    if row is None:
        return None
    return ContentVersion(
        tuple(row.values()),
        latest(
            row["updated_at"],
            row["conference__updated_at"],
            row["released_at"],
            row["speakers_changed"],
        ),
    )


def speaker_version(request: HttpRequest, slug: str) -> ContentVersion | None:
    talks = Talk.objects.filter(talk_speakers__speaker=OuterRef("pk"))
    row = (
        Speaker.objects.filter(slug=slug)
        .annotate(
            talk_count=_count(talks, "talk_speakers__speaker"),
            **_aggregate(
                talks,
                "talk_speakers__speaker",
                talks_changed=Max("updated_at"),
                conferences_changed=Max("conference__updated_at"),
            ),
        )
        .values("pk", "updated_at", "talk_count", "talks_changed", "conferences_changed")
        .first()
    )
    if row is None:
        return None
    return ContentVersion(
        tuple(row.values()),
        latest(row["updated_at"], row["talks_changed"], row["conferences_changed"]),
    )


def tag_version(request: HttpRequest, slug: str) -> ContentVersion | None:
    talks = Talk.objects.filter(tags=OuterRef("pk"))
    row = (
        Tag.objects.filter(slug=slug)
        .annotate(
            talk_count=_count(talks, "tags"),
            **_aggregate(
                talks,
                "tags",
                talks_changed=Max("updated_at"),
                conferences_changed=Max("conference__updated_at"),
            ),
        )
        .values("pk", "name", "talk_count", "talks_changed", "conferences_changed")
        .first()
    )
    if row is None:
        return None
    return ContentVersion(
        tuple(row.values()), latest(row["talks_changed"], row["conferences_changed"])
    )

"""Filters for API lists (django-filter): each becomes a documented query parameter."""

import datetime as dt
from typing import Any

import django_filters as filters
from django.db.models import Exists, OuterRef, Q, QuerySet

from conference.filters import IntegerFilter
from conference.models import Conference
from talks.api.visibility import viewer_of
from talks.models import Slot, Speaker, Tag, Talk, TalkSpeaker
from talks.selectors.visibility import releases_latest

# Database ids are 64-bit; a larger number is a 400, not an overflow deep in the driver.
MAX_ID = 2**63 - 1


def _in_released_slot(condition: Q) -> Q:
    slots = Slot.objects.filter(condition, talk=OuterRef("pk"), schedule__in=releases_latest())
    return Q(Exists(slots))


class TalkFilter(filters.FilterSet):
    conference = filters.CharFilter(field_name="conference__slug", label="Conference slug")
    day = filters.DateFilter(
        method="filter_day", label="Conference day (YYYY-MM-DD) in the released schedule"
    )
    room = IntegerFilter(
        method="filter_room",
        label="Room id in the released schedule",
        min_value=1,
        max_value=MAX_ID,
    )
    track = filters.CharFilter(field_name="track__slug", label="Track slug")
    tag = filters.CharFilter(method="filter_tag", label="Tag slug")
    kind = filters.ChoiceFilter(choices=Talk.Kind.choices)
    state = filters.ChoiceFilter(choices=Talk.State.choices)
    speaker = filters.CharFilter(method="filter_speaker", label="Speaker slug")
    updated_since = filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Only talks changed at or after this ISO 8601 time (for syncing)",
    )
    q = filters.CharFilter(method="filter_search", label="Search titles, abstracts, speakers")

    class Meta:
        model = Talk
        fields: list[str] = []

    def filter_day(self, queryset: QuerySet[Talk], name: str, value: dt.date) -> QuerySet[Talk]:
        # A conference day runs from its day_change to the next, in the conference's zone.
        condition = Q(pk__in=[])
        for conference in Conference.objects.filter(start_date__lte=value, end_date__gte=value):
            start, end = conference.day_bounds(value)
            condition |= Q(schedule__conference=conference, start__gte=start, start__lt=end)
        return queryset.filter(_in_released_slot(condition))

    def filter_room(self, queryset: QuerySet[Talk], name: str, value: int) -> QuerySet[Talk]:
        return queryset.filter(_in_released_slot(Q(room_id=value)))

    def filter_tag(self, queryset: QuerySet[Talk], name: str, value: str) -> QuerySet[Talk]:
        tagged = Talk.tags.through.objects.filter(talk=OuterRef("pk"), tag__slug=value)
        return queryset.filter(Exists(tagged))

    def filter_speaker(self, queryset: QuerySet[Talk], name: str, value: str) -> QuerySet[Talk]:
        on_talk = TalkSpeaker.objects.filter(talk=OuterRef("pk"), speaker__slug=value)
        return queryset.filter(Exists(on_talk))

    def filter_search(self, queryset: QuerySet[Talk], name: str, value: str) -> QuerySet[Talk]:
        words = value.split()[:8]
        for word in words:
            by_speaker = TalkSpeaker.objects.filter(
                talk=OuterRef("pk"), speaker__name__icontains=word
            )
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(abstract__icontains=word)
                | Q(Exists(by_speaker))
                | Q(
                    Exists(
                        Talk.tags.through.objects.filter(
                            talk=OuterRef("pk"), tag__name__icontains=word
                        )
                    )
                )
            )
        return queryset


class SpeakerFilter(filters.FilterSet):
    conference = filters.CharFilter(method="filter_conference", label="Speaks at (conference slug)")
    q = filters.CharFilter(method="filter_search", label="Search names and affiliations")

    class Meta:
        model = Speaker
        fields: list[str] = []

    def filter_conference(self, queryset: Any, name: str, value: str) -> Any:
        # Only talks the viewer sees count: a speaker listed elsewhere must not reveal the
        # programme of a conference that is not announced yet.
        talks = viewer_of(self.request).talks().filter(conference__slug=value)
        speaks = TalkSpeaker.objects.filter(speaker=OuterRef("pk"), talk__in=talks.values("pk"))
        return queryset.filter(Exists(speaks))

    def filter_search(self, queryset: Any, name: str, value: str) -> Any:
        for word in value.split()[:8]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(affiliation__icontains=word))
        return queryset


class TagFilter(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")

    class Meta:
        model = Tag
        fields: list[str] = []

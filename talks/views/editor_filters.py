"""The schedule editor's side list filters (django-filter): track, kind, speaker,
duration and a title search, in the URL like every other filter of the site."""

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from conference.models import Conference
from talks.models import Talk
from talks.views.filters import track_filter

DURATIONS = [
    ("short", "Up to 20 minutes"),
    ("30", "21 to 30 minutes"),
    ("45", "31 to 45 minutes"),
    ("60", "46 to 60 minutes"),
    ("long", "Over an hour"),
    ("unknown", "Not given"),
]
_DURATION_RANGES = {
    "short": (0, 20),
    "30": (21, 30),
    "45": (31, 45),
    "60": (46, 60),
    "long": (61, 24 * 60),
}


class UnscheduledTalkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search titles")
    track = track_filter("track")
    kind = django_filters.ChoiceFilter(
        field_name="kind", choices=Talk.Kind.choices, empty_label="Every kind", label="Kind"
    )
    speaker = django_filters.CharFilter(method="filter_speaker", label="Speaker")
    duration = django_filters.ChoiceFilter(
        method="filter_duration", choices=DURATIONS, empty_label="Any length", label="Length"
    )

    class Meta:
        model = Talk
        fields = ["q", "track", "kind", "speaker", "duration"]

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["track"].queryset = conference.tracks.order_by("name")

    def filter_q(self, queryset: QuerySet[Talk], name: str, value: str) -> QuerySet[Talk]:
        return queryset.filter(title__icontains=value.strip()) if value.strip() else queryset

    def filter_speaker(self, queryset: QuerySet[Talk], name: str, value: str) -> QuerySet[Talk]:
        if not value.strip():
            return queryset
        return queryset.filter(Q(talk_speakers__speaker__name__icontains=value.strip())).distinct()

    def filter_duration(self, queryset: QuerySet[Talk], name: str, value: str) -> QuerySet[Talk]:
        if value == "unknown":
            return queryset.filter(duration__isnull=True)
        low, high = _DURATION_RANGES[value]
        return queryset.filter(
            duration__gte=dt.timedelta(minutes=low), duration__lte=dt.timedelta(minutes=high)
        )

"""The schedule list's filters (django-filter): day, room, track, tag and kind, in the URL."""

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from conference.models import Conference, Room, Track
from talks.models import Slot, Tag, Talk
from talks.selectors.visibility import tags_public


def track_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    """A track chosen by its slug in the URL; the form's choices are set per conference."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Track.objects.none(),
        to_field_name="slug",
        empty_label="Every track",
        label="Track",
    )


class SlotFilter(django_filters.FilterSet):
    day = django_filters.ChoiceFilter(method="filter_day", empty_label="Every day", label="Day")
    room = django_filters.ModelChoiceFilter(
        queryset=Room.objects.none(), method="filter_room", empty_label="Every room", label="Room"
    )
    track = track_filter("talk__track")
    tag = django_filters.ModelChoiceFilter(
        field_name="talk__tags",
        queryset=Tag.objects.none(),
        to_field_name="slug",
        empty_label="Every tag",
        label="Tag",
    )
    kind = django_filters.ChoiceFilter(
        field_name="talk__kind", choices=Talk.Kind.choices, empty_label="Every kind", label="Kind"
    )

    class Meta:
        model = Slot
        fields = ["day", "room", "track", "tag", "kind"]

    def __init__(
        self, *args: Any, conference: Conference, preview: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.filters["day"].extra["choices"] = [
            (day.isoformat(), day.strftime("%A %-d %B")) for day in conference.days
        ]
        self.filters["room"].queryset = conference.rooms.order_by("position", "name")
        self.filters["track"].queryset = conference.tracks.order_by("name")
        # The tags of the talks shown: the public's (talks.selectors.visibility), or all in a
        # preview.
        self.filters["tag"].queryset = (
            Tag.objects.filter(talks__conference=conference).distinct()
            if preview
            else tags_public(conference=conference)
        ).order_by("name")

    def filter_day(self, queryset: QuerySet[Slot], name: str, value: str) -> Any:
        # The choices are the conference's days in ISO form, so value parses.
        start, end = self.conference.day_bounds(dt.date.fromisoformat(value))
        return queryset.filter(start__gte=start, start__lt=end)

    def filter_room(self, queryset: QuerySet[Slot], name: str, value: Room) -> Any:
        # Breaks that span every room are in every room.
        return queryset.filter(Q(room=value) | Q(room__isnull=True))


class DayGridFilter(SlotFilter):
    """The day grid's filters: room, track and tag (the day is the page's own)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.filters["day"]
        del self.filters["kind"]

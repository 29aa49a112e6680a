"""Filters of conference lists (django-filter): one meaning per query parameter.

``ConferenceFilter`` is what the JSON API offers (plain values, documented as query
parameters); ``ConferenceCatalogueFilter`` is the website catalogue's form over the same
parameters, offering the values that exist as choices, plus city and tag.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from conference.models import Conference, Series


class IntegerFilter(django_filters.NumberFilter):
    """A number filter that accepts whole numbers only (NumberFilter takes decimals)."""

    field_class = forms.IntegerField


class ConferenceFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="start_date__year", label="Year", min_value=1, max_value=9999)
    series = django_filters.CharFilter(field_name="series__slug", label="Series slug")
    when = django_filters.ChoiceFilter(
        method="filter_when",
        choices=[("upcoming", "Upcoming"), ("current", "Happening now"), ("past", "Past")],
        label="upcoming, current or past (by today's date)",
    )

    class Meta:
        model = Conference
        fields = ["year", "series", "when"]

    def filter_when(self, queryset: Any, name: str, value: str) -> Any:
        today = timezone.localdate()
        return {
            "upcoming": queryset.upcoming(today),
            "current": queryset.current(today),
            "past": queryset.past(today),
        }[value]


class ConferenceCatalogueFilter(ConferenceFilter):
    """The website catalogue's form: a value that no published conference has is a form
    error (400), not an empty page."""

    year = django_filters.ChoiceFilter(
        field_name="start_date__year", empty_label="Any year", label="Year"
    )
    series = django_filters.ModelChoiceFilter(
        queryset=Series.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any series",
        label="Series",
    )
    city = django_filters.ChoiceFilter(
        field_name="venue__city", empty_label="Any city", label="City"
    )
    tag = django_filters.ChoiceFilter(method="filter_tag", empty_label="Any tag", label="Tag")

    class Meta:
        model = Conference
        fields = ["year", "series", "city", "tag"]

    def __init__(self, *args: Any, talks: QuerySet[Any], **kwargs: Any) -> None:
        """``talks``: the talks the public sees (talks.selectors.visibility, which this app may not
        import): tags count only through them, never through a draft."""
        super().__init__(*args, **kwargs)
        # The catalogue lists past and upcoming editions together; the form does not ask.
        del self.filters["when"]
        self.talks = talks
        base = Conference.objects.published()
        years = sorted({d.year for d in base.dates("start_date", "year")}, reverse=True)
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]
        # A conference without a venue (yet) has no city to offer.
        cities = (
            base.filter(venue__isnull=False)
            .exclude(venue__city="")
            .values_list("venue__city", flat=True)
            .distinct()
        )
        self.filters["city"].extra["choices"] = [(c, c) for c in sorted(set(cities))]
        # Tags live in the talks app; the catalogue names them through the relation only.
        tags = (
            talks.filter(conference__in=base, tags__isnull=False)
            .values_list("tags__slug", "tags__name")
            .distinct()
            .order_by("tags__name")
        )
        self.filters["tag"].extra["choices"] = list(tags)

    def filter_tag(self, queryset: QuerySet[Conference], name: str, value: str) -> Any:
        if not value:
            return queryset
        tagged = self.talks.filter(tags__slug=value).values("conference_id")
        return queryset.filter(pk__in=tagged)

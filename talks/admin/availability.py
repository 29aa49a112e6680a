"""The speaker admin's availability windows: one row per window, each entered and shown
in its conference's time zone (a speaker may speak at conferences in different zones, so
no one zone can be active for the whole page)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from conference.admin_scoping import ScopedTabularInline, register_scope, scope_queryset
from conference.admin_writes import Writes
from talks.admin.speaker_permissions import SpeakerPermissionsMixin
from talks.models import SpeakerAvailability
from talks.services import availability_delete, availability_save

register_scope(SpeakerAvailability, "conference")

AVAILABILITY_WRITES = Writes(
    save=lambda availability: availability_save(availability=availability),
    delete=lambda availability, user: availability_delete(availability=availability),
)

TIMES = ("start", "end")


class AvailabilityForm(forms.ModelForm):
    """Start and end read as wall-clock times at the row's conference."""

    class Meta:
        model = SpeakerAvailability
        fields = ["conference", *TIMES]
        help_texts = {"start": "In the conference's time zone, as its slots are."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            tz = self.instance.conference.tzinfo
            for name in TIMES:
                # Naive: the widget shows it as it is instead of in the server's zone.
                self.initial[name] = timezone.make_naive(getattr(self.instance, name), tz)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        conference = cleaned.get("conference")
        if conference is not None:
            for name in TIMES:
                # The field read the input in the server's zone; re-read it at the venue.
                if cleaned.get(name) is not None:
                    wall_clock = timezone.make_naive(cleaned[name])
                    cleaned[name] = timezone.make_aware(wall_clock, conference.tzinfo)
        return cleaned


class AvailabilityInline(SpeakerPermissionsMixin, ScopedTabularInline):
    """When the speaker can be scheduled, per conference; only the conferences the user
    may edit (organizers' planning data, not the speaker's public profile)."""

    model = SpeakerAvailability
    form = AvailabilityForm
    extra = 1  # a blank row to fill in without the admin's JavaScript
    verbose_name_plural = "availability (times in each conference's zone)"

    def get_queryset(self, request: HttpRequest) -> QuerySet[SpeakerAvailability]:
        queryset = super().get_queryset(request).select_related("conference")
        return scope_queryset(queryset, request.user, editing=True)

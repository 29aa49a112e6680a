"""When a speaker said they can give their talk at a conference."""

from django.db import models
from django.db.models import Q

from conference.models import Conference
from talks.models.catalogue import Speaker


class SpeakerAvailability(models.Model):
    """One window in which a speaker can be scheduled at a conference.

    A speaker with no window for a conference is taken as free throughout ("if known"):
    only stated windows turn into conflicts in the schedule editor.
    """

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="availabilities")
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="speaker_availabilities"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)  # the schedule editor's poll sees edits

    class Meta:
        ordering = ["start", "id"]
        verbose_name = "speaker availability"
        verbose_name_plural = "speaker availabilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="availability_ends_after_start",
                violation_error_message="An availability window must end after it starts.",
            ),
        ]
        indexes = [models.Index(fields=["conference", "speaker"])]

    def __str__(self) -> str:
        if self.conference_id is None or self.start is None or self.end is None:
            return "availability"
        tz = self.conference.tzinfo
        # In the conference's zone, as the forms take it.
        return f"{self.start.astimezone(tz):%a %d %b %H:%M}–{self.end.astimezone(tz):%H:%M}"

"""Schedules (a work in progress and released versions) and the slots in them."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from conference.models import Conference, Room
from talks.models.catalogue import Talk


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = models.DateTimeField()  # only ever used inside the constraint


class PostgresOnlyExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint that PostgreSQL enforces and other databases skip.

    SQLite has no exclusion constraints; there the model's clean() applies the same
    rule, so the error reaches users on both.
    """

    def constraint_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, *args: Any, **kwargs: Any) -> None:
        # Slot.clean() checks the same rule with a message naming room and times.
        return None


class ScheduleQuerySet(models.QuerySet["Schedule"]):
    def released(self) -> "ScheduleQuerySet":
        return self.exclude(version="")

    def work_in_progress(self) -> "ScheduleQuerySet":
        return self.filter(version="")


class Schedule(models.Model):
    """A conference's schedule: the one work in progress (version "") or a release."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="schedules")
    version = models.CharField(
        max_length=50, blank=True, help_text='Empty while in progress; "1.0", "1.1" once released.'
    )
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="released_schedules",
    )
    changelog = models.JSONField(
        default=list, blank=True, help_text="What changed since the previous release."
    )
    comment = models.TextField(blank=True, help_text="Public note shown with the release.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["conference", "-released_at"]
        get_latest_by = "released_at"
        constraints = [
            models.UniqueConstraint(
                fields=["conference"],
                condition=Q(version=""),
                name="one_work_in_progress_schedule_per_conference",
            ),
            models.UniqueConstraint(
                fields=["conference", "version"],
                name="schedule_version_unique_per_conference",
                violation_error_message="This conference already has a release of that name.",
            ),
            models.CheckConstraint(
                condition=(Q(version="") & Q(released_at__isnull=True))
                | (~Q(version="") & Q(released_at__isnull=False)),
                name="released_schedule_has_version_and_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conference} – {self.version or 'work in progress'}"

    @property
    def is_released(self) -> bool:
        return bool(self.version)


class Slot(models.Model):
    """A talk, or a titled break, placed in a room from start to end.

    A slot without a room spans every room (lunch, the evening social).
    """

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="slots")
    room = models.ForeignKey(
        Room,
        # A room with slots cannot be deleted alone, but goes with its conference.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="slots",
        help_text="Leave empty for a break or social that spans all rooms.",
    )
    talk = models.ForeignKey(
        Talk, on_delete=models.CASCADE, null=True, blank=True, related_name="slots"
    )
    title = models.CharField(
        max_length=300, blank=True, help_text="For breaks without a talk, e.g. Lunch."
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    clash = models.BooleanField(
        default=False,
        help_text="Imported overlapping another slot in its room, as the source file had it: "
        "the overlap rule is waived for this slot and the clash listed as a conflict.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()  # who moved which slot, shown in the admin

    class Meta:
        ordering = ["schedule", "start", "room__position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="slot_ends_after_start",
                violation_error_message="A slot must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(talk__isnull=False) | ~Q(title=""),
                name="slot_has_talk_or_title",
                violation_error_message="A slot needs a talk or a title.",
            ),
            models.UniqueConstraint(
                fields=["schedule", "talk"],
                condition=Q(talk__isnull=False),
                name="talk_once_per_schedule",
                violation_error_message="This talk already has a slot in this schedule.",
            ),
            PostgresOnlyExclusionConstraint(
                name="slots_do_not_overlap_in_a_room",
                expressions=[
                    ("schedule", RangeOperators.EQUAL),
                    (Coalesce("room", 0), RangeOperators.EQUAL),
                    (TsTzRange("start", "end"), RangeOperators.OVERLAPS),
                ],
                # An imported clash is kept where the file put it (and flagged).
                condition=Q(clash=False),
            ),
        ]
        indexes = [models.Index(fields=["schedule", "start"])]

    def __str__(self) -> str:
        if self.schedule_id is None or self.start is None:
            return self.display_title
        # In the conference's zone, as its forms and pages show it (not the server's UTC).
        return f"{self.display_title} ({self.local_start:%Y-%m-%d %H:%M})"

    @property
    def display_title(self) -> str:
        return self.title or (self.talk.title if self.talk else "")

    @property
    def local_start(self) -> dt.datetime:
        return self.start.astimezone(self.schedule.conference.tzinfo)

    @property
    def local_end(self) -> dt.datetime:
        return self.end.astimezone(self.schedule.conference.tzinfo)

    @property
    def offers_calendar(self) -> bool:
        """Whether its talk's calendar file (.ics) is offered: only on a released schedule
        (never the work in progress an organizer previews). The talk page's link asks this;
        the file's view (talk_ical) serves only slot_list_for_calendar's released slots."""
        return self.talk_id is not None and self.schedule.is_released

    def overlapping(self) -> models.QuerySet["Slot"]:
        """Other slots of this schedule in the same room whose times overlap this one."""
        same_room = Q(room__isnull=True) if self.room_id is None else Q(room_id=self.room_id)
        return (
            Slot.objects.filter(
                same_room,
                schedule_id=self.schedule_id,
                start__lt=self.end,
                end__gt=self.start,
            )
            .exclude(pk=self.pk)
            .select_related("room", "talk")
        )

    def clean(self) -> None:
        self.clean_own_fields()
        if self.start and self.end and self.schedule_id and not self.clash:
            clash = self.overlapping().first()
            if clash is not None:
                tz = self.schedule.conference.tzinfo
                where = f"{self.room} is" if self.room_id else "All rooms are"
                raise ValidationError(
                    "%(room)s taken from %(start)s to %(end)s by “%(other)s”.",
                    params={
                        "room": where,
                        "start": clash.start.astimezone(tz).strftime("%a %d %b %H:%M"),
                        "end": clash.end.astimezone(tz).strftime("%H:%M"),
                        "other": clash.display_title,
                    },
                    code="slot_overlap",
                )

    def clean_own_fields(self) -> None:
        """The rules on this row alone (clean() adds the overlap, which asks the database)."""
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "A slot must end after it starts."})
        if self.talk_id is None and not self.title:
            raise ValidationError({"title": "A slot needs a talk or a title."})

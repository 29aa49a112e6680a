"""Series, conferences and where they happen, and who organizes them."""

import datetime as dt
import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from conference.validators import validate_uri


@cache
def _available_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in _available_timezones():
        raise ValidationError(
            "%(value)s is not an IANA time zone (for example Europe/Brussels).",
            params={"value": value},
            code="invalid_timezone",
        )


validate_hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Enter a colour as #rrggbb, for example #1f6feb."
)


class Series(models.Model):
    """A conference that recurs: PyTennessee, FOSDEM."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    website = models.URLField(blank=True, validators=[validate_uri])
    description = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(blank=True, validators=[validate_uri])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | (Q(latitude__gte=-90) & Q(latitude__lte=90)),
                name="venue_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | (Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="venue_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}" if self.city else self.name


class ConferenceQuerySet(models.QuerySet["Conference"]):
    def published(self) -> "ConferenceQuerySet":
        return self.filter(published=True)

    def upcoming(self, today: dt.date | None = None) -> "ConferenceQuerySet":
        return self.filter(start_date__gt=today or timezone.localdate())

    def current(self, today: dt.date | None = None) -> "ConferenceQuerySet":
        today = today or timezone.localdate()
        return self.filter(start_date__lte=today, end_date__gte=today)

    def past(self, today: dt.date | None = None) -> "ConferenceQuerySet":
        return self.filter(end_date__lt=today or timezone.localdate())

    def organized_by(self, user: object) -> "ConferenceQuerySet":
        return self.filter(memberships__user=user)


class Conference(models.Model):
    """One edition of a series: PyTennessee 2015."""

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, null=True, blank=True, related_name="conferences"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    tagline = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True, help_text="Markdown.")
    start_date = models.DateField()
    end_date = models.DateField()
    timezone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text="IANA time zone of the venue, e.g. America/Chicago.",
    )
    day_change = models.TimeField(
        default=dt.time(4, 0),
        help_text="Local time at which one conference day ends and the next begins.",
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="conferences"
    )
    website = models.URLField(blank=True, validators=[validate_uri])
    published = models.BooleanField(default=False, db_index=True)
    followups_closed = models.BooleanField(
        default=False,
        help_text="Organizers closed follow-ups: attendees can no longer send new ones.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="conference_ends_after_start",
                violation_error_message="The conference cannot end before it starts.",
            ),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conference:detail", kwargs={"slug": self.slug})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=n) for n in range(count)]

    def day_bounds(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """The start and end of a conference day in UTC, split at day_change.

        In UTC so that arithmetic on them is real elapsed time (a DST day is 23 or 25 hours).
        """
        start = dt.datetime.combine(day, self.day_change, tzinfo=self.tzinfo)
        end = dt.datetime.combine(day + dt.timedelta(days=1), self.day_change, tzinfo=self.tzinfo)
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)

    def day_of(self, moment: dt.datetime) -> dt.date:
        """The conference day a moment belongs to (before day_change: the day before)."""
        local = moment.astimezone(self.tzinfo)
        if local.time() < self.day_change:
            return local.date() - dt.timedelta(days=1)
        return local.date()

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The conference cannot end before it starts."})


class Room(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order in the schedule grid.")

    class Meta:
        ordering = ["conference", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "name"],
                name="room_name_unique_per_conference",
                violation_error_message="This conference already has a room with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    colour = models.CharField(max_length=7, default="#5b6770", validators=[validate_hex_colour])
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["conference", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "slug"], name="track_slug_unique_per_conference"
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="track_colour_is_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganizerMembership(models.Model):
    """A user's role in running one conference."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead organizer"
        ORGANIZER = "organizer", "Organizer"
        VOLUNTEER = "volunteer", "Volunteer (read only)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organizer_memberships"
    )
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ORGANIZER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conference", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "conference"], name="one_membership_per_user_and_conference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.conference}"


class OutgoingMail(models.Model):
    """One e-mail in the outbox (conference/outbox.py): stored in the transaction of the
    write that sets it off, sent by the worker, retried with back-off, kept when it fails."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        DEAD = "dead", "Failed (gave up; retry from the admin)"
        SUPPRESSED = "suppressed", "Not sent (too much mail to this address)"

    kind = models.CharField(max_length=50, help_text="What the message is, e.g. followups.receipt.")
    to = models.EmailField(max_length=254)
    reply_to = models.EmailField(max_length=254, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The error's class name only (e.g. ConnectionRefusedError), never the server's text.
    last_error = models.CharField(max_length=100, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outgoing e-mail"
        verbose_name_plural = "outgoing e-mail"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outgoingmail_due_idx"),
            models.Index(fields=["to", "created_at"], name="outgoingmail_address_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.get_status_display()})"

"""Speakers, talks, tags and the coverage attached to talks."""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from simple_history.models import HistoricalRecords

from conference.models import Conference, Track
from conference.validators import validate_uri
from talks.names import normalise_name

URL_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


class Speaker(models.Model):
    """One person across conferences: the catalogue's unit."""

    name = models.CharField(max_length=200)
    # talks.names.normalise_name(name), stored so that imports match people in the
    # database by exactly the key Python computes (accents, case, NFD, dotted İ).
    name_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    slug = models.SlugField(max_length=100, unique=True)
    bio = models.TextField(blank=True, help_text="Markdown.")
    affiliation = models.CharField(max_length=200, blank=True)
    photo = models.ImageField(upload_to="speakers/", blank=True)
    website = models.URLField(blank=True, validators=[validate_uri])
    mastodon = models.URLField(blank=True, validators=[validate_uri], help_text="Profile URL.")
    twitter = models.CharField(max_length=50, blank=True, help_text="Handle, without @.")
    github = models.CharField(max_length=100, blank=True, help_text="User name.")
    email = models.EmailField(
        blank=True, help_text="Private: for invitations and notifications only."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_profile",
        help_text="The account that claimed this profile and reads its follow-ups.",
    )
    followup_digest = models.BooleanField(
        default=False,
        help_text="Send one e-mail a day with new follow-ups instead of one per follow-up.",
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    invitation_token = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Secret of the pending invitation to claim this profile.",
    )
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Who changed what and when; kept after a merge deletes the duplicate.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        # The speaker catalogue (10,000 on a pyvideo-sized site) is listed by name, a page
        # at a time: without an index every page sorts the whole table.
        indexes = [models.Index(fields=["name"], name="speaker_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived from the name, never set on its own: kept in step on every save.
        self.name_key = normalise_name(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("talks:speaker", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("talks:tag", kwargs={"slug": self.slug})


class TalkQuerySet(models.QuerySet["Talk"]):
    def public(self) -> "TalkQuerySet":
        """Talks the public may see: the rule in talks.selectors.visibility (published conference,
        state confirmed or cancelled)."""
        # Imported here: talks.selectors.visibility reads the models this module defines.
        from talks.selectors.visibility import talk_public_q

        return self.filter(talk_public_q())

    def published(self) -> "TalkQuerySet":
        """The same as public(), under its older name."""
        return self.public()

    def for_conference(self, conference: Conference) -> "TalkQuerySet":
        return self.filter(conference=conference)


class Talk(models.Model):
    class Kind(models.TextChoices):
        KEYNOTE = "keynote", "Keynote"
        TALK = "talk", "Talk"
        TUTORIAL = "tutorial", "Tutorial"
        WORKSHOP = "workshop", "Workshop"
        LIGHTNING = "lightning", "Lightning talk"
        PANEL = "panel", "Panel"
        BREAK = "break", "Break"
        SOCIAL = "social", "Social event"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="talks")
    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="frab guid and iCal UID."
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TALK)
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.CONFIRMED, db_index=True
    )
    subtitle = models.CharField(max_length=300, blank=True)
    abstract = models.TextField(blank=True, help_text="Markdown: a paragraph or two.")
    description = models.TextField(blank=True, help_text="Markdown.")
    source_type = models.CharField(
        max_length=100,
        blank=True,
        help_text="The event type the imported schedule gave (kind is Hallway's reading of it).",
    )
    do_not_record = models.BooleanField(
        default=False, help_text="The speakers opted out of being recorded."
    )
    track = models.ForeignKey(
        Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="talks"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="talks")
    speakers = models.ManyToManyField(
        Speaker, through="TalkSpeaker", related_name="talks", blank=True
    )
    language = models.CharField(max_length=10, default="en")
    duration = models.DurationField(
        null=True, blank=True, help_text="Planned length; the slot may differ."
    )
    featured = models.BooleanField(default=False)
    cancellation_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords()  # who changed what and when, shown in the admin

    objects = TalkQuerySet.as_manager()

    class Meta:
        ordering = ["conference", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "slug"],
                name="talk_slug_unique_per_conference",
                violation_error_message="This conference already has a talk with this slug.",
            ),
            models.CheckConstraint(
                condition=Q(duration__isnull=True) | Q(duration__gt=dt.timedelta(0)),
                name="talk_duration_positive",
            ),
        ]
        indexes = [models.Index(fields=["conference", "state", "kind"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "talks:detail", kwargs={"conference": self.conference.slug, "slug": self.slug}
        )

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    def speakers_in_order(self) -> list["TalkSpeaker"]:
        """The talk's speaker links in order, each with its speaker.

        From ``speaker_links`` when the query prefetched them as a list
        (talks.selectors.speaker_links_prefetch, on the long schedule pages and exports),
        else from the ``talk_speakers`` relation and its prefetch cache.
        """
        links = getattr(self, "speaker_links", None)
        return links if links is not None else list(self.talk_speakers.all())


def talk_path_maker(conference_slug: str) -> Callable[[str], str]:
    """The paths of one conference's talk pages by slug, as get_absolute_url() gives them,
    with one reverse() for all: schedules and exports list hundreds of talks, and a
    reverse() each was a fifth of their build time."""
    path = reverse("talks:detail", kwargs={"conference": conference_slug, "slug": "-"})
    head, _, tail = path.rpartition("/-/")
    # Quoted as reverse() quotes a path argument.
    return lambda slug: f"{head}/{quote(slug, safe=URL_PATH_SAFE)}/{tail}"


class TalkSpeaker(models.Model):
    """A speaker on a talk, in the order the talk lists them."""

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="talk_speakers")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="talk_speakers")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["talk", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["talk", "speaker"], name="speaker_once_per_talk")
        ]

    def __str__(self) -> str:
        return f"{self.speaker} on {self.talk}"


class Resource(models.Model):
    """A link about a talk: slides, video, code, a write-up, a social post."""

    class Kind(models.TextChoices):
        SLIDES = "slides", "Slides"
        VIDEO = "video", "Video"
        CODE = "code", "Code"
        WRITEUP = "writeup", "Write-up"
        SOCIAL = "social", "Social post"
        OTHER = "other", "Other"

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    url = models.URLField(max_length=500, validators=[validate_uri])
    title = models.CharField(max_length=300, blank=True)
    author = models.CharField(max_length=200, blank=True, help_text="Who wrote or posted it.")
    published_on = models.DateField(null=True, blank=True)
    approved = models.BooleanField(
        default=True, help_text="Attendee-submitted links wait for an organizer's approval."
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_resources",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["talk", "kind", "published_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["talk", "url"], name="resource_url_once_per_talk")
        ]

    def __str__(self) -> str:
        return self.title or self.url

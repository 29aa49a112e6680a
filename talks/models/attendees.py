"""What attendees leave behind: bookmarks and follow-ups to speakers."""

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from talks.models.catalogue import Talk


class Bookmark(models.Model):
    """An attendee's "I'm going to this"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "talk"], name="bookmark_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.talk}"


def new_followup_token() -> str:
    return secrets.token_urlsafe(24)


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def open(self) -> "FollowUpQuerySet":
        return self.filter(status__in=[FollowUp.Status.NEW, FollowUp.Status.OPEN])

    def visible_in_inbox(self) -> "FollowUpQuerySet":
        return self.exclude(status__in=[FollowUp.Status.SPAM, FollowUp.Status.WITHDRAWN])


class FollowUp(models.Model):
    """An attendee's request to a talk's speakers.

    Private: the message and contact details are for the speakers it was written to
    (``recipients``; contact details only with consent) and never appear on public
    pages, exports or feeds.
    """

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        COLLABORATION = "collaboration", "Collaboration"
        MATERIALS = "materials", "Materials (slides, code)"
        CONTACT = "contact", "Contact me"
        FEEDBACK = "feedback", "Feedback"

    class Status(models.TextChoices):
        NEW = "new", "New"
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"
        SPAM = "spam", "Spam"
        WITHDRAWN = "withdrawn", "Withdrawn by the attendee"

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="followups")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    message = models.TextField(max_length=5000)
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1–5, for feedback only.",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    affiliation = models.CharField(max_length=200, blank=True)
    consent_to_share = models.BooleanField(
        default=False, help_text="The attendee agrees to share contact details with the speakers."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
    )
    # The speakers it was written to: set from the talk's speakers when it comes in and
    # never changed after, so it stays with them whoever joins or leaves the talk later.
    recipients = models.ManyToManyField(
        "talks.Speaker",
        blank=True,
        related_name="followups_received",
        help_text="The speakers the attendee wrote to (the talk's speakers at the time).",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    token = models.CharField(
        max_length=64,
        unique=True,
        default=new_followup_token,
        editable=False,
        help_text="Secret for the attendee's private status link.",
    )
    # Delivery bookkeeping: a follow-up is stored whatever happens to e-mail; these say
    # what still has to be (re)sent by `manage.py followups_retry`.
    receipt_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    notify_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | (Q(kind="feedback") & Q(rating__gte=1) & Q(rating__lte=5)),
                name="followup_rating_only_for_feedback_1_to_5",
                violation_error_message="A rating is 1 to 5 and only for feedback.",
            ),
            models.CheckConstraint(
                condition=~Q(message=""),
                name="followup_has_message",
                violation_error_message="Write a message.",
            ),
        ]
        indexes = [models.Index(fields=["talk", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.talk} ({self.get_status_display()})"


class FollowUpNote(models.Model):
    """One entry in a follow-up's thread."""

    class Kind(models.TextChoices):
        ATTENDEE = "attendee", "Attendee's addition"
        REPLY = "reply", "Reply to the attendee"
        INTERNAL = "internal", "Internal note"

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followup_notes",
    )
    body = models.TextField(max_length=5000)
    emailed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When a reply reached the attendee."
    )
    email_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["followup", "created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="followup_note_has_body")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.followup_id}"

    @property
    def signature(self) -> str:
        """Who a reply is from, as the attendee sees it (select_related
        "author__speaker_profile" spares a query)."""
        return signature_of(self.author)


def signature_of(user: Any) -> str:
    """The name a speaker's replies are signed with: their public speaker name, else
    their account's name."""
    if user is None:
        return "The speaker"
    profile = getattr(user, "speaker_profile", None)  # None: no claimed profile
    if profile is not None:
        return str(profile.name)
    return str(user.get_full_name() or user.get_username())

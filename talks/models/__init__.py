"""The catalogue: speakers, talks, schedules, coverage and what attendees leave behind."""

from talks.models.attendees import Bookmark, FollowUp, FollowUpNote
from talks.models.availability import SpeakerAvailability
from talks.models.calendar import CalendarFeed
from talks.models.catalogue import Resource, Speaker, Tag, Talk, TalkSpeaker
from talks.models.interchange import SpeakerIdentifier
from talks.models.schedule import Schedule, Slot
from talks.models.tokens import ApiToken
from talks.models.webhooks import Webhook, WebhookDelivery

__all__ = [
    "ApiToken",
    "Bookmark",
    "CalendarFeed",
    "FollowUp",
    "FollowUpNote",
    "Resource",
    "Schedule",
    "Slot",
    "Speaker",
    "SpeakerAvailability",
    "SpeakerIdentifier",
    "Tag",
    "Talk",
    "TalkSpeaker",
    "Webhook",
    "WebhookDelivery",
]

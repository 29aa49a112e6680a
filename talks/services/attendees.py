"""An attendee's own rows: "I'm going" bookmarks and the private calendar feed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from talks.models import (
    Bookmark,
    CalendarFeed,
    Talk,
)


@transaction.atomic
def bookmark_add(*, user: Any, talk: Talk) -> Bookmark:
    """Put a talk on the user's personal schedule ("I'm going"); adding twice is a no-op.

    Refuses talks the public cannot see (drafts, unpublished conferences).
    """
    if not Talk.objects.published().filter(pk=talk.pk).exists():
        raise ValidationError("Only published talks can go on a personal schedule.")
    bookmark, _ = Bookmark.objects.get_or_create(user=user, talk=talk)
    return bookmark


@transaction.atomic
def bookmark_remove(*, user: Any, talk: Talk) -> bool:
    """Take a talk off the user's personal schedule; True when there was one to remove."""
    deleted, _ = Bookmark.objects.filter(user=user, talk=talk).delete()
    return deleted > 0


@transaction.atomic
def calendar_feed_get_or_create(*, user: Any) -> CalendarFeed:
    """The user's personal calendar feed, with a secret token made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: Any) -> CalendarFeed:
    """Replace the feed's secret: the old address stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)

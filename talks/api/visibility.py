"""Who sees what through the API: querysets filtered for the requesting user.

The public sees published conferences and their non-draft talks. Organizers also see
their own conferences' unpublished data; a talk's speakers see their own drafts; staff
see everything. Lists and details both start from these, so nothing leaks by id.
"""

from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from conference.models import Conference
from conference.rules import is_site_admin, organized_conference_ids
from talks.models import Schedule, Speaker, Talk, TalkSpeaker


class Viewer:
    """The requesting user and what they organize, worked out once per request."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user and self.user.is_authenticated)

    @property
    def is_site_admin(self) -> bool:
        return bool(is_site_admin(self.user))

    @property
    def organized_ids(self) -> frozenset[int]:
        """The conferences the user is a member of (any role): conference/rules.py."""
        return organized_conference_ids(self.user)

    def organizes(self, conference: Conference) -> bool:
        return self.is_site_admin or conference.pk in self.organized_ids

    def conferences(self) -> QuerySet[Conference]:
        queryset = Conference.objects.all()
        if not self.is_site_admin:
            queryset = queryset.filter(Q(published=True) | Q(pk__in=self.organized_ids))
        return queryset

    def talks(self) -> QuerySet[Talk]:
        if self.is_site_admin:
            return Talk.objects.all()
        queryset = Talk.objects.published()
        if self.organized_ids:
            queryset |= Talk.objects.filter(conference_id__in=self.organized_ids)
        if self.is_authenticated:
            own = TalkSpeaker.objects.filter(talk=OuterRef("pk"), speaker__user=self.user)
            queryset |= Talk.objects.filter(Exists(own))
        return queryset

    def speakers(self) -> QuerySet[Speaker]:
        """Speakers of visible talks; organizers also see speakers with no talk yet."""
        queryset = Speaker.objects.all()
        if self.is_site_admin:
            return queryset
        on_visible_talk = TalkSpeaker.objects.filter(
            speaker=OuterRef("pk"), talk__in=self.talks().values("pk")
        )
        visible = Q(Exists(on_visible_talk))
        if self.organized_ids:
            visible |= ~Q(Exists(TalkSpeaker.objects.filter(speaker=OuterRef("pk"))))
        if self.is_authenticated:
            visible |= Q(user=self.user)
        return queryset.filter(visible)

    @cached_property
    def organized_speaker_ids(self) -> frozenset[int]:
        """Speakers on a talk of a conference this user organizes (one query, then cached)."""
        if not self.organized_ids:
            return frozenset()
        return frozenset(
            TalkSpeaker.objects.filter(talk__conference_id__in=self.organized_ids).values_list(
                "speaker_id", flat=True
            )
        )

    def may_see_private_speaker_fields(self, speaker: Speaker) -> bool:
        """E-mail addresses: the speaker, staff, and organizers of a conference they speak at."""
        if self.is_site_admin or (self.is_authenticated and speaker.user_id == self.user.pk):
            return True
        return speaker.pk in self.organized_speaker_ids

    def may_change_speaker(self, speaker: Speaker) -> bool:
        """Staff; or an organizer, when every talk of the speaker is in their conferences."""
        if self.is_site_admin:
            return True
        if not self.organized_ids:
            return False
        elsewhere = TalkSpeaker.objects.filter(speaker=speaker).exclude(
            talk__conference_id__in=self.organized_ids
        )
        return not elsewhere.exists()


def viewer_of(request: Any) -> Viewer:
    """The Viewer for a request, created on first use and kept on the request."""
    viewer = getattr(request, "_hallway_viewer", None)
    if viewer is None or viewer.user is not request.user:
        viewer = Viewer(request.user)
        request._hallway_viewer = viewer
    return viewer


def latest_releases() -> QuerySet[Schedule]:
    """Each conference's latest released schedule (what the public programme shows)."""
    latest_for_conference = (
        Schedule.objects.released()
        .filter(conference=OuterRef("conference"))
        .order_by("-released_at", "-id")
        .values("pk")[:1]
    )
    return Schedule.objects.released().filter(pk=Subquery(latest_for_conference))

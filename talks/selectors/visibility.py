"""What the public sees: the one rule behind every page, feed, sitemap, search, export,
calendar and API list.

- A conference is public when it is published.
- Its public schedule is its latest released version (never the work in progress).
- A talk is public when its conference is and its state is confirmed or cancelled (a
  cancelled talk stays listed, marked as such). Drafts, and any state added later, are
  not, even when a released schedule holds them.
- A speaker is public when they speak on a public talk; a tag when a public talk has it.
- A slot is public when it belongs to a public schedule and holds a public talk or no
  talk at all (a titled break such as lunch). A slot of a talk that is not public is
  left out, not shown as an untitled gap.
- A changelog entry is public when its talk is public *now* (decided when read, not when
  the release was made: a draft may be confirmed later, and its entries then show).

Everything else asks these functions (``Talk.objects.public()`` is the talk rule's
chainable form). The API's per-viewer visibility (talks.api.visibility.Viewer) starts
from them and adds what organizers and speakers may also see; the website's organizer
preview (talks.views.common) shows the work in progress instead. The page cache answers a 304
only for a page it has seen answer 200, so a page the public may not see stays a 404.
"""

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from conference.models import Conference
from talks.models import Schedule, Slot, Speaker, Tag, Talk, TalkSpeaker
from talks.models.catalogue import TalkQuerySet

PUBLIC_TALK_STATES: tuple[str, ...] = (Talk.State.CONFIRMED.value, Talk.State.CANCELLED.value)


# --- Conferences and schedules ---------------------------------------------------------


def conferences_public() -> QuerySet[Conference]:
    return Conference.objects.published()


def releases_latest() -> QuerySet[Schedule]:
    """Each conference's latest released schedule, published or not (callers that show
    an unpublished conference to its organizers start from this)."""
    latest_for_conference = (
        Schedule.objects.released()
        .filter(conference=OuterRef("conference"))
        .order_by("-released_at", "-id")
        .values("pk")[:1]
    )
    return Schedule.objects.released().filter(pk=Subquery(latest_for_conference))


def release_public(*, conference: Conference) -> Schedule | None:
    """The conference's public schedule, or None (unpublished, or nothing released).

    Without its changelog: it holds a snapshot of every talk, and pages that show the
    release do not need it.
    """
    if not conference.published:
        return None
    return (
        conference.schedules.released().defer("changelog").order_by("-released_at", "-pk").first()
    )


# --- Talks, speakers, tags -------------------------------------------------------------


def talk_public_q(prefix: str = "") -> Q:
    """The talk rule as a condition, for Talk (prefix "") or across a relation ("talk__")."""
    return Q(**{f"{prefix}conference__published": True, f"{prefix}state__in": PUBLIC_TALK_STATES})


def talks_public() -> TalkQuerySet:
    return Talk.objects.public()


def speakers_public() -> QuerySet[Speaker]:
    on_public_talk = TalkSpeaker.objects.filter(talk_public_q("talk__"), speaker=OuterRef("pk"))
    return Speaker.objects.filter(Exists(on_public_talk))


def tags_public(*, conference: Conference | None = None) -> QuerySet[Tag]:
    """Tags on a public talk (of the conference, if given)."""
    on_public_talk = Talk.tags.through.objects.filter(talk_public_q("talk__"), tag=OuterRef("pk"))
    if conference is not None:
        on_public_talk = on_public_talk.filter(talk__conference=conference)
    return Tag.objects.filter(Exists(on_public_talk))


def talk_uuids_public(uuids: Iterable[str]) -> frozenset[str]:
    """Which of these talk UUIDs (as strings) name a public talk: one query."""
    wanted = {str(uuid) for uuid in uuids}
    if not wanted:
        return frozenset()
    found = talks_public().filter(uuid__in=wanted).values_list("uuid", flat=True)
    return frozenset(str(uuid) for uuid in found)


# --- Slots and the changelog -----------------------------------------------------------


def slot_public_q() -> Q:
    """A slot that may be shown in a public schedule: a break, or a public talk's."""
    return Q(talk__isnull=True) | talk_public_q("talk__")


def slots_shown(slots: QuerySet[Slot], *, preview: bool = False) -> QuerySet[Slot]:
    """A schedule's slots as the page shows them: public ones, or (an organizer's
    preview of the work in progress) all of them."""
    return slots if preview else slots.filter(slot_public_q())


def changelog_public(
    entries: list[dict[str, Any]], *, public_uuids: AbstractSet[str]
) -> list[dict[str, Any]]:
    """The entries of a release's changelog about public talks (snapshots included: the
    callers that show entries drop those)."""
    return [entry for entry in entries if entry.get("talk") in public_uuids]


def changelog_talk_uuids(releases: Iterable[Schedule]) -> set[str]:
    """Every talk UUID the releases' changelogs mention."""
    return {
        str(entry["talk"])
        for release in releases
        for entry in release.changelog
        if isinstance(entry, dict) and entry.get("talk")
    }

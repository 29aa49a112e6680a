"""Reads of the follow-up workflow: one function per question, joins inside.

Visibility is a queryset filter: a speaker's inbox only ever contains the follow-ups
written to a speaker profile the user claimed (FollowUp.recipients; co-speakers share
them). Who is on the talk now does not matter: a speaker added later does not read what
came in before, and one who leaves keeps what was written to them.
"""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from conference.models import Conference
from talks.models import FollowUp, FollowUpNote, Speaker, Talk

HIDDEN = [FollowUp.Status.SPAM, FollowUp.Status.WITHDRAWN]


def followups_of_speaker(*, user: Any) -> QuerySet[FollowUp]:
    """Every follow-up written to the user's speaker profile except those the attendee
    withdrew (which the speakers no longer see at all)."""
    if not getattr(user, "is_authenticated", False):
        return FollowUp.objects.none()
    # A user claims at most one profile (Speaker.user is one-to-one): no duplicates.
    return FollowUp.objects.filter(recipients__user=user).exclude(status=FollowUp.Status.WITHDRAWN)


def followup_inbox(
    *, user: Any, talk: Talk | None = None, kind: str = "", status: str = ""
) -> QuerySet[FollowUp]:
    """The speaker's inbox, newest first. Spam and withdrawn ones show only when asked for."""
    followups = followups_of_speaker(user=user)
    followups = followups.filter(status=status) if status else followups.exclude(status__in=HIDDEN)
    if talk is not None:
        followups = followups.filter(talk=talk)
    if kind:
        followups = followups.filter(kind=kind)
    return (
        followups.select_related("talk__conference")
        .annotate(note_count=Count("notes"))
        .order_by("-created_at", "-pk")
    )


def inbox_talks(*, user: Any) -> QuerySet[Talk]:
    """The talks whose follow-ups the user reads (their own talks, and talks of
    follow-ups written to them), for the inbox's talk filter."""
    if not getattr(user, "is_authenticated", False):
        return Talk.objects.none()
    received = FollowUp.objects.filter(recipients__user=user).values("talk_id")
    return (
        Talk.objects.filter(Q(talk_speakers__speaker__user=user) | Q(pk__in=received))
        .distinct()
        .select_related("conference")
        .order_by("-conference__start_date", "title")
    )


def followup_get_for_speaker(*, user: Any, pk: int) -> FollowUp:
    """One follow-up with its thread, if it was written to the user (else 404)."""
    queryset = (
        followups_of_speaker(user=user)
        .select_related("talk__conference")
        .prefetch_related(
            Prefetch(
                "notes",
                queryset=FollowUpNote.objects.select_related("author__speaker_profile"),
            )
        )
    )
    return get_object_or_404(queryset, pk=pk)


def followup_get_by_token(*, token: str) -> FollowUp:
    """The follow-up behind an attendee's private link, with the thread the attendee may see."""
    visible_notes = FollowUpNote.objects.exclude(kind=FollowUpNote.Kind.INTERNAL).select_related(
        "author__speaker_profile"
    )
    queryset = FollowUp.objects.select_related("talk__conference").prefetch_related(
        Prefetch("notes", queryset=visible_notes, to_attr="attendee_notes")
    )
    return get_object_or_404(queryset, token=token)


def followups_of_attendee(*, email: str = "", author: Any = None) -> QuerySet[FollowUp]:
    """Everything an attendee submitted: by e-mail address (proven by a link) or account."""
    condition = Q(pk__in=[])
    if email:
        condition |= Q(email__iexact=email)
    if getattr(author, "is_authenticated", False):
        condition |= Q(author=author)
    visible_notes = FollowUpNote.objects.exclude(kind=FollowUpNote.Kind.INTERNAL)
    return (
        FollowUp.objects.filter(condition)
        .select_related("talk__conference")
        .prefetch_related(Prefetch("notes", queryset=visible_notes, to_attr="attendee_notes"))
        .order_by("-created_at", "-pk")
    )


def followup_counts(*, conference: Conference) -> QuerySet[Talk]:
    """Per talk of a conference: how many follow-ups came in and how many are open.

    Counts only: organizers who are not the talk's speakers never see contents.
    """
    visible = ~Q(followups__status__in=HIDDEN)
    return (
        Talk.objects.for_conference(conference)
        .annotate(
            followups_total=Count("followups", filter=visible),
            followups_open=Count(
                "followups",
                filter=Q(followups__status__in=[FollowUp.Status.NEW, FollowUp.Status.OPEN]),
            ),
        )
        .order_by("title")
    )


def followups_for_reassignment(*, conference: Conference) -> QuerySet[FollowUp]:
    """A conference's follow-ups, for organizers to move: kind, status, date, talk.

    Never the message, the attendee's contact details or the thread: organizers see
    counts and statuses (``only`` keeps the private columns out of the query too)."""
    return (
        FollowUp.objects.filter(talk__conference=conference)
        .exclude(status__in=HIDDEN)
        .select_related("talk")
        .only("pk", "kind", "status", "created_at", "talk__title", "talk__slug")
        .order_by("-created_at", "-pk")
    )


def followup_move_targets(*, followup: FollowUp) -> QuerySet[Talk]:
    """The talks a follow-up may move to: others of its conference on which every one of
    its recipients speaks (services.followup_move checks the same)."""
    recipient_ids = list(followup.recipients.values_list("pk", flat=True))
    on_talk = Q(talk_speakers__speaker_id__in=recipient_ids)
    return (
        Talk.objects.for_conference(followup.talk.conference)
        .exclude(pk=followup.talk_id)
        .annotate(recipients_on_talk=Count("talk_speakers", filter=on_talk))
        .filter(recipients_on_talk=len(recipient_ids))
        .order_by("title")
    )


def speakers_to_invite(*, conference: Conference) -> QuerySet[Speaker]:
    """The conference's speakers, with whether they claimed their profile or were invited."""
    return (
        Speaker.objects.filter(talks__conference=conference)
        .distinct()
        .only("pk", "name", "slug", "email", "user_id", "invited_at")
        .order_by("name")
    )


def talk_by_short_code(*, code: str) -> Talk:
    """The published talk a QR short code points to."""
    try:
        pk = int(code, 36)
    except ValueError:
        pk = -1
    return get_object_or_404(Talk.objects.published().select_related("conference"), pk=pk)


def short_code(talk: Talk) -> str:
    """A talk's short code for its QR URL: its id in base 36 (public, like the talk itself)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    number, code = talk.pk, ""
    while True:
        number, remainder = divmod(number, 36)
        code = digits[remainder] + code
        if number == 0:
            return code

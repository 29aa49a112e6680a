"""Writes of the follow-up workflow. Each service owns its transaction and validates fully.

Side effects (e-mail) go into the outbox in the same transaction (talks/followups/tasks.py):
they exist exactly when the row is committed, and the worker sends them, so a failing
e-mail server can neither undo nor slow down what the attendee or speaker did.
Permission checks repeat the rules.py predicates so that every caller (view, API,
command) gets the same answer.
"""

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from conference.models import Conference
from talks.followups import tasks
from talks.models import FollowUp, FollowUpNote, Speaker, Talk

INVITATION_VALID_FOR = dt.timedelta(days=60)

# The statuses a speaker may set; NEW is where a follow-up starts, WITHDRAWN is the attendee's.
SPEAKER_STATUSES = [
    FollowUp.Status.OPEN,
    FollowUp.Status.ANSWERED,
    FollowUp.Status.RESOLVED,
    FollowUp.Status.DISMISSED,
    FollowUp.Status.SPAM,
]
ATTENDEE_FIELDS = ["kind", "message", "rating", "name", "email", "affiliation", "consent_to_share"]


def _ensure_open_for_followups(talk: Talk) -> None:
    if talk.conference.followups_closed:
        raise ValidationError(
            "The organizers of %(conference)s have closed follow-ups.",
            params={"conference": talk.conference.name},
            code="followups_closed",
        )


@transaction.atomic
def followup_create(*, talk: Talk, data: dict[str, Any], author: Any = None) -> FollowUp:
    """Store an attendee's follow-up and queue its e-mails.

    Guarantees: the follow-up is committed before this returns to a view (the view's
    request is not atomic), whatever happens to e-mail. Queues in the outbox, in the same
    transaction (the worker sends them after commit): the attendee's receipt with the
    private status link, and a notice to each speaker of the talk who does not take a
    daily digest. The talk's current speakers become its
    recipients: only they (and staff) read it, whoever joins the talk later. Cancelled
    talks and past conferences accept follow-ups; a conference whose organizers closed
    follow-ups refuses them.
    """
    _ensure_open_for_followups(talk)
    values = {field: data[field] for field in ATTENDEE_FIELDS if field in data}
    signed_in = author if getattr(author, "is_authenticated", False) else None
    if signed_in is not None:
        values.setdefault("name", signed_in.get_full_name() or signed_in.get_username())
        values.setdefault("email", signed_in.email)
    if values.get("kind") != FollowUp.Kind.FEEDBACK:
        values["rating"] = None  # a rating only means something on feedback
    followup = FollowUp(talk=talk, author=signed_in, **values)
    followup.full_clean()
    followup.save()
    # Written to the talk's speakers as they are now; it stays theirs (see followup_move).
    followup.recipients.set(talk.speakers.all())
    tasks.deliver(followup.pk)
    return followup


@transaction.atomic
def followup_add(*, followup: FollowUp, body: str) -> FollowUpNote:
    """The attendee adds to their follow-up (through its private link).

    Reopens an answered, resolved or dismissed follow-up; queues a notice to the speakers.
    """
    if followup.status == FollowUp.Status.WITHDRAWN:
        raise ValidationError("This follow-up was withdrawn.", code="withdrawn")
    note = FollowUpNote(followup=followup, kind=FollowUpNote.Kind.ATTENDEE, body=body)
    note.full_clean()
    note.save()
    if followup.status in (
        FollowUp.Status.ANSWERED,
        FollowUp.Status.RESOLVED,
        FollowUp.Status.DISMISSED,
    ):
        followup.status = FollowUp.Status.OPEN
    followup.save(update_fields=["status", "updated_at"])
    if followup.status != FollowUp.Status.SPAM:
        tasks.notify_addition(note.pk)
    return note


@transaction.atomic
def followup_reply(
    *, followup: FollowUp, user: Any, body: str, internal: bool = False
) -> FollowUpNote:
    """A speaker of the talk replies (e-mailed to the attendee) or notes something internal.

    A reply marks a new or open follow-up answered and its e-mail goes into the outbox in
    the same transaction; the worker sends it, retrying while the mail server is down.
    """
    if not user.has_perm("talks.change_followup", followup):
        raise PermissionDenied("Only the talk's speakers can reply.")
    if followup.status == FollowUp.Status.WITHDRAWN:
        raise ValidationError("The attendee withdrew this follow-up.", code="withdrawn")
    kind = FollowUpNote.Kind.INTERNAL if internal else FollowUpNote.Kind.REPLY
    note = FollowUpNote(followup=followup, kind=kind, author=user, body=body)
    note.full_clean()
    note.save()
    if not internal:
        if followup.status in (FollowUp.Status.NEW, FollowUp.Status.OPEN):
            followup.status = FollowUp.Status.ANSWERED
        followup.save(update_fields=["status", "updated_at"])
        tasks.deliver_reply(note.pk)
    return note


@transaction.atomic
def followup_set_status(*, followup: FollowUp, user: Any, status: str) -> FollowUp:
    """A speaker marks a follow-up open, answered, resolved, dismissed or spam.

    Spam hides it from the inbox (a filter still finds it); nothing is e-mailed.
    """
    if not user.has_perm("talks.change_followup", followup):
        raise PermissionDenied("Only the talk's speakers can change a follow-up.")
    if status not in SPEAKER_STATUSES:
        raise ValidationError({"status": f"Choose one of: {', '.join(SPEAKER_STATUSES)}."})
    if followup.status == FollowUp.Status.WITHDRAWN:
        raise ValidationError("The attendee withdrew this follow-up.", code="withdrawn")
    followup.status = status
    followup.full_clean()
    followup.save(update_fields=["status", "updated_at"])
    return followup


@transaction.atomic
def followup_withdraw(*, followup: FollowUp) -> FollowUp:
    """The attendee takes back a follow-up: it leaves the speakers' inbox; nothing is e-mailed."""
    followup.status = FollowUp.Status.WITHDRAWN
    followup.save(update_fields=["status", "updated_at"])
    return followup


@transaction.atomic
def followup_move(*, followup: FollowUp, user: Any, talk: Talk) -> FollowUp:
    """Move a follow-up sent to the wrong talk to another talk of the same conference.

    Allowed for the conference's organizers, its recipients and staff (talks.move_followup).
    A follow-up stays with the speakers it was written to: it moves only to a talk on which
    all of its recipients speak, and its recipients do not change, so moving it can neither
    show it to anybody else nor take it away from them. Nothing is e-mailed (the recipients
    were told when it came in; an undelivered notice is still retried).
    """
    if not user.has_perm("talks.move_followup", followup):
        raise PermissionDenied("Only the conference's organizers can move follow-ups.")
    if talk.conference_id != followup.talk.conference_id:
        raise ValidationError({"talk": "Choose a talk of the same conference."})
    if talk.pk == followup.talk_id:
        raise ValidationError({"talk": "The follow-up is already on this talk."})
    recipient_ids = set(followup.recipients.values_list("pk", flat=True))
    if not recipient_ids <= set(talk.talk_speakers.values_list("speaker_id", flat=True)):
        raise ValidationError(
            {
                "talk": "A follow-up stays with the speakers it was written to: choose a talk "
                "they all speak on, or ask the attendee to send a new one."
            },
            code="other_speakers",
        )
    followup.talk = talk
    followup.full_clean()
    followup.save(update_fields=["talk", "updated_at"])
    return followup


@transaction.atomic
def conference_set_followups_closed(*, conference: Conference, user: Any, closed: bool) -> None:
    """Organizers close (or reopen) follow-ups for a conference; existing ones stay."""
    if not user.has_perm("conference.close_followups", conference):
        raise PermissionDenied("Only the conference's organizers can close follow-ups.")
    conference.followups_closed = closed
    conference.save(update_fields=["followups_closed", "updated_at"])


@transaction.atomic
def attendee_delete_all(*, email: str = "", author: Any = None) -> int:
    """Delete every follow-up (with its thread) submitted with this e-mail or by this account.

    Returns how many follow-ups were deleted.
    """
    followups = FollowUp.objects.none()
    if email:
        followups = followups | FollowUp.objects.filter(email__iexact=email)
    if getattr(author, "is_authenticated", False):
        followups = followups | FollowUp.objects.filter(author=author)
    count = followups.count()
    FollowUp.objects.filter(pk__in=list(followups.values_list("pk", flat=True))).delete()
    return count


@transaction.atomic
def speaker_invite(*, speaker: Speaker, user: Any) -> Speaker:
    """Issue a fresh invitation link and e-mail it to the speaker's profile address.

    Any earlier link stops working. Allowed for organizers of a conference the speaker
    speaks at, and staff.
    """
    if not user.has_perm("talks.invite_speaker", speaker):
        raise PermissionDenied("Only organizers of this speaker's conferences can invite them.")
    if speaker.user_id:
        raise ValidationError("This speaker profile is already claimed.", code="claimed")
    if not speaker.email:
        raise ValidationError({"email": "Add the speaker's e-mail address first."})
    speaker.invitation_token = secrets.token_urlsafe(32)
    speaker.invited_at = timezone.now()
    speaker.save(update_fields=["invitation_token", "invited_at", "updated_at"])
    tasks.send_invitation(speaker.pk)
    return speaker


def speaker_by_invitation(*, token: str) -> Speaker | None:
    """The speaker a still-valid invitation token belongs to, or None."""
    if not token:
        return None
    speaker = Speaker.objects.filter(invitation_token=token, user__isnull=True).first()
    if speaker is None or speaker.invited_at is None:
        return None
    if timezone.now() - speaker.invited_at > INVITATION_VALID_FOR:
        return None
    return speaker


@transaction.atomic
def speaker_claim(*, token: str, user: Any) -> Speaker:
    """Link the invited speaker profile to the signed-in account; the link then stops working."""
    speaker = speaker_by_invitation(token=token)
    if speaker is None:
        raise ValidationError("This invitation link is not valid any more.", code="invalid")
    if Speaker.objects.filter(user=user).exists():
        raise ValidationError(
            "Your account already has a speaker profile; ask the organizers to merge them.",
            code="has_profile",
        )
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    speaker.user = user
    speaker.invitation_token = None
    speaker.full_clean()
    speaker.save(update_fields=["user", "invitation_token", "updated_at"])
    return speaker


@transaction.atomic
def speaker_set_digest(*, speaker: Speaker, digest: bool) -> Speaker:
    """One e-mail per follow-up, or one digest a day (`manage.py followups_digest`)."""
    speaker.followup_digest = digest
    if digest and speaker.digest_sent_at is None:
        # Start the first digest from now: earlier follow-ups were already e-mailed one by one.
        speaker.digest_sent_at = timezone.now()
    speaker.save(update_fields=["followup_digest", "digest_sent_at", "updated_at"])
    return speaker

"""Background work of the follow-up workflow (Django's tasks framework).

Tasks take ids (JSON-serializable arguments) and re-read the rows, so they work with the
immediate backend and with a queued one alike. A failed e-mail never loses a follow-up:
the failure is logged and recorded on the row, and `manage.py followups_retry` (or the
`retry_undelivered` task on a schedule) sends it again.
"""

import logging
from typing import Any

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from talks.followups import mail
from talks.models import FollowUp, FollowUpNote, Speaker

logger = logging.getLogger(__name__)

# After this many failed attempts the retry command stops trying (the inbox still shows it).
MAX_ATTEMPTS = 10


def _speakers_of(followup: FollowUp) -> list[Speaker]:
    """Whom a follow-up's e-mails go to: the speakers it was written to, not the talk's."""
    return list(followup.recipients.select_related("user"))


def deliver(followup_id: int) -> dict[str, bool]:
    """Send what is still unsent for a follow-up: the attendee's receipt, the speakers' notice.

    Returns what was delivered; each part is recorded separately, so a retry after a partial
    failure does not send the same e-mail twice.
    """
    followup = FollowUp.objects.select_related("talk__conference").filter(pk=followup_id).first()
    if followup is None or followup.status in (FollowUp.Status.SPAM, FollowUp.Status.WITHDRAWN):
        return {}
    result = {"receipt": followup.receipt_sent_at is not None, "notified": False}
    if followup.receipt_sent_at is None:
        try:
            mail.send_receipt(followup)
        except Exception:
            logger.exception("Receipt for follow-up %s not sent; will retry", followup.pk)
        else:
            FollowUp.objects.filter(pk=followup.pk).update(receipt_sent_at=timezone.now())
            result["receipt"] = True
    if followup.notified_at is None:
        immediate = [s for s in _speakers_of(followup) if not s.followup_digest]
        try:
            mail.send_speaker_notification(followup, immediate)
        except Exception:
            logger.exception("Speakers of follow-up %s not notified; will retry", followup.pk)
        else:
            # Digest speakers get it in their daily digest; the inbox shows it either way.
            FollowUp.objects.filter(pk=followup.pk).update(notified_at=timezone.now())
            result["notified"] = True
    else:
        result["notified"] = True
    # One attempt per call, whatever failed, so the retry command gives up eventually.
    FollowUp.objects.filter(pk=followup.pk).update(notify_attempts=F("notify_attempts") + 1)
    return result


@task
def deliver_followup(followup_id: int) -> dict[str, bool]:
    return deliver(followup_id)


@task
def notify_addition(note_id: int) -> bool:
    """Tell the speakers that the attendee added to a follow-up (the inbox shows it anyway)."""
    note = FollowUpNote.objects.select_related("followup__talk").filter(pk=note_id).first()
    if note is None:
        return False
    speakers = [s for s in _speakers_of(note.followup) if not s.followup_digest]
    try:
        mail.send_speaker_notification(note.followup, speakers, addition=note)
    except Exception:
        logger.exception("Speakers not told of addition %s", note_id)
        return False
    return True


def deliver_reply(note_id: int) -> bool:
    note = FollowUpNote.objects.select_related("followup__talk").filter(pk=note_id).first()
    if note is None or note.emailed_at is not None or note.kind != FollowUpNote.Kind.REPLY:
        return False
    try:
        mail.send_reply(note)
    except Exception:
        logger.exception("Reply %s not e-mailed; will retry", note_id)
        FollowUpNote.objects.filter(pk=note_id).update(email_attempts=F("email_attempts") + 1)
        return False
    FollowUpNote.objects.filter(pk=note_id).update(
        emailed_at=timezone.now(), email_attempts=F("email_attempts") + 1
    )
    return True


@task
def send_reply(note_id: int) -> bool:
    return deliver_reply(note_id)


@task
def send_invitation(speaker_id: int) -> bool:
    speaker = Speaker.objects.filter(pk=speaker_id, invitation_token__isnull=False).first()
    if speaker is None:
        return False
    mail.send_invitation(speaker)
    return True


@task
def send_attendee_data_link(email: str, url: str) -> None:
    mail.send_attendee_data_link(email, url)


def retry(*, max_attempts: int = MAX_ATTEMPTS) -> dict[str, int]:
    """Resend every receipt, speaker notice and reply that has not gone out yet."""
    counts = {"followups": 0, "replies": 0}
    pending = FollowUp.objects.exclude(
        status__in=[FollowUp.Status.SPAM, FollowUp.Status.WITHDRAWN]
    ).filter(notify_attempts__lt=max_attempts)
    pending = pending.filter(notified_at__isnull=True) | pending.filter(
        receipt_sent_at__isnull=True
    )
    for followup_id in pending.values_list("pk", flat=True):
        delivered = deliver(followup_id)
        counts["followups"] += int(bool(delivered) and all(delivered.values()))
    replies = FollowUpNote.objects.filter(
        kind=FollowUpNote.Kind.REPLY, emailed_at__isnull=True, email_attempts__lt=max_attempts
    ).values_list("pk", flat=True)
    for note_id in replies:
        counts["replies"] += int(deliver_reply(note_id))
    return counts


@task
def retry_undelivered() -> dict[str, int]:
    return retry()


def send_digests(*, now: Any = None) -> int:
    """E-mail each digest speaker the follow-ups that came in since their last digest."""
    now = now or timezone.now()
    sent = 0
    speakers = Speaker.objects.filter(followup_digest=True).select_related("user")
    for speaker in speakers:
        followups = FollowUp.objects.visible_in_inbox().filter(recipients=speaker)
        if speaker.digest_sent_at:
            followups = followups.filter(created_at__gt=speaker.digest_sent_at)
        followups = followups.filter(created_at__lte=now).select_related("talk")
        batch = list(followups.order_by("created_at"))
        if not batch:
            continue
        try:
            mail.send_digest(speaker, batch)
        except Exception:
            logger.exception("Digest for speaker %s not sent; next run includes these", speaker.pk)
            continue
        Speaker.objects.filter(pk=speaker.pk).update(digest_sent_at=now)
        sent += 1
    return sent


@task
def send_daily_digests() -> int:
    return send_digests()

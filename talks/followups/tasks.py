"""The e-mails of the follow-up workflow, put in the outbox by the services that set them off.

Each function takes ids and re-reads the rows, locks what it marks, and queues its
messages in the caller's transaction (talks/followups/mail.py → conference/outbox.py): a
follow-up and its receipt commit together, and each part is marked queued exactly once.
Sending, retrying and giving up are the outbox's job. `manage.py followups_retry` (or the
`retry_undelivered` task) queues what older rows never queued.
"""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from talks.followups import mail
from talks.models import FollowUp, FollowUpNote, Speaker

# After this many failed attempts the retry command stops trying (the inbox still shows it).
MAX_ATTEMPTS = 10


def _speakers_of(followup: FollowUp) -> list[Speaker]:
    """Whom a follow-up's e-mails go to: the speakers it was written to, not the talk's."""
    return list(followup.recipients.select_related("user"))


@transaction.atomic
def deliver(followup_id: int) -> dict[str, bool]:
    """Queue what is still unqueued for a follow-up: the attendee's receipt, the speakers'
    notice. Returns what is queued; a second call queues nothing again."""
    followup = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("talk__conference")
        .filter(pk=followup_id)
        .first()
    )
    if followup is None or followup.status in (FollowUp.Status.SPAM, FollowUp.Status.WITHDRAWN):
        return {}
    now = timezone.now()
    if followup.receipt_sent_at is None:
        mail.send_receipt(followup)
        followup.receipt_sent_at = now
    if followup.notified_at is None:
        # Digest speakers get it in their daily digest; the inbox shows it either way.
        immediate = [s for s in _speakers_of(followup) if not s.followup_digest]
        mail.send_speaker_notification(followup, immediate)
        followup.notified_at = now
    FollowUp.objects.filter(pk=followup.pk).update(
        receipt_sent_at=followup.receipt_sent_at,
        notified_at=followup.notified_at,
        notify_attempts=F("notify_attempts") + 1,
    )
    return {"receipt": True, "notified": True}


def notify_addition(note_id: int) -> bool:
    """Tell the speakers that the attendee added to a follow-up (the inbox shows it anyway)."""
    note = FollowUpNote.objects.select_related("followup__talk").filter(pk=note_id).first()
    if note is None:
        return False
    speakers = [s for s in _speakers_of(note.followup) if not s.followup_digest]
    mail.send_speaker_notification(note.followup, speakers, addition=note)
    return True


@transaction.atomic
def deliver_reply(note_id: int) -> bool:
    note = (
        FollowUpNote.objects.select_for_update(of=("self",))
        .select_related("followup__talk")
        .filter(pk=note_id)
        .first()
    )
    if note is None or note.emailed_at is not None or note.kind != FollowUpNote.Kind.REPLY:
        return False
    mail.send_reply(note)
    FollowUpNote.objects.filter(pk=note_id).update(
        emailed_at=timezone.now(), email_attempts=F("email_attempts") + 1
    )
    return True


def send_invitation(speaker_id: int) -> bool:
    speaker = Speaker.objects.filter(pk=speaker_id, invitation_token__isnull=False).first()
    if speaker is None:
        return False
    mail.send_invitation(speaker)
    return True


def send_attendee_data_link(email: str, url: str) -> bool:
    """Only to an address that sent follow-ups: no mail to strangers' addresses."""
    if not FollowUp.objects.filter(email__iexact=email).exists():
        return False
    mail.send_attendee_data_link(email, url)
    return True


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
    """Queue for each digest speaker the follow-ups that came in since their last digest."""
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
        # Queued and marked together: a digest is neither lost nor queued twice.
        with transaction.atomic():
            mail.send_digest(speaker, batch)
            Speaker.objects.filter(pk=speaker.pk).update(digest_sent_at=now)
        sent += 1
    return sent


@task
def send_daily_digests() -> int:
    return send_digests()

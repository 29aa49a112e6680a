"""Outgoing e-mail through a transactional outbox.

``mail_queue`` stores a rendered message as an OutgoingMail row in the caller's
transaction and enqueues its delivery once that commits: a write and the e-mail it sets
off are committed together or not at all, a rolled-back write sends nothing, and the
request never waits for SMTP (if the process dies between commit and enqueue, the sweep
below finds the row). The worker's ``deliver_mail`` sends it:

- exactly once: the row is locked while it is sent and marked sent in the same
  transaction; a second task for the same row finds it sent (or locked) and does nothing.
  A worker killed before it commits leaves the row pending; ``mail_requeue_stale`` (run
  by ``manage.py worker`` every sweep) enqueues it again.
- with retries: exponential back-off with jitter, up to OUTBOX_MAX_ATTEMPTS, then the
  row is DEAD (the dead-letter state), listed in the admin, where staff "retry now".
- never as a relay: messages that an anonymous visitor can address (``limited=True``)
  are capped per address and hour; over the cap the row is SUPPRESSED, not sent.
"""

import logging
import random
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task, task_backends
from django.utils import timezone

from conference.infrastructure.request_id import current_request_id, request_id_scope
from conference.models import OutgoingMail

logger = logging.getLogger(__name__)


def stale_after() -> timedelta:
    """A pending row whose attempt is this overdue lost its task (a killed worker)."""
    return timedelta(seconds=settings.OUTBOX_STALE_SECONDS)


def backoff_seconds(attempt: int, *, base: float, cap: float) -> float:
    """The wait after failed attempt number ``attempt`` (1, 2, …): base, 2×base, 4×base, …
    up to ``cap``, of which a random half is taken off so retries do not arrive in step."""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not secrecy


def _max_attempts() -> int:
    return int(settings.OUTBOX_MAX_ATTEMPTS)


def _over_address_limit(address: str) -> bool:
    since = timezone.now() - timedelta(hours=1)
    recent = OutgoingMail.objects.filter(
        to__iexact=address, created_at__gte=since, kind__in=settings.OUTBOX_LIMITED_KINDS
    )
    return recent.count() >= settings.OUTBOX_MAIL_PER_ADDRESS_PER_HOUR


def enqueue_deferred(deferred_task: object, when: datetime, **kwargs: object) -> None:
    """Enqueue ``deferred_task`` to run at ``when`` if the backend can defer; otherwise
    leave it to the worker's sweep (the immediate backend of development and tests)."""
    backend = task_backends[deferred_task.backend]  # type: ignore[attr-defined]
    if backend.supports_defer:
        deferred_task.using(run_after=when).enqueue(**kwargs)  # type: ignore[attr-defined]


def mail_queue(
    *, to: str, subject: str, body: str, kind: str, reply_to: str = "", limited: bool = False
) -> OutgoingMail:
    """Store one message and enqueue its delivery, in the caller's transaction.

    ``limited``: an anonymous visitor chose the address (a receipt, a data link), so the
    per-address cap applies. Returns the row (SUPPRESSED when over the cap).
    """
    suppressed = limited and _over_address_limit(to)
    message = OutgoingMail.objects.create(
        kind=kind,
        to=to,
        reply_to=reply_to,
        subject=subject,
        body=body,
        status=OutgoingMail.Status.SUPPRESSED if suppressed else OutgoingMail.Status.PENDING,
        request_id=current_request_id(),
    )
    if suppressed:
        logger.warning("Mail %s (%s) not sent: too much mail to this address", message.pk, kind)
    else:
        transaction.on_commit(partial(deliver_mail.enqueue, mail_id=message.pk))
    return message


def mail_deliver(*, mail_id: int) -> str:
    """Send one pending, due message; returns what became of it."""
    with transaction.atomic():
        message = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, status=OutgoingMail.Status.PENDING)
            .first()
        )
        if message is None:
            return "skipped"  # sent, given up, or being sent by another worker right now
        now = timezone.now()
        if message.next_attempt_at > now:
            return "not due"
        with request_id_scope(message.request_id):
            return _attempt(message, now)


def _attempt(message: OutgoingMail, now: datetime) -> str:
    message.attempts += 1
    try:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            reply_to=[message.reply_to] if message.reply_to else None,
        ).send()
    except Exception as error:
        message.last_error = type(error).__name__
        if message.attempts >= _max_attempts():
            message.status = OutgoingMail.Status.DEAD
            logger.error("Mail %s gave up after %s attempts", message.pk, message.attempts)
        else:
            wait = backoff_seconds(
                message.attempts,
                base=settings.OUTBOX_BACKOFF_SECONDS,
                cap=settings.OUTBOX_BACKOFF_CAP_SECONDS,
            )
            message.next_attempt_at = now + timedelta(seconds=wait)
            logger.warning("Mail %s not sent (%s); retry in %.0f s", message.pk, error, wait)
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        if message.status == OutgoingMail.Status.PENDING:
            enqueue_deferred(deliver_mail, message.next_attempt_at, mail_id=message.pk)
        return message.status
    message.status = OutgoingMail.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return message.status


@task
def deliver_mail(*, mail_id: int) -> str:
    return mail_deliver(mail_id=mail_id)


def mail_retry_now(*, mail_ids: list[int]) -> int:
    """Staff's "retry now" on given-up (or waiting) messages: due at once, attempts reset."""
    retried = 0
    with transaction.atomic():
        rows = OutgoingMail.objects.select_for_update().filter(
            pk__in=mail_ids, status__in=[OutgoingMail.Status.DEAD, OutgoingMail.Status.PENDING]
        )
        for message in rows:
            message.status = OutgoingMail.Status.PENDING
            message.attempts = 0
            message.next_attempt_at = timezone.now()
            message.save(update_fields=["status", "attempts", "next_attempt_at"])
            transaction.on_commit(partial(deliver_mail.enqueue, mail_id=message.pk))
            retried += 1
    return retried


def mail_requeue_stale(*, now: datetime | None = None, grace: timedelta | None = None) -> int:
    """Enqueue pending messages whose attempt is ``grace`` overdue: their task was lost with a
    killed worker (or the backend could not defer). Extra tasks are harmless (mail_deliver
    sends a row once); ``grace=timedelta(0)`` sends everything that is due now."""
    now = now or timezone.now()
    grace = stale_after() if grace is None else grace
    stale = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.PENDING, next_attempt_at__lte=now - grace
    ).values_list("pk", flat=True)
    count = 0
    for mail_id in stale[:500]:
        # Due again only after another grace period: one extra task per sweep at most.
        OutgoingMail.objects.filter(pk=mail_id).update(next_attempt_at=timezone.now())
        deliver_mail.enqueue(mail_id=mail_id)
        count += 1
    return count

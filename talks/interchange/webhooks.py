"""Webhooks out: signed JSON events to organizers' URLs, delivered by the worker.

Call ``webhook_dispatch(conference=…, event="schedule.released", payload={…})`` after a
schedule release or a talk change (events: "schedule.released", "talk.changed").

Each POST has the body ``{"event": …, "conference": <slug>, "delivery": <id>,
"payload": …}`` and the headers

    Content-Type: application/json
    X-Hallway-Event: schedule.released
    X-Hallway-Delivery: 42
    X-Hallway-Timestamp: 1423324800
    X-Hallway-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>." + the raw body>

Receivers recompute the signature over the timestamp and body, compare it with
hmac.compare_digest, and refuse a timestamp older than a few minutes (a replay). The
delivery id is the same on every attempt: a receiver that saw it already can ignore it.

Delivery (conference/infrastructure/safe_http.py): public http(s) addresses only, short
timeouts, no redirects. A failed attempt is retried with exponential back-off and
jitter up to WEBHOOK_MAX_ATTEMPTS, then the delivery is FAILED (the dead-letter state;
"retry now" in the admin). Each webhook gets its events in order: a delivery waits while
an earlier one of the same webhook is still pending or retrying.
"""

import hashlib
import hmac
import json
import time
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from conference.infrastructure.request_id import current_request_id, request_id_scope
from conference.infrastructure.safe_http import post_json
from conference.models import Conference
from conference.outbox import backoff_seconds, enqueue_deferred, stale_after
from talks.models import Schedule, Talk, Webhook, WebhookDelivery

SIGNATURE_HEADER = "X-Hallway-Signature"
TIMESTAMP_HEADER = "X-Hallway-Timestamp"
EVENTS = ("schedule.released", "talk.changed")
UNFINISHED = (WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING)


def webhook_signature(secret: str, body: bytes, timestamp: int) -> str:
    signed = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


@transaction.atomic
def webhook_dispatch(
    *, conference: Conference, event: str, payload: dict[str, Any]
) -> list[WebhookDelivery]:
    """Queue the event for every active webhook of the conference.

    Creates one WebhookDelivery per webhook; the worker sends them after the transaction
    commits (a rolled-back change announces nothing).
    """
    if event not in EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}; one of {', '.join(EVENTS)}.")
    deliveries = [
        WebhookDelivery.objects.create(
            webhook=hook, event=event, payload=payload, request_id=current_request_id()
        )
        for hook in Webhook.objects.filter(conference=conference, active=True)
    ]
    for delivery in deliveries:
        transaction.on_commit(partial(webhook_deliver.enqueue, delivery_id=delivery.pk))
    return deliveries


def _body(delivery: WebhookDelivery) -> bytes:
    document = {
        "event": delivery.event,
        "conference": delivery.webhook.conference.slug,
        "delivery": delivery.pk,
        "payload": delivery.payload,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def _headers(delivery: WebhookDelivery, body: bytes) -> dict[str, str]:
    timestamp = int(time.time())
    return {
        "Content-Type": "application/json",
        "User-Agent": "Hallway-Webhooks/1",
        "X-Hallway-Event": delivery.event,
        "X-Hallway-Delivery": str(delivery.pk),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: webhook_signature(delivery.webhook.secret, body, timestamp),
    }


def _earlier_unfinished(delivery: WebhookDelivery) -> WebhookDelivery | None:
    return (
        WebhookDelivery.objects.filter(
            webhook_id=delivery.webhook_id, status__in=UNFINISHED, pk__lt=delivery.pk
        )
        .order_by("pk")
        .first()
    )


def webhook_send(*, delivery_id: int) -> str:
    """Attempt one due delivery, holding its row so no other worker sends it meanwhile."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("webhook__conference")
            .filter(pk=delivery_id, status__in=UNFINISHED)
            .first()
        )
        if delivery is None:
            return "skipped"  # delivered, given up, or being sent right now
        now = timezone.now()
        if delivery.next_attempt_at > now:
            return "not due"
        earlier = _earlier_unfinished(delivery)
        if earlier is not None:
            # In order per webhook: this one goes after the earlier one succeeds.
            return "waiting"
        with request_id_scope(delivery.request_id):
            _attempt(delivery, now)
    if delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
        _release_next(delivery)
    return delivery.status


def _attempt(delivery: WebhookDelivery, now: datetime) -> None:
    body = _body(delivery)
    outcome = post_json(delivery.webhook.url, body, _headers(delivery, body))
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status = outcome.status
    delivery.error = outcome.problem
    if not outcome.problem:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.status = WebhookDelivery.Status.RETRYING
        wait = backoff_seconds(
            delivery.attempts,
            base=settings.WEBHOOK_BACKOFF_SECONDS,
            cap=settings.WEBHOOK_BACKOFF_CAP_SECONDS,
        )
        delivery.next_attempt_at = now + timedelta(seconds=wait)
    delivery.save()
    if delivery.status == WebhookDelivery.Status.RETRYING:
        enqueue_deferred(webhook_deliver, delivery.next_attempt_at, delivery_id=delivery.pk)


def _release_next(delivery: WebhookDelivery) -> None:
    following = (
        WebhookDelivery.objects.filter(
            webhook_id=delivery.webhook_id, status__in=UNFINISHED, pk__gt=delivery.pk
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if following is not None:
        webhook_deliver.enqueue(delivery_id=following)


@task()
def webhook_deliver(*, delivery_id: int) -> str:
    return webhook_send(delivery_id=delivery_id)


def webhook_retry_now(*, delivery_ids: list[int]) -> int:
    """Staff's "retry now": given-up or waiting deliveries are due at once, attempts reset."""
    retried = WebhookDelivery.objects.filter(
        pk__in=delivery_ids, status__in=[*UNFINISHED, WebhookDelivery.Status.FAILED]
    )
    ids = list(retried.values_list("pk", flat=True))
    WebhookDelivery.objects.filter(pk__in=ids).update(
        status=WebhookDelivery.Status.RETRYING, attempts=0, next_attempt_at=timezone.now()
    )
    for delivery_id in sorted(ids):
        webhook_deliver.enqueue(delivery_id=delivery_id)
    return len(ids)


def webhook_requeue_stale(*, now: datetime | None = None) -> int:
    """Enqueue the first unfinished, overdue delivery of each webhook (a killed worker's, or
    one the backend could not defer); the rest follow in order as each one succeeds."""
    now = now or timezone.now()
    overdue = WebhookDelivery.objects.filter(
        status__in=UNFINISHED, next_attempt_at__lte=now - stale_after()
    )
    first_of_each: dict[int, int] = {}
    for delivery_id, webhook_id in overdue.order_by("pk").values_list("pk", "webhook_id")[:1000]:
        first_of_each.setdefault(webhook_id, delivery_id)
    for delivery_id in first_of_each.values():
        WebhookDelivery.objects.filter(pk=delivery_id).update(next_attempt_at=timezone.now())
        webhook_deliver.enqueue(delivery_id=delivery_id)
    return len(first_of_each)


def release_payload(release: Schedule) -> dict[str, Any]:
    """The payload of "schedule.released": for schedule_release() to send after a release."""
    slug = release.conference.slug
    base = f"/conferences/{slug}/schedule/export/"
    return {
        "version": release.version,
        "released_at": release.released_at.isoformat() if release.released_at else None,
        "comment": release.comment,
        "exports": {name: f"{base}{name}" for name in ("schedule.xml", "schedule.json")},
    }


def talk_payload(talk: Talk, change: str) -> dict[str, Any]:
    """The payload of "talk.changed": change is created, updated or cancelled."""
    return {
        "change": change,
        "talk": {"guid": str(talk.uuid), "title": talk.title, "state": talk.state},
    }

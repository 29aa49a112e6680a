"""Webhooks out: signed JSON events to organizers' URLs, delivered in the background.

Call ``webhook_dispatch(conference=…, event="schedule.released", payload={…})`` after a
schedule release or a talk change (events: "schedule.released", "talk.changed").

Each POST has the body ``{"event": …, "conference": <slug>, "delivery": <id>,
"payload": …}`` and the headers

    Content-Type: application/json
    X-Hallway-Event: schedule.released
    X-Hallway-Delivery: 42
    X-Hallway-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the secret>

Receivers compare the signature with hmac.compare_digest. A delivery that fails
(connection error, timeout or non-2xx answer) is retried with exponential back-off,
up to WEBHOOK_MAX_ATTEMPTS, and every attempt's outcome is kept on the delivery.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task, task_backends
from django.utils import timezone

from conference.models import Conference
from talks.models import Schedule, Talk, Webhook, WebhookDelivery

SIGNATURE_HEADER = "X-Hallway-Signature"
EVENTS = ("schedule.released", "talk.changed")
TIMEOUT_SECONDS = 10
INLINE_BACKOFF_CAP_SECONDS = 2.0


def _max_attempts() -> int:
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 5))


def _backoff(attempt: int) -> float:
    """Seconds to wait after a failed attempt: base, 4×base, 16×base, …"""
    base = float(getattr(settings, "WEBHOOK_BACKOFF_SECONDS", 30))
    return base * 4 ** (attempt - 1)


def webhook_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@transaction.atomic
def webhook_dispatch(
    *, conference: Conference, event: str, payload: dict[str, Any]
) -> list[WebhookDelivery]:
    """Queue the event for every active webhook of the conference.

    Creates one WebhookDelivery per webhook; sends them after the transaction commits
    (a rolled-back change announces nothing).
    """
    if event not in EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}; one of {', '.join(EVENTS)}.")
    deliveries = [
        WebhookDelivery.objects.create(webhook=hook, event=event, payload=payload)
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


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - http(s) only: Webhook.url is a URLField
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - as above
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@task()
def webhook_deliver(*, delivery_id: int) -> str:
    """Send one delivery; on failure, enqueue the next attempt after a back-off."""
    delivery = WebhookDelivery.objects.select_related("webhook__conference").get(pk=delivery_id)
    if delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
        return delivery.status
    body = _body(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Hallway-Webhooks/1",
        "X-Hallway-Event": delivery.event,
        "X-Hallway-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: webhook_signature(delivery.webhook.secret, body),
    }
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    try:
        status = _post(delivery.webhook.url, body, headers)
        delivery.response_status = status
        delivery.error = "" if 200 <= status < 300 else f"HTTP {status}"
    except (OSError, ValueError) as error:
        delivery.response_status = None
        delivery.error = str(error)[:1000] or type(error).__name__
    if not delivery.error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
    elif delivery.attempts >= _max_attempts():
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.status = WebhookDelivery.Status.RETRYING
    delivery.save()
    if delivery.status == WebhookDelivery.Status.RETRYING:
        _retry_later(delivery)
    return delivery.status


def _retry_later(delivery: WebhookDelivery) -> None:
    wait = _backoff(delivery.attempts)
    if task_backends[webhook_deliver.backend].supports_defer:
        webhook_deliver.using(run_after=timezone.now() + timedelta(seconds=wait)).enqueue(
            delivery_id=delivery.pk
        )
        return
    # The immediate backend (development, tests) cannot defer: it retries in-line, so the
    # wait is capped to keep a request that released a schedule from hanging for minutes.
    time.sleep(min(wait, INLINE_BACKOFF_CAP_SECONDS))
    webhook_deliver.enqueue(delivery_id=delivery.pk)


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

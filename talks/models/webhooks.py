"""Webhooks: organizers' URLs that hear about schedule releases and talk changes."""

import secrets

from django.db import models
from django.utils import timezone

from conference.infrastructure.safe_http import validate_webhook_url
from conference.models import Conference
from conference.validators import validate_uri


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """A public http(s) URL that receives signed JSON events for one conference.

    Each POST carries ``X-Hallway-Timestamp: <unix seconds>`` and ``X-Hallway-Signature:
    sha256=<hex>``, the HMAC-SHA256 of "<timestamp>." + the raw body, keyed with ``secret``.
    """

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(
        max_length=500,
        validators=[validate_uri, validate_webhook_url],
        help_text="Receives a POST with a JSON body; a public http(s) address.",
    )
    secret = models.CharField(
        max_length=100,
        default=new_webhook_secret,
        help_text="Key of the HMAC-SHA256 signature in the X-Hallway-Signature header.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conference", "url"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "url"], name="webhook_url_once_per_conf")
        ]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one webhook, with the outcome of its latest attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        RETRYING = "retrying", "Retrying"
        FAILED = "failed", "Failed (gave up; retry from the admin)"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=100)
    payload = models.JSONField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    # A category ("timeout", "HTTP 500"), never the receiver's own error text.
    error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook} ({self.get_status_display()})"

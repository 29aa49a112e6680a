"""How many follow-ups one client may submit: per address and per account.

The counting is conference.infrastructure.ratelimit's; this module holds the follow-ups' limits.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from conference.infrastructure.ratelimit import client_address, counter_key, hit

# (how many, per how many seconds); FOLLOWUPS_RATE_LIMITS in settings overrides these.
DEFAULT_LIMITS = {"ip": (10, 3600), "account": (20, 3600)}


def _limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "FOLLOWUPS_RATE_LIMITS", {})}


def _within(key: str, limit: tuple[int, int]) -> bool:
    how_many, window = limit
    return hit(key, window=window) <= how_many


def allow_followup(request: HttpRequest, *, action: str = "create") -> bool:
    """Count a submission from this request's IP and account; False once either is over."""
    limits = _limits()
    address = client_address(request, default="unknown")
    allowed = _within(counter_key("followups", action, "ip", address), limits["ip"])
    user: Any = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        key = counter_key("followups", action, "user", user.pk)
        # Both are counted, so neither limit can be dodged by being over the other first.
        allowed = _within(key, limits["account"]) and allowed
    return allowed

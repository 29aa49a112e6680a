"""Cache-based rate limits for submitting follow-ups (per IP and per account).

The cache is shared (Redis in production), so the limit holds across app servers.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# (how many, per how many seconds); FOLLOWUPS_RATE_LIMITS in settings overrides these.
DEFAULT_LIMITS = {"ip": (10, 3600), "account": (20, 3600)}


def _limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "FOLLOWUPS_RATE_LIMITS", {})}


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header is set by the client unless a trusted proxy
    # rewrites it, and gunicorn behind the proxy is configured to pass the real address.
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one use; True while within the limit."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def allow_followup(request: HttpRequest, *, action: str = "create") -> bool:
    """Count a submission from this request's IP and account; False once either is over."""
    limits = _limits()
    user: Any = getattr(request, "user", None)
    ip_limit, ip_window = limits["ip"]
    allowed = _hit(f"followups:{action}:ip:{client_ip(request)}", ip_limit, ip_window)
    if user is not None and user.is_authenticated:
        account_limit, account_window = limits["account"]
        allowed = _hit(f"followups:{action}:user:{user.pk}", account_limit, account_window) and (
            allowed
        )
    return allowed

"""How many follow-ups may be sent, and by whom: limits that hold at a venue.

Hundreds of attendees send from one address (the venue's Wi-Fi) within minutes of a
keynote, so the address gets only a generous ceiling. The real limits are per sender:
the e-mail address given (per talk and over all talks), the session and the account.
A talk has a ceiling of its own. Only valid submissions are counted (the views validate
first), and a submission refused by its sender's limits is not counted against the
shared ceilings, so one flooding sender cannot use up the venue's or the talk's.

The counting is conference.infrastructure.ratelimit's; this module holds the limits.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from conference.infrastructure.ratelimit import client_address, counter_key, hit

# (how many, per how many seconds); FOLLOWUPS_RATE_LIMITS in settings overrides these.
DEFAULT_LIMITS = {
    # One sender: per e-mail address and talk, per e-mail address, per session, per account.
    "sender_talk": (3, 3600),
    "sender": (10, 3600),
    "session": (10, 3600),
    "account": (20, 3600),
    # Shared: everyone behind one address (a venue), everyone writing to one talk.
    "address": (1000, 3600),
    "talk": (2000, 3600),
}


def _limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "FOLLOWUPS_RATE_LIMITS", {})}


def _sender_keys(
    request: HttpRequest, *, action: str, talk_id: object, sender: str
) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    if sender:
        who = sender.strip().casefold()
        keys.append(("sender", counter_key("followups", action, "sender", who)))
        if talk_id is not None:
            keys.append(("sender_talk", counter_key("followups", action, "sender", who, talk_id)))
    # An existing session only: making one for every attendee would make their pages private.
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        keys.append(("session", counter_key("followups", action, "session", session_key)))
    user: Any = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        keys.append(("account", counter_key("followups", action, "user", user.pk)))
    return keys


def _shared_keys(request: HttpRequest, *, action: str, talk_id: object) -> list[tuple[str, str]]:
    address = client_address(request, default="unknown")
    keys = [("address", counter_key("followups", action, "address", address))]
    if talk_id is not None:
        keys.append(("talk", counter_key("followups", action, "talk", talk_id)))
    return keys


def _count_all(keys: list[tuple[str, str]], limits: dict[str, tuple[int, int]]) -> bool:
    # Every key is counted (no limit can be dodged by being over another one first).
    within = [hit(key, window=limits[name][1]) <= limits[name][0] for name, key in keys]
    return all(within)


def allow_followup(
    request: HttpRequest, *, action: str = "create", talk: Any = None, sender: str = ""
) -> bool:
    """Count one valid submission; False once the sender or a shared ceiling is over.

    Call it after validation: invalid input is never counted. `sender` is the e-mail
    address the submission gives (or is about), `talk` the talk it is for.
    """
    limits = _limits()
    talk_id = getattr(talk, "pk", None)
    if not _count_all(_sender_keys(request, action=action, talk_id=talk_id, sender=sender), limits):
        return False
    return _count_all(_shared_keys(request, action=action, talk_id=talk_id), limits)

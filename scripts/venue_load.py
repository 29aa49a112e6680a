#!/usr/bin/env python3
"""Venue load: the keynote ends and the crowd sends follow-ups from one Wi-Fi address.

Starts its own gunicorn behind a pretend reverse proxy (this script, on loopback, with
TRUSTED_PROXIES=127.0.0.1), its own Redis (the rate-limit counters shared by the workers)
and its own throwaway PostgreSQL (else a SQLite file), on the demo data. Then, with the
ten minutes after the keynote compressed into as long as the requests take:

- VENUE_ATTENDEES (300) different attendees, each a browser of its own (cookies, CSRF
  token) and all from one address (X-Forwarded-For 203.0.113.50, the venue's), send one
  follow-up each to the keynote;
- among them, VENUE_INVALID (30) empty posts (a mis-tap) that must not count;
- one sender floods the keynote with VENUE_FLOOD (60) follow-ups from the same address.

It prints sent against stored, and exits non-zero unless every valid attendee's follow-up
is stored and the flood was stopped at the per-sender limit.

    VENUE_ATTENDEES=300 python scripts/venue_load.py     (make venueload)
"""

import json
import os
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from load_check import own_server  # noqa: E402 - scripts/, beside this one

from tests.faults.services import Browser, manage  # noqa: E402 - after making the project importable

KEYNOTE_SLUG = "building-services-with-docker-and-python"  # talks/demo/story.py
FLOOD_LIMIT = 3  # talks/followups/ratelimit.py: DEFAULT_LIMITS["sender_talk"]
VENUE_ADDRESS = "203.0.113.50"  # only ever a header value: every request goes to loopback
FORM = f"/conferences/pytennessee-2015/talks/{KEYNOTE_SLUG}/follow-up/"


class VenueBrowser(Browser):
    """A phone on the venue Wi-Fi, seen through the proxy that adds X-Forwarded-For."""

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        self.opener.addheaders = [("X-Forwarded-For", VENUE_ADDRESS)]
        return super().request(path, data)


def followup(n: int, *, email: str = "", message: str = "Slides, please?") -> dict[str, str]:
    return {
        "kind": "question",
        "message": message,
        "name": f"Attendee {n}",
        "email": email or f"attendee{n}@example.net",
    }


def send(job: tuple[str, int]) -> tuple[str, int]:
    """One submission from a fresh phone; (what it was, the status it got)."""
    kind, n = job
    browser = VenueBrowser(BASE)
    status, _ = browser.request(FORM)
    if status != 200:
        return kind, status
    if kind == "valid":
        data = followup(n)
    elif kind == "invalid":
        data = followup(n, message="")
    else:  # the flooding sender: the same address on every try
        data = followup(n, email="flood@example.net", message=f"Buy now {n}")
    status, _ = browser.post(FORM, data)
    return kind, status


def stored(env: dict[str, str]) -> dict[str, int]:
    code = (
        "import json; from talks.models import FollowUp as F; "
        f"q = F.objects.filter(talk__slug='{KEYNOTE_SLUG}'); "
        "flood = q.filter(email='flood@example.net').count(); "
        "print(json.dumps({'all': q.count(), 'flood': flood}))"
    )
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def main() -> int:
    global BASE
    attendees = int(os.environ.get("VENUE_ATTENDEES", "300"))
    invalid = int(os.environ.get("VENUE_INVALID", "30"))
    flood = int(os.environ.get("VENUE_FLOOD", "60"))
    jobs = (
        [("valid", n) for n in range(attendees)]
        + [("invalid", attendees + n) for n in range(invalid)]
        + [("flood", n) for n in range(flood)]
    )
    random.Random(16).shuffle(jobs)  # noqa: S311 - not secret: the crowd, the mis-taps and the flood interleaved
    # This script is the reverse proxy: it sends the venue's address as X-Forwarded-For.
    with own_server(port=8703, with_redis=True, TRUSTED_PROXIES="127.0.0.1") as (BASE, kind, env):
        before = stored(env)
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(send, jobs))
        seconds = time.monotonic() - started
        after = stored(env)
    statuses: dict[str, dict[int, int]] = {}
    for what, status in results:
        statuses.setdefault(what, {}).setdefault(status, 0)
        statuses[what][status] += 1
    kept = after["all"] - before["all"]
    kept_flood = after["flood"] - before["flood"]
    flood_limit = FLOOD_LIMIT
    print(f"database: {kind}; {len(jobs)} submissions in {seconds:.1f} s from one address")
    print(f"statuses by kind: {json.dumps(statuses, sort_keys=True)}")
    print(f"valid attendees: sent {attendees}, stored {kept - kept_flood}")
    print(f"invalid posts:   sent {invalid}, stored 0 expected, answered {statuses.get('invalid')}")
    print(f"flooding sender: sent {flood}, stored {kept_flood} (limit {flood_limit})")
    ok = kept - kept_flood == attendees and kept_flood == min(flood, flood_limit)
    print("OK" if ok else "FAIL: a valid follow-up was lost or the flood was not stopped")
    return 0 if ok else 1


BASE = ""

if __name__ == "__main__":
    sys.exit(main())

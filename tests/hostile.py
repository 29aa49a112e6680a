"""A corpus of hostile input: XSS payloads and awkward text, and the fields it goes into.

Every XSS payload, if it ever executed, sets ``window.__hallway_xss`` or opens a dialog, so
the browser check can tell. The HTML check (tests/test_hostile_input.py) needs no browser.
"""

from django.db import models

MARK = "window.__hallway_xss=1"

XSS_PAYLOADS = [
    f"<script>{MARK}</script>",
    f"<SCRIPT SRC=//evil.example/x.js></SCRIPT><script>{MARK}</script>",
    f"</title><script>{MARK}</script>",
    f"</textarea><script>{MARK}</script>",
    f'"><script>{MARK}</script>',
    f'\'><img src=x onerror="{MARK}">',
    f'<img src=x onerror="{MARK}">',
    f'<body onload="{MARK}">',
    f'<svg onload="{MARK}"><circle r="1"/></svg>',
    f"<svg><script>{MARK}</script></svg>",
    f'<math><mtext><table><mglyph><style><img src=x onerror="{MARK}">',
    f'<iframe src="javascript:{MARK}"></iframe>',
    f'<a href="javascript:{MARK}">click</a>',
    f'<a href="jav&#x09;ascript:{MARK}">tab</a>',
    f'<a href=" JaVaScRiPt:{MARK}">spaced</a>',
    f'<input autofocus onfocus="{MARK}">',
    f'<details open ontoggle="{MARK}">',
    f"[markdown link](javascript:{MARK})",
    f"[markdown ref][x]\n\n[x]: javascript:{MARK}",
    f'![image](x" onerror="{MARK})',
    f"<javascript:{MARK}>",
    f"{{{{ {MARK} }}}} {{% now 'Y' %}}",  # template syntax must stay text
    f"&lt;script&gt;{MARK}&lt;/script&gt;",  # pre-escaped: must not be unescaped
    f"\u202e<script>{MARK}</script>\u202c",  # right-to-left override
    f"＜script＞{MARK}＜/script＞",  # fullwidth brackets
    f"<scr\u200bipt>{MARK}</scr\u200bipt>",  # zero-width space inside the tag
    f"<style>@import 'javascript:{MARK}';</style>",
    f'<meta http-equiv="refresh" content="0;url=javascript:{MARK}">',
    f'<base href="javascript:{MARK}//">',
    f'<object data="javascript:{MARK}"></object>',
]

AWKWARD_TEXT = [
    "Ünïcödé Ωμέγα 日本語 العربية עברית",
    "\u202eRTL override\u202c and \u200f marks \u200e",
    "Emoji 🐍🎤👩🏽‍💻🏳️‍🌈 and a ZWJ sequence",
    "Combining: e\u0301\u0301\u0301 Z\u0351\u0352\u0353algo",
    "Quotes ' \" ` and backslash \\ and percent %s %(x)s {0}",
    "line one\r\nline two\n\n\tindented",
]

NUL = "\x00"
OVERLONG = "x" * 100_000

# Free-text fields that users (follow-ups, resources) or organizers (everything else) fill.
TEXT_FIELDS: dict[str, list[str]] = {
    "conference.Series": ["name", "description"],
    "conference.Venue": ["name", "address", "city", "country"],
    "conference.Conference": ["name", "tagline", "description"],
    "conference.Room": ["name", "description"],
    "conference.Track": ["name", "description"],
    "talks.Speaker": ["name", "bio", "affiliation", "twitter", "github"],
    "talks.Tag": ["name"],
    "talks.Talk": ["title", "abstract", "description", "cancellation_note"],
    "talks.Resource": ["title", "author"],
    "talks.Slot": ["title"],
    "talks.Schedule": ["comment"],
    "talks.FollowUp": ["name", "affiliation", "message"],
    "talks.FollowUpNote": ["body"],
}
# URL fields: stored as typed by an organizer or attendee; must never become a live link.
URL_FIELDS: dict[str, list[str]] = {
    "conference.Series": ["website"],
    "conference.Venue": ["website"],
    "conference.Conference": ["website"],
    "talks.Speaker": ["website", "mastodon"],
    "talks.Resource": ["url"],
}


def fit(field: models.Field, value: str) -> str:
    """The value cut to the field's max_length, without NUL (no database stores it)."""
    value = value.replace(NUL, "")
    limit = getattr(field, "max_length", None)
    return value[:limit] if limit else value

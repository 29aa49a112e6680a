"""A corpus of hostile input: XSS payloads and awkward text, and the fields it goes into.

Every XSS payload, if it ever executed, sets ``window.__hallway_xss`` or opens a dialog, so
the browser check can tell. The HTML check (tests/test_hostile_input.py) needs no browser.
"""

from collections.abc import Callable

from django.apps import apps
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
    # Old versions (django-simple-history), shown on the admin's history pages.
    "talks.HistoricalSpeaker": [
        *("name", "bio", "affiliation", "twitter", "github", "history_change_reason"),
    ],
    "talks.HistoricalTalk": [
        *("title", "abstract", "description", "cancellation_note", "history_change_reason"),
    ],
    "talks.HistoricalSlot": ["title", "history_change_reason"],
    "talks.SpeakerIdentifier": ["scheme", "value"],  # from imported files
    "talks.ApiToken": ["name"],
    "talks.WebhookDelivery": ["error"],  # what the receiving server answered
    # The outbox (superusers' admin): messages rendered from attendees' and speakers' text.
    "conference.OutgoingMail": ["subject", "body"],
}
# Text fields that are not free text: validated formats, generated values, choices.
NOT_FREE_TEXT = {
    "conference.Conference.timezone",
    "conference.Track.colour",
    "talks.Talk.language",
    "talks.Schedule.version",
    "talks.FollowUp.token",
    "talks.Speaker.invitation_token",
    "talks.HistoricalSpeaker.invitation_token",
    "talks.HistoricalSpeaker.photo",  # a stored file's name, chosen by the storage
    "talks.HistoricalTalk.language",
    "talks.CalendarFeed.token",
    "talks.ApiToken.key_hash",
    "talks.ApiToken.key_prefix",
    "talks.Webhook.secret",
    "talks.WebhookDelivery.event",  # one of the app's event names
    "talks.WebhookDelivery.request_id",  # a plain token (conference/infrastructure/request_id.py)
    "conference.OutgoingMail.request_id",
    "conference.OutgoingMail.kind",  # one of the app's message kinds
    "conference.OutgoingMail.last_error",  # an exception's class name
}
# URL fields: stored as typed by an organizer or attendee; must never become a live link.
URL_FIELDS: dict[str, list[str]] = {
    "conference.Series": ["website"],
    "conference.Venue": ["website"],
    "conference.Conference": ["website"],
    "talks.Speaker": ["website", "mastodon"],
    "talks.Resource": ["url"],
    "talks.HistoricalSpeaker": ["website", "mastodon"],
    "talks.Webhook": ["url"],
}


def fit(field: models.Field, value: str) -> str:
    """The value cut to the field's max_length, without NUL (no database stores it)."""
    value = value.replace(NUL, "")
    limit = getattr(field, "max_length", None)
    return value[:limit] if limit else value


HOSTILE_URLS = [
    f"javascript:{MARK}",
    f" JavaScript:{MARK}",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]
FIELD_ORDER = [f"{label}.{name}" for label, names in TEXT_FIELDS.items() for name in names]


def payloads_for_round(round_: int) -> Callable[[str, str], str]:
    """Each field a different payload per round; long text fields the whole corpus."""

    def payload_for(label: str, name: str) -> str:
        field = apps.get_model(label)._meta.get_field(name)
        if field.max_length is None:
            return "\n\n".join(XSS_PAYLOADS)
        index = FIELD_ORDER.index(f"{label}.{name}") + round_ * 11
        return XSS_PAYLOADS[index % len(XSS_PAYLOADS)]

    return payload_for


def payloads_packed(round_: int = 0) -> Callable[[str, str], str]:
    """As many payloads as fit in each field, each field starting at a different one."""

    def payload_for(label: str, name: str) -> str:
        field = apps.get_model(label)._meta.get_field(name)
        if field.max_length is None:
            return "\n\n".join(XSS_PAYLOADS)
        start = FIELD_ORDER.index(f"{label}.{name}") + round_ * 11
        packed = ""
        for step in range(len(XSS_PAYLOADS)):
            payload = XSS_PAYLOADS[(start + step) % len(XSS_PAYLOADS)]
            if len(packed) + len(payload) + 3 <= field.max_length - 4:  # room for a suffix
                packed += payload + " · "
        return packed or XSS_PAYLOADS[start % len(XSS_PAYLOADS)]

    return payload_for


def _fit_unique(field: models.Field, value: str, suffix: str) -> str:
    return fit(field, value)[: (field.max_length or 10**9) - len(suffix)] + suffix


def fill_every_field(text: str | Callable[[str, str], str], url: str) -> None:
    """Put hostile text in every free-text field of every row, and the URL in URL fields.

    text is a string, or a function (model label, field name) → string.
    """
    for fields_by_model, value in ((TEXT_FIELDS, text), (URL_FIELDS, url)):
        for label, names in fields_by_model.items():
            model = apps.get_model(label)
            for index, pk in enumerate(model.objects.values_list("pk", flat=True)):
                suffix = f" {index}" if index else ""  # unique names (tags) stay unique
                values = {}
                for name in names:
                    field = model._meta.get_field(name)
                    raw = value(label, name) if callable(value) else value
                    values[name] = _fit_unique(field, raw, suffix)
                model.objects.filter(pk=pk).update(**values)

"""The schedule editor's cards, rendered in Python: a FOSDEM day has 500 of them, and
the template loop with its filters took most of the board's render time (as the public
grid's slot_body found). Every value is escaped here."""

from html import escape
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from talks.templatetags.hallway import slot_classes

register = template.Library()

KIND_LABELS = {
    "speaker": "speaker in two places",
    "duration": "shorter than the talk",
    "capacity": "room too small",
    "track": "track split across rooms",
    "clash": "room clash",
    "availability": "outside the speaker's availability",
}


def _hhmm(moment: Any) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def _card(card: dict[str, Any], *, may_edit: bool) -> str:
    cell = card["cell"]
    slot = cell.slot
    talk = slot.talk
    speakers = talk.speakers_in_order() if talk else []
    title = escape(slot.display_title)
    conflicts = card["conflicts"]
    classes = f"ed-slot {cell.css_class}{slot_classes(slot)}" + (
        " has-conflict" if conflicts else ""
    )
    tag = 'button type="button"' if may_edit else "div"
    attributes = (
        f'class="{classes}" id="ed-slot-{slot.pk}" data-slot="{slot.pk}" '
        f'data-etag="{escape(card["etag"])}" '
        f'data-start="{timezone.localtime(slot.start).isoformat()}" '
        f'data-end="{timezone.localtime(slot.end).isoformat()}" '
        f'data-room="{slot.room_id or ""}" data-talk="{talk.uuid if talk else ""}" '
        f'data-title="{title}" data-speakers="{" ".join(str(ts.speaker_id) for ts in speakers)}"'
    )
    if card.get("available") is not None:
        attributes += f' data-available="{escape(card["available"])}"'
    room = escape(slot.room.name) if slot.room else "all rooms"
    parts = [
        f'<span class="ed-when">{_hhmm(slot.start)}–{_hhmm(slot.end)}'
        f'<span class="visually-hidden">, {room}</span></span>',
        f'<span class="ed-title">{title}</span>',
    ]
    if speakers:
        names = ", ".join(escape(ts.speaker.name) for ts in speakers)
        parts.append(f'<span class="ed-meta">{names}</span>')
    if conflicts:
        # What kind of trouble; the conflicts panel under the grid has each in full.
        kinds = dict.fromkeys(KIND_LABELS.get(c.kind, c.kind) for c in conflicts)
        parts.append(f'<span class="ed-flag">Conflict: {escape(", ".join(kinds))}</span>')
    if may_edit:
        parts.append('<span class="ed-resize" aria-hidden="true"></span>')
    closing = "button" if may_edit else "div"
    return f"<{tag} {attributes}>{''.join(parts)}</{closing}>"


@register.simple_tag
def editor_cards(cards: list[dict[str, Any]], may_edit: bool) -> SafeString:
    """The board's slot cards: buttons for editors (the script drags them), else boxes."""
    html = "\n".join(_card(card, may_edit=may_edit) for card in cards)
    return mark_safe(html)  # noqa: S308 - every value above is escaped

"""Template helpers for the website."""

import datetime as dt
from collections.abc import Callable
from html import escape

from django import template
from django.forms import Form
from django.template import Context
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from talks.markdown import render_markdown
from talks.models import Slot, Talk
from talks.models.catalogue import talk_path_maker

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has sanitised it


@register.filter
def going_label(count: int) -> str:
    """What follows the count: "1 person is going", "3 people are going" (the talk page,
    and the JSON its script updates the page from)."""
    return ngettext("person is going", "people are going", count)


@register.filter(name="web_url")
def web_url(value: str | None) -> str:
    """The address if it is an http(s) URL, else "": stored links (typed by organizers and
    attendees, or imported) only become live links when they cannot run script."""
    address = (value or "").strip()
    scheme = address.split(":", 1)[0].lower() if ":" in address else ""
    return address if scheme in ("http", "https") else ""


@register.filter
def datetime_attr(value: dt.datetime | dt.date | None) -> str:
    """The value of a <time datetime="…"> attribute: ISO 8601 in the active zone, to the
    second (microseconds are valid ISO but not what the HTML checker accepts)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    return value.isoformat()


def _time(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f'<time datetime="{datetime_attr(moment)}">{local:%H:%M}</time>'


def _talk_html(talk: Talk, path: str) -> str:
    title = f"<del>{escape(talk.title)}</del>" if talk.is_cancelled else escape(talk.title)
    parts = [f'<h3 class="slot-title"><a href="{escape(path)}">{title}</a></h3>']
    if talk.is_cancelled:
        parts.append('<p><span class="badge badge-cancelled">Cancelled</span></p>')
    speakers = ", ".join(escape(ts.speaker.name) for ts in talk.speakers_in_order())
    parts.append(f'<p class="slot-meta">{speakers}</p>')
    kind = (
        f'<span class="badge">{escape(talk.get_kind_display())}</span> '
        if talk.kind != Talk.Kind.TALK
        else ""
    )
    track = (
        f'<span class="track-label track-{escape(talk.track.slug)}">'
        f'<span class="swatch" aria-hidden="true"></span> {escape(talk.track.name)}</span>'
        if talk.track
        else ""
    )
    parts.append(f'<p class="slot-meta">{kind}{track}</p>')
    return "\n".join(parts)


def _talk_path(context: Context, talk: Talk) -> str:
    # One path maker per conference and page render (render_context lasts one render).
    makers: dict[str, Callable[[str], str]] | None = context.render_context.get("talk_path_makers")
    if makers is None:
        makers = context.render_context["talk_path_makers"] = {}
    conference_slug = talk.conference.slug
    if conference_slug not in makers:
        makers[conference_slug] = talk_path_maker(conference_slug)
    return makers[conference_slug](talk.slug)


@register.simple_tag(takes_context=True)
def slot_body(context: Context, slot: Slot) -> SafeString:
    """The inside of a slot on the schedule pages: times, room, talk, speakers, track.

    Python rather than an included template: the 60-room day grid shows it hundreds of
    times, and the include with its date filters was most of that page's render time.
    Every value is escaped here (html.escape, as Django's escape does, without its
    per-call overhead). Times are in the active time zone (the page's zone switch).
    """
    room = escape(slot.room.name) if slot.room else "All rooms"
    times = (
        f'<p class="slot-time">{_time(slot.start)}–{_time(slot.end)}'
        f'<span class="slot-room"> · {room}</span></p>'
    )
    if slot.talk is None:
        html = f'{times}\n<h3 class="slot-title">{escape(slot.title)}</h3>'
    else:
        html = f"{times}\n{_talk_html(slot.talk, _talk_path(context, slot.talk))}"
    return mark_safe(html)  # noqa: S308 - every value above is escaped


@register.simple_tag
def slot_classes(slot: Slot) -> str:
    """Extra classes of a slot's box: its track's colour, a break, a cancellation."""
    talk = slot.talk
    if talk is None:
        return " is-break"
    classes = f" track-{talk.track.slug} has-track" if talk.track else ""
    return classes + (" is-cancelled" if talk.is_cancelled else "")


@register.filter
def has_required_field(form: Form) -> bool:
    """Whether a form shows any required field: then it explains the * that marks them."""
    return any(f.field.required and not f.is_hidden for f in form)

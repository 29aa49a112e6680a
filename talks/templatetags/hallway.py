"""Template helpers for the website."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from talks.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has sanitised it


@register.filter(name="web_url")
def web_url(value: str | None) -> str:
    """The address if it is an http(s) URL, else "": stored links (typed by organizers and
    attendees, or imported) only become live links when they cannot run script."""
    address = (value or "").strip()
    scheme = address.split(":", 1)[0].lower() if ":" in address else ""
    return address if scheme in ("http", "https") else ""

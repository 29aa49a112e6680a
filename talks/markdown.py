"""Markdown from speakers and organizers, rendered to HTML that is safe to show."""

import re
import threading

import markdown as md
import nh3

# Everything Markdown produces for prose, and nothing that runs or restyles the page.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "ul", "del", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


_local = threading.local()


def _converter() -> md.Markdown:
    """This thread's converter. Building one (its extensions, their regular expressions,
    the entry-point scan) costs more than converting a whole abstract, so each thread keeps
    one and resets it between texts; a converter is not safe to share between threads."""
    converter: md.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        converter = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        _local.converter = converter
    return converter


def warm_up_markdown(**kwargs: object) -> None:
    """Build this thread's converter and compile its expressions before the first request."""
    render_markdown("*warm* [up](https://example.org)")


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: raw HTML and javascript: links are stripped by nh3."""
    if not text:
        return ""
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKUP = re.compile(r"(\*\*|__|\*|`+|^#+\s*|^>\s*)", re.MULTILINE)


def markdown_to_plain(text: str) -> str:
    """Markdown as plain prose, for search snippets: link text kept, markup dropped."""
    return _MD_MARKUP.sub("", _MD_LINK.sub(r"\1", text or ""))

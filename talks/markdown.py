"""Markdown from speakers and organizers, rendered to HTML that is safe to show."""

import re

import markdown as md
import nh3

# Everything Markdown produces for prose, and nothing that runs or restyles the page.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "ul", "del", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: raw HTML and javascript: links are stripped by nh3."""
    if not text:
        return ""
    html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
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

"""What "no executable markup" means for a rendered page, checked on the parsed HTML."""

import re

import html5lib

# Elements that have no place in Hallway's pages and could run or load code.
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "base", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "srcdoc"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]+")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def dangerous_url(value: str) -> bool:
    compact = _INVISIBLE.sub("", value).lower()
    return compact.startswith(("javascript:", "vbscript:", "data:text/html", "livescript:"))


def executable_markup(html: str) -> list[str]:
    """Everything in the page that could execute: empty when the page is safe."""
    problems = []
    root = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = _local(element.tag)
        attributes = {_local(name): value for name, value in element.attrib.items()}
        if tag == "script":
            kind = attributes.get("type", "").lower()
            if kind in DATA_SCRIPT_TYPES:
                continue  # data, never run
            src = attributes.get("src", "")
            same_origin = src.startswith("/") and not src.startswith("//")
            if not same_origin or (element.text or "").strip():
                problems.append(f"<script src={src!r}>{(element.text or '')[:80]!r}")
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}> element")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        if tag == "style" and "javascript:" in (element.text or "").lower():
            problems.append("<style> with javascript:")
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value[:60]!r}>")
            if name in URL_ATTRIBUTES and dangerous_url(value):
                problems.append(f"<{tag} {name}={value[:60]!r}>")
            if name == "style":
                problems.append(f"<{tag} style=...> (inline styles are refused by the CSP)")
    return problems

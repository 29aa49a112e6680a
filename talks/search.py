"""Search across conferences, talks and speakers the public may see (talks.selectors.visibility).

PostgreSQL: full-text search (SearchVector against a GIN-indexed expression on talks,
websearch syntax, SearchRank ordering, SearchHeadline highlights). Elsewhere (SQLite in
development): case-insensitive substring matching, highlighted in Python.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from talks.markdown import markdown_to_plain
from talks.selectors.visibility import conferences_public, speakers_public, talks_public

LIMIT = 30
# Markers unlikely in text; the result is escaped first, then they become <mark>.
_START, _STOP = "\x02", "\x03"
TALK_VECTOR_FIELDS = ("title", "abstract", "description")
SEARCH_CONFIG = "english"


def talk_search_vector() -> Any:
    """The expression the GIN index on talks is built on; queries must use the same one."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("abstract", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def speaker_search_vector() -> Any:
    """The expression the GIN index on speakers is built on (migration 0006): names as
    written, affiliation and bio stemmed."""
    return SearchVector("name", weight="A", config="simple") + SearchVector(
        "affiliation", "bio", weight="B", config=SEARCH_CONFIG
    )


@dataclass
class SearchHit:
    obj: object
    title: SafeString
    snippet: SafeString


@dataclass
class SearchResults:
    query: str
    talks: list[SearchHit] = field(default_factory=list)
    speakers: list[SearchHit] = field(default_factory=list)
    conferences: list[SearchHit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.talks) + len(self.speakers) + len(self.conferences)


def _markers_to_html(text: str) -> SafeString:
    escaped = escape(text or "")
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape text and wrap each case-insensitive occurrence of a term in <mark>."""
    if not terms:
        return mark_safe(escape(text or ""))  # noqa: S308
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    return _markers_to_html(pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", text or ""))


def _snippet(text: str, terms: list[str], width: int = 200) -> SafeString:
    lowered = (text or "").lower()
    positions = [lowered.find(t.lower()) for t in terms if t and t.lower() in lowered]
    start = max(0, min(positions) - width // 3) if positions else 0
    piece = (text or "")[start : start + width]
    prefix = "…" if start else ""
    suffix = "…" if len(text or "") > start + width else ""
    return highlight(f"{prefix}{piece}{suffix}", terms)


def search(query: str) -> SearchResults:
    query = " ".join(query.split())[:200]
    results = SearchResults(query=query)
    if not query:
        return results
    if connection.vendor == "postgresql":
        _search_postgres(query, results)
    else:
        _search_simple(query, results)
    return results


def _headline(field: str, search_query: SearchQuery, **options: Any) -> SearchHeadline:
    return SearchHeadline(
        field, search_query, config=SEARCH_CONFIG, start_sel=_START, stop_sel=_STOP, **options
    )


def _talk_hits_postgres(search_query: SearchQuery) -> list[SearchHit]:
    talks = (
        talks_public()
        .annotate(search=talk_search_vector())
        .filter(search=search_query)
        .annotate(
            rank=SearchRank(F("search"), search_query),
            title_hl=_headline("title", search_query, highlight_all=True),
            snippet_hl=_headline("abstract", search_query, max_words=35, min_words=15),
        )
        .select_related("conference")
        .order_by("-rank", "-conference__start_date", "title")[:LIMIT]
    )
    return [
        SearchHit(
            t, _markers_to_html(t.title_hl), _markers_to_html(markdown_to_plain(t.snippet_hl))
        )
        for t in talks
    ]


def _speaker_hits_postgres(
    query: str, search_query: SearchQuery, terms: list[str]
) -> list[SearchHit]:
    speakers = (
        speakers_public()
        .annotate(search=speaker_search_vector())
        .filter(
            Q(search=search_query)
            | Q(search=SearchQuery(query, search_type="websearch", config="simple"))
        )
        .annotate(rank=SearchRank(F("search"), search_query))
        .order_by("-rank", "name")[:LIMIT]
    )
    return [
        SearchHit(
            s, highlight(s.name, terms), _snippet(markdown_to_plain(s.affiliation or s.bio), terms)
        )
        for s in speakers
    ]


def _conference_hits_postgres(query: str, terms: list[str]) -> list[SearchHit]:
    conference_vector = SearchVector("name", "tagline", "venue__city", config="simple")
    conferences = (
        conferences_public()
        .annotate(search=conference_vector)
        .filter(search=SearchQuery(query, search_type="websearch", config="simple"))
        .select_related("venue")
        .order_by("-start_date")[:LIMIT]
    )
    return [SearchHit(c, highlight(c.name, terms), _snippet(c.tagline, terms)) for c in conferences]


def _search_postgres(query: str, results: SearchResults) -> None:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    terms = query.replace('"', " ").split()
    results.talks = _talk_hits_postgres(search_query)
    results.speakers = _speaker_hits_postgres(query, search_query, terms)
    results.conferences = _conference_hits_postgres(query, terms)


def _search_simple(query: str, results: SearchResults) -> None:
    terms = [t for t in query.replace('"', " ").split() if t]
    talk_filter = Q()
    speaker_filter = Q()
    conference_filter = Q()
    for term in terms:
        talk_filter &= (
            Q(title__icontains=term) | Q(abstract__icontains=term) | Q(description__icontains=term)
        )
        speaker_filter &= Q(name__icontains=term) | Q(affiliation__icontains=term)
        conference_filter &= (
            Q(name__icontains=term) | Q(tagline__icontains=term) | Q(venue__city__icontains=term)
        )
    talks = (
        talks_public()
        .filter(talk_filter)
        .select_related("conference")
        .order_by("-conference__start_date", "title")[:LIMIT]
    )
    results.talks = [
        SearchHit(t, highlight(t.title, terms), _snippet(markdown_to_plain(t.abstract), terms))
        for t in talks
    ]
    speakers = speakers_public().filter(speaker_filter).order_by("name")[:LIMIT]
    results.speakers = [
        SearchHit(s, highlight(s.name, terms), _snippet(s.affiliation, terms)) for s in speakers
    ]
    conferences = (
        conferences_public()
        .filter(conference_filter)
        .select_related("venue")
        .order_by("-start_date")[:LIMIT]
    )
    results.conferences = [
        SearchHit(c, highlight(c.name, terms), _snippet(c.tagline, terms)) for c in conferences
    ]

"""HTTP for the exports: stored by the page cache, with ETags (304) and CORS for web apps.

The page cache keys each body on what the conference's pages depend on (the latest
release, the talks and their speakers), so a release or a talk change is served at once.
An export is the same for everyone, signed in or not, so every visitor shares it.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from conference.infrastructure.page_cache import cached_page
from conference.models import Conference
from talks.interchange.exports import csv as csv_export
from talks.interchange.exports import frab
from talks.interchange.exports.selectors import release_slots_for_export, talks_for_export
from talks.models import Schedule
from talks.page_scopes import conference_pages
from talks.selectors.visibility import conferences_public, release_public


def _require(release: Schedule | None) -> Schedule:
    if release is None:
        raise Http404("This conference has not released a schedule yet.")
    return release


Builder = Callable[[str, Conference, Schedule | None], bytes]


def _schedule_xml(base_url: str, conference: Conference, release: Schedule | None) -> bytes:
    release = _require(release)
    slots = release_slots_for_export(release=release)
    return frab.schedule_xml(
        frab.schedule_export(conference=conference, release=release, slots=slots, base_url=base_url)
    )


def _schedule_json(base_url: str, conference: Conference, release: Schedule | None) -> bytes:
    release = _require(release)
    slots = release_slots_for_export(release=release)
    return frab.schedule_json(
        frab.schedule_export(conference=conference, release=release, slots=slots, base_url=base_url)
    )


def _schedule_csv(base_url: str, conference: Conference, release: Schedule | None) -> bytes:
    slots = release_slots_for_export(release=_require(release))
    return csv_export.schedule_csv(conference=conference, slots=slots)


def _talks_csv(base_url: str, conference: Conference, release: Schedule | None) -> bytes:
    return csv_export.talks_csv(talks=talks_for_export(conference=conference))


EXPORTS: dict[str, tuple[str, Builder]] = {
    "schedule.xml": ("application/xml; charset=utf-8", _schedule_xml),
    "schedule.json": ("application/json", _schedule_json),
    "schedule.csv": ("text/csv; charset=utf-8", _schedule_csv),
    "talks.csv": ("text/csv; charset=utf-8", _talks_csv),
}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _with_cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def schedule_export(request: HttpRequest, slug: str, name: str) -> HttpResponseBase:
    """One export file of a published conference: schedule.xml, schedule.json, *.csv."""
    if name not in EXPORTS:
        raise Http404("No such export.")
    if request.method == "OPTIONS":  # CORS preflight, e.g. for a script's If-None-Match
        preflight = HttpResponse(status=204)
        preflight["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        preflight["Access-Control-Allow-Headers"] = "If-None-Match"
        preflight["Access-Control-Max-Age"] = "86400"
        return _with_cors(preflight)
    return _with_cors(_export(request, slug=slug, name=name))


@cached_page(conference_pages, same_for_everyone=True)
def _export(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    conference = get_object_or_404(conferences_public(), slug=slug)
    content_type, build = EXPORTS[name]
    release = release_public(conference=conference)
    response = HttpResponse(
        build(_base_url(request), conference, release), content_type=content_type
    )
    if name.endswith(".csv"):
        response["Content-Disposition"] = f'inline; filename="{conference.slug}-{name}"'
    return response

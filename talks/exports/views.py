"""HTTP for the exports: cached per release, with ETags (304) and CORS for web apps.

A body is cached under a key holding the release id, so a new release makes a new key
and the old body is never served again ("cached until the next release").
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_http_methods

from conference.models import Conference
from talks.exports import csv as csv_export
from talks.exports import frab
from talks.exports.selectors import release_slots_for_export, talks_for_export
from talks.models import Schedule
from talks.selectors import schedule_latest_release

CACHE_SECONDS = 7 * 24 * 3600


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
    conference = get_object_or_404(Conference.objects.published(), slug=slug)
    content_type, build = EXPORTS[name]
    release = schedule_latest_release(conference=conference)
    base_url = _base_url(request)
    base_digest = hashlib.sha256(base_url.encode()).hexdigest()[:16]
    key = f"hallway:export:{conference.pk}:{release.pk if release else 0}:{name}:{base_digest}"
    cached = cache.get(key)
    if cached is None:
        body = build(base_url, conference, release)
        cached = (body, f'"{hashlib.sha256(body).hexdigest()[:40]}"')
        cache.set(key, cached, CACHE_SECONDS)
    body, etag = cached
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if name.endswith(".csv"):
        response["Content-Disposition"] = f'inline; filename="{conference.slug}-{name}"'
    patch_cache_control(response, public=True, max_age=300)
    # 304 when If-None-Match matches, keeping the ETag and caching headers.
    conditional = get_conditional_response(request, etag=etag, response=response)
    return _with_cors(conditional or response)

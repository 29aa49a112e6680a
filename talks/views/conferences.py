"""Conference pages: the home page, the catalogue, a conference, its talks and speakers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from conference.filters import ConferenceCatalogueFilter
from conference.infrastructure.page_cache import cached_page
from conference.selectors import conference_detail_parts, conference_list_public
from talks.page_scopes import catalogue_pages, conference_pages, site_pages
from talks.selectors import (
    room_list_for_schedule,
    speaker_list_for_conference,
    tag_list_for_conference,
    talk_list_visible,
)
from talks.selectors.visibility import talks_public
from talks.views.common import VIEWER_PARAMS, conference_for_viewer


# Current, upcoming and past change with the date: a new version every hour.
@cached_page(site_pages, clock=3600)
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    conferences = list(conference_list_public().order_by("start_date"))
    context = {
        "current": [c for c in conferences if c.start_date <= today <= c.end_date],
        "upcoming": [c for c in conferences if c.start_date > today],
        "past": [c for c in reversed(conferences) if c.end_date < today],
    }
    return render(request, "conference/home.html", context)


@cached_page(catalogue_pages, params=ConferenceCatalogueFilter.base_filters)
def conference_list(request: HttpRequest) -> HttpResponse:
    filterset = ConferenceCatalogueFilter(
        request.GET or None, queryset=conference_list_public(), talks=talks_public()
    )
    conferences = filterset.qs if filterset.is_bound else filterset.queryset
    # An impossible filter value (year=abc) is shown as a form error, with a 400.
    status = 400 if filterset.is_bound and not filterset.is_valid() else 200
    context = {"filter": filterset, "conferences": conferences}
    return render(request, "conference/list.html", context, status=status)


@cached_page(conference_pages, params=VIEWER_PARAMS)
def conference_detail(request: HttpRequest, slug: str) -> HttpResponse:
    view = conference_for_viewer(request, slug)
    talks = list(talk_list_visible(conference=view.conference, preview=view.preview))
    featured = [t for t in talks if t.featured] or [t for t in talks if t.kind == "keynote"]
    context = {
        "conference": view.conference,
        "preview": view.preview,
        "schedule": view.schedule,
        "talks": talks,
        "featured": featured,
        "tags": tag_list_for_conference(conference=view.conference),
        **conference_detail_parts(conference=view.conference),
        "rooms": room_list_for_schedule(conference=view.conference, schedule=view.schedule),
    }
    return render(request, "conference/detail.html", context)


@cached_page(conference_pages, params=VIEWER_PARAMS)
def conference_talks(request: HttpRequest, slug: str) -> HttpResponse:
    view = conference_for_viewer(request, slug)
    talks = talk_list_visible(conference=view.conference, preview=view.preview)
    context = {"conference": view.conference, "preview": view.preview, "talks": talks}
    return render(request, "conference/talks.html", context)


@cached_page(conference_pages, params=VIEWER_PARAMS)
def conference_speakers(request: HttpRequest, slug: str) -> HttpResponse:
    view = conference_for_viewer(request, slug)
    speakers = speaker_list_for_conference(conference=view.conference, preview=view.preview)
    context = {"conference": view.conference, "preview": view.preview, "speakers": speakers}
    return render(request, "conference/speakers.html", context)

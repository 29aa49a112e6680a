"""iCal downloads (talk, speaker, conference) and the personal feed by secret token."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from conference.infrastructure.page_cache import cached_page
from talks.interchange.ical import build_calendar, calendar_response
from talks.models import CalendarFeed, Talk
from talks.page_scopes import catalogue_pages, conference_pages, talk_pages
from talks.selectors import slot_list_for_calendar, speaker_get_public
from talks.selectors.personal import personal_talks
from talks.views.common import VIEWER_PARAMS, conference_for_viewer


@require_GET
@cached_page(talk_pages, params=VIEWER_PARAMS)
def talk_ical(request: HttpRequest, conference: str, slug: str) -> HttpResponse:
    view = conference_for_viewer(request, conference)
    talks = Talk.objects.public().for_conference(view.conference).filter(slug=slug)
    slots = slot_list_for_calendar(talks=talks)
    if not slots:
        raise Http404("This talk is not on a released schedule.")
    calendar = build_calendar(
        slots=slots, name=slots[0].display_title, absolute_url=request.build_absolute_uri
    )
    return calendar_response(calendar, slug)


@require_GET
@cached_page(catalogue_pages)
def speaker_ical(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = speaker_get_public(slug=slug)
    talks = Talk.objects.public().filter(speakers=speaker)
    slots = slot_list_for_calendar(talks=talks)
    calendar = build_calendar(
        slots=slots, name=f"Talks by {speaker.name}", absolute_url=request.build_absolute_uri
    )
    return calendar_response(calendar, speaker.slug)


@require_GET
@cached_page(conference_pages, params=VIEWER_PARAMS)
def conference_ical(request: HttpRequest, slug: str) -> HttpResponse:
    view = conference_for_viewer(request, slug)
    if not view.conference.published:
        raise Http404("Not published.")
    slots = slot_list_for_calendar(talks=Talk.objects.public().for_conference(view.conference))
    calendar = build_calendar(
        slots=slots, name=view.conference.name, absolute_url=request.build_absolute_uri
    )
    return calendar_response(calendar, view.conference.slug)


@require_GET
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscribable feed: the token is the credential, no login."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404("No such feed.")
    slots = slot_list_for_calendar(talks=personal_talks(user=feed.user))
    calendar = build_calendar(
        slots=slots, name="My conference schedule", absolute_url=request.build_absolute_uri
    )
    response = calendar_response(calendar, "my-schedule", attachment=False)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response

"""The attendee website's talk, speaker and tag pages, and "I'm going"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from conference.infrastructure.page_cache import cached_page
from conference.infrastructure.urls_safety import safe_next
from talks.models import Talk
from talks.page_scopes import catalogue_pages, talk_pages
from talks.search import search
from talks.selectors import (
    bookmark_exists,
    slot_of_talk,
    speaker_get_public,
    speaker_talks_by_conference,
    tag_get_public,
    tag_talks_with_context,
    talk_get_visible,
)
from talks.services import bookmark_add, bookmark_remove
from talks.templatetags.hallway import going_label
from talks.views.common import VIEWER_PARAMS, conference_for_viewer, viewer_timezone


@cached_page(talk_pages, params=VIEWER_PARAMS)
def talk_detail(request: HttpRequest, conference: str, slug: str) -> HttpResponse:
    view = conference_for_viewer(request, conference)
    talk = talk_get_visible(conference=view.conference, slug=slug, preview=view.preview)
    context = {
        "conference": view.conference,
        "preview": view.preview,
        "talk": talk,
        "slot": slot_of_talk(schedule=view.schedule, talk=talk),
        "going": bookmark_exists(user=request.user, talk=talk),
    }
    with timezone.override(viewer_timezone(request, view.conference)):
        return render(request, "talks/talk_detail.html", context)


@cached_page(catalogue_pages)
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = speaker_get_public(slug=slug)
    groups = speaker_talks_by_conference(speaker=speaker)
    if not groups:
        # A profile with no public talk (only drafts, unpublished conferences) stays private.
        raise Http404("No such speaker.")
    return render(request, "talks/speaker_detail.html", {"speaker": speaker, "groups": groups})


@cached_page(catalogue_pages)
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = tag_get_public(slug=slug)
    talks = tag_talks_with_context(tag=tag)
    return render(request, "talks/tag_detail.html", {"tag": tag, "talks": talks})


@require_POST
@login_required
def talk_going(request: HttpRequest, conference: str, slug: str) -> HttpResponse:
    """Mark or unmark "I'm going" (action=add|remove). JSON for the script, else redirect."""
    view = conference_for_viewer(request, conference)
    talk = get_object_or_404(Talk.objects.public().for_conference(view.conference), slug=slug)
    action = request.POST.get("action", "add")
    if action not in ("add", "remove"):
        return HttpResponse("action must be add or remove.", status=400)
    if action == "add":
        bookmark_add(user=request.user, talk=talk)
    else:
        bookmark_remove(user=request.user, talk=talk)
    going = action == "add"
    count = talk.bookmarks.count()
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"going": going, "count": count, "label": going_label(count)})
    messages.success(
        request,
        f"Added “{talk.title}” to your schedule."
        if going
        else f"Removed “{talk.title}” from your schedule.",
    )
    return redirect(safe_next(request, default=talk.get_absolute_url()))


@cached_page(catalogue_pages, params=["q"])
def search_page(request: HttpRequest) -> HttpResponse:
    results = search(request.GET.get("q", ""))
    return render(request, "talks/search.html", {"results": results, "search_query": results.query})

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from conference.page_cache import cached_page
from conference.selectors import conference_get_public, conference_list_public
from talks.page_versions import conference_version, home_version
from talks.selectors import slot_list_released, talk_list_public


@cached_page(home_version)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "conference/home.html", {"conferences": conference_list_public()})


@cached_page(conference_version)
def conference_detail(request: HttpRequest, slug: str) -> HttpResponse:
    conference = conference_get_public(slug=slug)
    context = {
        "conference": conference,
        "talks": talk_list_public(conference=conference),
        "slots": slot_list_released(conference=conference),
    }
    return render(request, "conference/detail.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers, and the benchmark's ceiling: no database, no template."""
    response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response

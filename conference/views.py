from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from conference.selectors import conference_get_public, conference_list_public
from talks.selectors import slot_list_released, talk_list_public


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "conference/home.html", {"conferences": conference_list_public()})


def conference_detail(request: HttpRequest, slug: str) -> HttpResponse:
    conference = conference_get_public(slug=slug)
    context = {
        "conference": conference,
        "talks": talk_list_public(conference=conference),
        "slots": slot_list_released(conference=conference),
    }
    return render(request, "conference/detail.html", context)

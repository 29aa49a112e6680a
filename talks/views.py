from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from conference.page_cache import cached_page
from conference.selectors import conference_get_public
from talks.page_versions import speaker_version, tag_version, talk_version
from talks.selectors import (
    speaker_get,
    speaker_talks_public,
    tag_get,
    tag_talks_public,
    talk_get_public,
)


@cached_page(talk_version)
def talk_detail(request: HttpRequest, conference: str, slug: str) -> HttpResponse:
    conf = conference_get_public(slug=conference)
    talk = talk_get_public(conference=conf, slug=slug)
    return render(request, "talks/talk_detail.html", {"conference": conf, "talk": talk})


@cached_page(speaker_version)
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = speaker_get(slug=slug)
    talks = speaker_talks_public(speaker=speaker)
    return render(request, "talks/speaker_detail.html", {"speaker": speaker, "talks": talks})


@cached_page(tag_version)
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = tag_get(slug=slug)
    return render(
        request, "talks/tag_detail.html", {"tag": tag, "talks": tag_talks_public(tag=tag)}
    )

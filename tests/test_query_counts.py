"""Every website page runs the same number of queries for a small and a large conference."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talks.models import Bookmark, Talk
from talks.services import calendar_feed_get_or_create
from tests.factories import OrganizerMembershipFactory, UserFactory
from tests.website import build_conference

pytestmark = pytest.mark.django_db


def _pages(conference, user):
    talk = Talk.objects.filter(conference=conference).order_by("pk").first()
    speaker = talk.speakers.first()
    tag = talk.tags.first()
    slug = conference.slug
    feed = calendar_feed_get_or_create(user=user)
    return {
        "home": reverse("home"),
        "catalogue": reverse("conference:list"),
        "catalogue_filtered": reverse("conference:list") + "?year=2015&city=Nashville",
        "conference": reverse("conference:detail", kwargs={"slug": slug}),
        "schedule": reverse("conference:schedule", kwargs={"slug": slug}),
        "schedule_list": reverse("conference:schedule_list", kwargs={"slug": slug}),
        "schedule_list_filtered": reverse("conference:schedule_list", kwargs={"slug": slug})
        + f"?day={conference.start_date.isoformat()}&kind=talk",
        "now": reverse("conference:now", kwargs={"slug": slug})
        + f"?at={conference.start_date.isoformat()}T09:30",
        "talks": reverse("conference:talks", kwargs={"slug": slug}),
        "speakers": reverse("conference:speakers", kwargs={"slug": slug}),
        "talk": talk.get_absolute_url(),
        "talk_ics": reverse("talks:ical", kwargs={"conference": slug, "slug": talk.slug}),
        "conference_ics": reverse("conference:ical", kwargs={"slug": slug}),
        "speaker": speaker.get_absolute_url(),
        "speaker_ics": reverse("talks:speaker_ical", kwargs={"slug": speaker.slug}),
        "tag": tag.get_absolute_url(),
        "search": reverse("search") + "?q=Talk",
        "sitemap": reverse("sitemap"),
        "my_schedule": reverse("me:schedule"),
        "feed": reverse("me:feed", kwargs={"token": feed.token}),
    }


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _setup(size, name):
    conference, _ = build_conference(size, slug=name, name=name)
    user = UserFactory()
    for talk in Talk.objects.filter(conference=conference):
        Bookmark.objects.create(user=user, talk=talk)
    return conference, user


def _counts(client, conference, user, viewer):
    pages = _pages(conference, user)
    if viewer == "anonymous":
        client.logout()
        pages.pop("my_schedule")
    elif viewer == "organizer":
        OrganizerMembershipFactory(user=user, conference=conference)
        client.force_login(user)
        pages = {
            name: url + ("&" if "?" in url else "?") + "preview=1" for name, url in pages.items()
        }
    else:
        client.force_login(user)
    return {name: _count_queries(client, url) for name, url in pages.items()}


@pytest.mark.parametrize("viewer", ["anonymous", "attendee", "organizer"])
def test_every_page_runs_a_fixed_number_of_queries_whatever_the_size(client, viewer):
    small, small_user = _setup(2, "small")
    small_counts = _counts(client, small, small_user, viewer)
    large, large_user = _setup(8, "large")
    large_counts = _counts(client, large, large_user, viewer)
    assert large_counts == small_counts

"""Each list page and endpoint costs the same number of queries for 2 or 20 follow-ups."""

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from talks.followups.views.attendee import ATTENDEE_LINK_SALT
from tests.factories import FollowUpFactory, FollowUpNoteFactory, TalkFactory

pytestmark = pytest.mark.django_db


def _fill(cast, count):
    talks = [
        cast.talk,
        TalkFactory(conference=cast.talk.conference, speakers=[cast.speaker.speaker_profile]),
    ]
    for n in range(count):
        followup = FollowUpFactory(talk=talks[n % 2], email="same@example.net")
        FollowUpNoteFactory(followup=followup)
        TalkFactory(conference=cast.talk.conference)  # more talks on the organizer's page


def _count(fetch) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200
    return len(queries)


def _pages(cast):
    web = Client()
    web.force_login(cast.speaker)
    organizer = Client()
    organizer.force_login(cast.organizer)
    api = APIClient()
    api.force_authenticate(cast.speaker)
    api_organizer = APIClient()
    api_organizer.force_authenticate(cast.organizer)
    data_link = reverse(
        "followups:attendee_data",
        kwargs={"signed": signing.dumps("same@example.net", salt=ATTENDEE_LINK_SALT)},
    )
    anonymous = Client()
    return {
        "inbox": lambda: web.get(reverse("followups:inbox")),
        "inbox filtered": lambda: web.get(reverse("followups:inbox"), {"kind": "question"}),
        "csv": lambda: web.get(reverse("followups:export")),
        "api list": lambda: api.get("/api/v1/followups/"),
        "organizer page": lambda: organizer.get(
            reverse("followups:organizer", kwargs={"conference": cast.talk.conference.slug})
        ),
        "api counts": lambda: api_organizer.get(
            "/api/v1/followups/counts/", {"conference": cast.talk.conference.slug}
        ),
        "attendee data": lambda: anonymous.get(data_link),
        "attendee export": lambda: anonymous.get(data_link + "?format=json"),
    }


@pytest.mark.parametrize(
    "page",
    [
        "inbox",
        "inbox filtered",
        "csv",
        "api list",
        "organizer page",
        "api counts",
        "attendee data",
        "attendee export",
    ],
)
def test_query_count_does_not_grow_with_followups(cast, page, django_assert_max_num_queries):
    fetch = _pages(cast)[page]
    _fill(cast, 2)
    small = _count(fetch)
    _fill(cast, 18)
    with django_assert_max_num_queries(small):
        response = fetch()
    assert response.status_code == 200

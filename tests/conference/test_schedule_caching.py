"""Schedule pages, exports, calendars and the conference API from the page cache.

What a visitor relies on: the second request is served without the database, a talk
change or a new release shows at once on every one of them, JSON and the browsable API
never get each other's body, and nothing personal is shared.
"""

import datetime as dt
import gzip

import pytest

from talks.models import Talk
from talks.services import (
    api_token_create,
    schedule_get_work_in_progress,
    schedule_release,
    slot_create,
)
from tests.factories import (
    ConferenceFactory,
    OrganizerMembershipFactory,
    RoomFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    conference = ConferenceFactory(slug="cached")
    talk = TalkFactory(
        conference=conference, title="Original Title", speakers=[SpeakerFactory(name="Ada")]
    )
    start = local(conference, 0, 10)
    slot_create(
        schedule=schedule_get_work_in_progress(conference=conference),
        room=RoomFactory(conference=conference, name="Main Hall"),
        talk=talk,
        start=start,
        end=start + dt.timedelta(minutes=45),
    )
    schedule_release(conference=conference, version="1.0")
    return conference


def _urls(conference):
    base = f"/conferences/{conference.slug}"
    day = conference.start_date.isoformat()
    api = f"/api/v1/conferences/{conference.slug}"
    return [
        f"{base}/schedule/",
        f"{base}/schedule/day/{day}/",
        f"{base}/schedule/list/",
        f"{base}/now/?at={day}T10:15",
        f"{base}/talks/",
        f"{base}/speakers/",
        f"{base}/schedule.ics",
        f"{base}/schedule/export/schedule.xml",
        f"{base}/schedule/export/schedule.json",
        f"{base}/schedule/export/schedule.csv",
        f"{api}/schedule/?expand=talk,speakers,room",
        f"{api}/talks/",
    ]


def _get(client, url, **headers):
    if url.startswith("/api/"):
        headers.setdefault("HTTP_ACCEPT", "application/json")
    response = client.get(url, **headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def test_warm_schedule_pages_exports_and_api_need_no_query(
    trusted, client, conference, django_assert_num_queries
):
    for url in _urls(conference):
        cold = _get(client, url)
        assert "Original Title" in cold.content.decode(), url
        with django_assert_num_queries(0):
            warm = _get(client, url)
        assert warm.content == cold.content, url
        assert warm["Content-Type"] == cold["Content-Type"], url
        assert warm["ETag"] == cold["ETag"], url
        with django_assert_num_queries(0):
            assert _get(client, url, HTTP_IF_NONE_MATCH=cold["ETag"]).status_code == 304, url


def test_a_talk_change_is_served_at_once_everywhere(trusted, client, conference):
    for url in _urls(conference):
        _get(client, url)
    talk = Talk.objects.get(conference=conference)
    talk.title = "Changed Title"
    talk.save()
    for url in _urls(conference):
        body = _get(client, url).content.decode()
        assert "Changed Title" in body, url
        assert "Original Title" not in body, url


def test_a_new_release_is_served_at_once(trusted, client, conference):
    day = conference.start_date.isoformat()
    urls = [
        f"/conferences/cached/schedule/day/{day}/",
        "/conferences/cached/schedule/export/schedule.json",
        "/api/v1/conferences/cached/schedule/",
    ]
    for url in urls:
        assert "1.0" in _get(client, url).content.decode()
    schedule_release(conference=conference, version="2.0-final")
    for url in urls:
        assert "2.0-final" in _get(client, url).content.decode(), url


def test_json_and_the_browsable_api_never_get_each_others_body(trusted, client, conference):
    url = "/api/v1/conferences/cached/schedule/"
    json_first = client.get(url, HTTP_ACCEPT="application/json")
    html = client.get(url, HTTP_ACCEPT="text/html")
    json_again = client.get(url, HTTP_ACCEPT="application/json")
    assert json_first["Content-Type"].startswith("application/json")
    assert html["Content-Type"].startswith("text/html")
    assert json_again["Content-Type"].startswith("application/json")
    assert json_again.content == json_first.content
    assert "Accept" in json_again["Vary"]


def test_an_organizers_view_is_never_stored_for_the_public(trusted, client, conference):
    TalkFactory(conference=conference, title="Secret Draft", state=Talk.State.DRAFT)
    organizer = UserFactory()
    OrganizerMembershipFactory(user=organizer, conference=conference)
    _, key = api_token_create(user=organizer, name="app")
    url = "/api/v1/conferences/cached/talks/"
    as_organizer = client.get(
        url, HTTP_ACCEPT="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert "Secret Draft" in as_organizer.content.decode()
    assert "private" in as_organizer["Cache-Control"]
    public = client.get(url, HTTP_ACCEPT="application/json")
    assert "Secret Draft" not in public.content.decode()
    assert "public" in public["Cache-Control"]


def test_exports_keep_their_headers_when_served_from_the_store(trusted, client, conference):
    url = "/conferences/cached/schedule/export/schedule.csv"
    cold = client.get(url)
    warm = client.get(url)
    for response in (cold, warm):
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Content-Disposition"] == 'inline; filename="cached-schedule.csv"'
        assert response["Content-Type"].startswith("text/csv")


def test_now_and_next_is_kept_briefly(trusted, client, conference):
    response = client.get("/conferences/cached/now/")
    assert "max-age=20" in response["Cache-Control"]


def test_a_stored_page_is_sent_gzipped_to_clients_that_accept_it(trusted, client, conference):
    url = f"/conferences/cached/schedule/day/{conference.start_date.isoformat()}/"
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in packed["Vary"]
    assert packed["ETag"] == f"W/{plain['ETag']}"
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304
    identity = client.get(url)  # from the store too: decompressed for this client
    assert "Content-Encoding" not in identity
    assert identity.content == plain.content


def test_search_results_are_stored_until_the_catalogue_changes(
    trusted, client, conference, django_assert_num_queries
):
    url = "/search/?q=original"
    first = Talk.objects.get(conference=conference).get_absolute_url()
    assert first in client.get(url).text
    with django_assert_num_queries(0):
        assert first in client.get(url).text
    sequel = TalkFactory(conference=conference, title="Original Sequel")
    assert sequel.get_absolute_url() in client.get(url).text

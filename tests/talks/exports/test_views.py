import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command

from talks.services import schedule_get_work_in_progress, schedule_release, slot_create
from talks.views.exports import EXPORTS
from tests.factories import (
    ConferenceFactory,
    FollowUpFactory,
    RoomFactory,
    SpeakerFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db

URL = "/conferences/{slug}/schedule/export/{name}"


def _conference_with_talks(count: int):
    conference = ConferenceFactory(slug=f"conf-{count}")
    rooms = [RoomFactory(conference=conference, position=n) for n in range(3)]
    schedule = schedule_get_work_in_progress(conference=conference)
    start = dt.datetime(2015, 2, 7, 15, 0, tzinfo=dt.UTC)
    for n in range(count):
        speakers = [SpeakerFactory(), SpeakerFactory()]
        talk = TalkFactory(conference=conference, speakers=speakers)
        at = start + dt.timedelta(hours=n // 3)
        slot_create(
            schedule=schedule,
            room=rooms[n % 3],
            talk=talk,
            start=at,
            end=at + dt.timedelta(minutes=45),
        )
    slot_create(schedule=schedule, title="Lunch", start=start - dt.timedelta(hours=2), end=start)
    schedule_release(conference=conference, version="1.0")
    return conference


# Queries for a first (uncached) request: the conference and
# release, then the slots with speakers, person ids and links (frab), or the talks with
# speakers and tags (talks.csv).
COLD_QUERIES = {"schedule.xml": 8, "schedule.json": 8, "schedule.csv": 6, "talks.csv": 5}


@pytest.mark.parametrize("name", list(EXPORTS))
@pytest.mark.parametrize("talks", [3, 30])
def test_export_query_count_does_not_grow_with_talks(
    client, django_assert_num_queries, settings, name, talks
):
    # With a shared cache (Redis): rendered once, then stored under the version counters.
    settings.PAGE_CACHE_TRUST_INVALIDATION = True
    conference = _conference_with_talks(talks)
    url = URL.format(slug=conference.slug, name=name)
    with django_assert_num_queries(COLD_QUERIES[name]):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(0):  # stored: the version counters are in the cache
        assert client.get(url).status_code == 200


def test_export_sends_cors_etag_and_answers_304(client):
    conference = _conference_with_talks(2)
    url = URL.format(slug=conference.slug, name="schedule.json")
    response = client.get(url)
    assert response["Access-Control-Allow-Origin"] == "*"
    etag = response["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200


def test_new_release_changes_the_etag(client):
    conference = _conference_with_talks(2)
    url = URL.format(slug=conference.slug, name="schedule.xml")
    etag = client.get(url)["ETag"]
    schedule_release(conference=conference, version="1.1")
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_exports_404_without_release_unpublished_or_unknown(client):
    unreleased = ConferenceFactory()
    assert client.get(URL.format(slug=unreleased.slug, name="schedule.xml")).status_code == 404
    assert client.get(URL.format(slug=unreleased.slug, name="talks.csv")).status_code == 200
    hidden = _conference_with_talks(1)
    hidden.published = False
    hidden.save()
    assert client.get(URL.format(slug=hidden.slug, name="schedule.xml")).status_code == 404
    assert client.get(URL.format(slug="nope", name="schedule.xml")).status_code == 404
    assert client.get(URL.format(slug=unreleased.slug, name="x.pdf")).status_code == 404


def test_exports_refuse_writes_and_answer_cors_preflight(client):
    conference = _conference_with_talks(1)
    url = URL.format(slug=conference.slug, name="schedule.xml")
    assert client.post(url).status_code == 405
    preflight = client.options(url)
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_talks_csv_lists_public_talks_without_private_data(client):
    conference = ConferenceFactory()
    speaker = SpeakerFactory(name="Pat Private", email="pat@example.org")
    talk = TalkFactory(conference=conference, title="=HYPERLINK(1)", speakers=[speaker])
    TalkFactory(conference=conference, title="Secret draft", state="draft")
    FollowUpFactory(talk=talk, email="attendee@example.net")
    content = client.get(URL.format(slug=conference.slug, name="talks.csv")).content
    rows = _rows(content)
    assert [(r["title"], r["speakers"], r["guid"]) for r in rows] == [
        ("'=HYPERLINK(1)", "Pat Private", str(talk.uuid))
    ]
    assert b"@example" not in content


def test_schedule_csv_lists_breaks_and_local_times(client):
    call_command("loaddemo", verbosity=0)
    rows = _rows(client.get(URL.format(slug="pytennessee-2015", name="schedule.csv")).content)
    lunch = [r for r in rows if r["title"] == "The Glorious Food"]
    assert [(r["day"], r["start"], r["room"], r["kind"]) for r in lunch] == [
        ("2015-02-07", "2015-02-07T12:00:00-06:00", "All rooms", "break"),
        ("2015-02-08", "2015-02-08T12:00:00-06:00", "All rooms", "break"),
    ]
    keynote = next(r for r in rows if r["kind"] == "keynote")
    assert (keynote["room"], keynote["duration"], keynote["speakers"]) == (
        "Main Hall",
        "01:00",
        "Kyle Kelley",
    )


def test_export_links_answer_200(client):
    from talks.interchange.exports.links import export_links

    released = _conference_with_talks(1)
    links = export_links(conference=released, released=True)
    assert [link.name for link in links] == list(EXPORTS)
    for link in links:
        assert client.get(link.url).status_code == 200
    unreleased = ConferenceFactory()
    assert [link.name for link in export_links(conference=unreleased, released=False)] == [
        "talks.csv"
    ]

import pytest
from django.db import connection
from django.urls import reverse

from talks.models import Talk
from talks.search import highlight, search
from tests.conftest import ON_POSTGRES
from tests.factories import ConferenceFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    kyle = SpeakerFactory(name="Kyle Kelley", affiliation="Rackspace")
    conference = ConferenceFactory(name="PyTennessee 2015", tagline="Python in Nashville")
    TalkFactory(
        conference=conference,
        title="Building Services with Docker and Python",
        abstract="How a small team used containers to serve notebooks.",
        speakers=[kyle],
    )
    TalkFactory(conference=conference, title="Testing without tears", abstract="Pytest tips.")
    TalkFactory(
        conference=conference, title="Docker draft", state=Talk.State.DRAFT, abstract="secret"
    )
    TalkFactory(conference=ConferenceFactory(published=False), title="Hidden Docker talk")
    return conference


def test_search_finds_talks_speakers_and_conferences(catalogue):
    results = search("docker")
    assert [hit.obj.title for hit in results.talks] == ["Building Services with Docker and Python"]
    assert "<mark>Docker</mark>" in results.talks[0].title
    assert [hit.obj.name for hit in search("kelley").speakers] == ["Kyle Kelley"]
    assert [hit.obj.name for hit in search("nashville").conferences] == ["PyTennessee 2015"]


def test_search_ignores_drafts_and_unpublished_conferences(catalogue):
    titles = [hit.obj.title for hit in search("docker").talks]
    assert "Docker draft" not in titles
    assert "Hidden Docker talk" not in titles


def test_search_page_empty_and_no_result_states_say_what_to_try(client, catalogue):
    empty = client.get(reverse("search"))
    assert "Type a word or two" in empty.text
    none = client.get(reverse("search") + "?q=zebrafish")
    assert "Nothing matches “zebrafish”" in none.text
    assert "Try fewer or more general words" in none.text


def test_search_page_escapes_the_query_and_highlights_matches(client, catalogue):
    response = client.get(reverse("search") + "?q=docker")
    assert "<mark>Docker</mark>" in response.text
    hostile = client.get(reverse("search") + "?q=<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in hostile.text
    assert hostile.status_code == 200


def test_highlight_escapes_html_before_marking():
    assert highlight("<b>Docker</b>", ["docker"]) == "&lt;b&gt;<mark>Docker</mark>&lt;/b&gt;"


@pytest.mark.postgres
def test_postgres_search_ranks_title_matches_first(catalogue):
    TalkFactory(conference=catalogue, title="Containers at scale", abstract="We love docker a lot.")
    titles = [hit.obj.title for hit in search("docker").talks]
    assert titles == ["Building Services with Docker and Python", "Containers at scale"]
    # Stemming: "containers" finds "container".
    assert search("container").talks


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("model_name", "vector_name", "index"),
    [
        ("Talk", "talk_search_vector", "talk_search_vector_gin"),
        ("Speaker", "speaker_search_vector", "speaker_search_vector_gin"),
    ],
)
def test_postgres_search_uses_the_gin_indexes(catalogue, model_name, vector_name, index):
    from django.contrib.postgres.search import SearchQuery

    from talks import models, search

    vector = getattr(search, vector_name)()
    query = (
        getattr(models, model_name)
        .objects.annotate(search=vector)
        .filter(search=SearchQuery("docker", search_type="websearch", config="english"))
    )
    # Tables are tiny here: rule out the scans a planner would rightly prefer, leaving the
    # bitmap scans a GIN index serves (an index scan without a condition would also do).
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        plan = query.explain()
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert index in plan


def test_sqlite_fallback_matches_every_word(catalogue):
    if ON_POSTGRES:
        pytest.skip("the fallback is for databases without full-text search")
    assert [h.obj.title for h in search("docker python").talks] == [
        "Building Services with Docker and Python"
    ]
    assert search("docker pytest").talks == []


def test_snippets_are_plain_prose_not_markdown(catalogue):
    TalkFactory(
        conference=catalogue,
        title="Notebooks",
        abstract="We used **Jupyter** with [tmpnb](https://example.org/tmpnb) daily.",
    )
    [hit] = search("jupyter").talks
    assert "**" not in hit.snippet
    assert "](" not in hit.snippet
    assert "<mark>Jupyter</mark>" in hit.snippet

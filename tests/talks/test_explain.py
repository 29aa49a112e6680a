"""The pages' queries use indexes on FOSDEM-sized tables (PostgreSQL's planner decides).

The large demo (1,000 talks, 60 rooms, 1,200 speakers) is loaded next to the story
conference; after ANALYZE every query of every public page is EXPLAINed, and no plan
may read a large table sequentially to keep a small part of it (bench/explain.py says
exactly what is flagged). Pages of the small conference are the sharp test: their
queries pick a few rows out of thousands.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.explain import selective_seq_scans, table_sizes
from talks.demo import load_generated, load_story

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

STORY = "/conferences/pytennessee-2015"
LARGE = "/conferences/gen-large-000"
PAGES = [
    "/",
    f"{STORY}/",
    f"{STORY}/talks/building-services-with-docker-and-python/",
    "/speakers/kyle-kelley/",
    "/speakers/gen-large-speaker-00000/",  # has talks (the seed is fixed)
    "/tags/tennessee/",
    "/tags/python/",
    f"{LARGE}/",
    f"{LARGE}/talks/talk-00500/",
]


@pytest.fixture(scope="module")
def large_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_story()
        load_generated(size="large")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    yield
    with django_db_blocker.unblock():
        # Committed outside the tests' transactions: leave the database as found.
        from conference.models import Conference, Series, Venue
        from talks.models import Speaker, Tag

        Conference.objects.all().delete()
        for model in (Series, Venue, Speaker, Tag):
            model.objects.all().delete()


def test_public_pages_use_indexes_on_the_large_demo(large_demo, client):
    flagged = []
    with connection.cursor() as cursor:
        sizes = table_sizes(cursor)
    assert sizes["talks_talk"] >= 1000, sizes
    for url in PAGES:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        sqls = [q["sql"] for q in queries.captured_queries]
        with connection.cursor() as cursor:
            for sql in sqls:
                flagged += [(url, scan) for scan in selective_seq_scans(cursor, sql, sizes)]
    assert flagged == []


def test_the_check_flags_a_filter_without_an_index(large_demo):
    # The check itself can fail: talk titles are not indexed, so this reads every talk.
    from talks.models import Talk

    sql, params = Talk.objects.filter(title="Python and data, part 7").query.sql_with_params()
    with connection.cursor() as cursor:
        sizes = table_sizes(cursor)
        scans = selective_seq_scans(cursor, connection.ops.compose_sql(sql, params), sizes)
    assert [scan.table for scan in scans] == ["talks_talk"]


def test_a_page_of_the_speaker_catalogue_reads_the_name_index(large_demo):
    from talks.models import Speaker

    plan = Speaker.objects.order_by("name")[:50].explain()
    assert "speaker_name_idx" in plan, plan

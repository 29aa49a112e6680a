"""Prints how long a generated 1,000-event frab file takes; asserts what it imported."""

import re
import time

import pytest

from bench.import_bench import frab_xml_with_events
from talks.interchange.imports import parse_schedule_xml, schedule_import
from talks.models import Slot, Speaker, Talk

pytestmark = pytest.mark.django_db


def test_a_thousand_event_schedule_imports_with_bulk_writes(capsys):
    data = frab_xml_with_events(1000)
    started = time.perf_counter()
    report = schedule_import(parsed=parse_schedule_xml(data), conference_slug="bench-frab")
    first = time.perf_counter() - started
    assert Talk.objects.filter(conference__slug="bench-frab").count() == 1000
    assert Slot.objects.filter(schedule__conference__slug="bench-frab").count() == 2000  # WIP + 1.0
    assert Speaker.objects.count() == len(set(re.findall(rb'<person id="(\d+)"', data)))
    assert report.counts["created"] > 1000
    started = time.perf_counter()
    again = schedule_import(parsed=parse_schedule_xml(data), conference_slug="bench-frab")
    second = time.perf_counter() - started
    assert "created" not in again.counts
    with capsys.disabled():
        print(f"\n1,000-event frab import: {first:.2f}s; re-import: {second:.2f}s")


def _import_queries(events: int, slug: str) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data = frab_xml_with_events(events, seed_guid=slug)
    counts = []
    for _ in range(2):  # first import, then the re-import
        with CaptureQueriesContext(connection) as captured:
            schedule_import(parsed=parse_schedule_xml(data), conference_slug=slug)
        counts.append(len(captured))
    return counts[0], counts[1]


def test_import_queries_do_not_grow_with_events():
    """Bulk writes: 100 and 800 events (same 20 rooms, 8 tracks) cost about the same
    number of queries; only the 500-row chunks of speaker look-ups add one or two."""
    small_first, small_again = _import_queries(100, "small")
    large_first, large_again = _import_queries(800, "large")
    assert 0 <= large_first - small_first <= 3
    assert 0 <= large_again - small_again <= 3
    assert large_first < 100

"""Prints how long a generated 1,000-event frab file takes; asserts what it imported."""

import re
import time

import pytest

from bench.import_bench import frab_xml_with_events
from talks.imports import parse_schedule_xml, schedule_import
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

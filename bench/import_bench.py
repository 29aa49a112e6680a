"""Time the importers: a generated 1,000-event frab schedule.xml (import, then the
idempotent re-import) and, with --catalogue N, a generated pyvideo tree of N talks.

    DATABASE_URL=postgres://… .venv/bin/python bench/import_bench.py [--events 1000]
                                                                   [--catalogue 20000]

Prints timings only; it asserts nothing about speed. Uses (and replaces) conferences
with slugs starting "bench-" in the database DATABASE_URL names (migrated first).
"""

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOMS = 20
SPEAKERS = 1200


def frab_xml_with_events(count: int, *, seed_guid: str = "bench") -> bytes:
    """A frab schedule.xml with `count` events over two days in ROOMS rooms."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://hallway.invalid/{seed_guid}")
    per_room_day = -(-count // (ROOMS * 2))
    days = []
    n = 0
    for day_index, date in enumerate([dt.date(2026, 2, 1), dt.date(2026, 2, 2)], start=1):
        rooms = []
        for room in range(ROOMS):
            events = []
            for slot in range(per_room_day):
                if n >= count:
                    break
                start = dt.datetime.combine(date, dt.time(9, 0)) + dt.timedelta(minutes=35 * slot)
                persons = "".join(
                    f'<person id="{(n * 7 + k) % SPEAKERS + 1}">Bench Person '
                    f"{(n * 7 + k) % SPEAKERS + 1:04d}</person>"
                    for k in range(1 + n % 2)
                )
                events.append(
                    f'<event id="{n + 1}" guid="{uuid.uuid5(namespace, str(n))}">'
                    f"<date>{start.isoformat()}+01:00</date><start>{start:%H:%M}</start>"
                    f"<duration>00:30</duration><room>Room {room:02d}</room>"
                    f"<title>{escape(f'Bench talk {n}')}</title><subtitle/>"
                    f"<track>Track {n % 8}</track><type>talk</type><language>en</language>"
                    f"<abstract>Generated abstract {n}.</abstract><description/>"
                    f"<persons>{persons}</persons>"
                    f'<links><link href="https://example.org/slides/{n}">Slides</link></links>'
                    "</event>"
                )
                n += 1
            rooms.append(f"<room name={quoteattr(f'Room {room:02d}')}>{''.join(events)}</room>")
        days.append(
            f'<day index="{day_index}" date="{date}" start="{date}T04:00:00+01:00" '
            f'end="{date + dt.timedelta(days=1)}T04:00:00+01:00">{"".join(rooms)}</day>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><schedule><version>1.0</version><conference>'
        "<title>Bench conference</title><acronym>bench</acronym>"
        "<base_url>https://bench.example.org/</base_url>"
        "<time_zone_name>Europe/Brussels</time_zone_name></conference>"
        f"{''.join(days)}</schedule>"
    ).encode()


def pyvideo_tree(root: Path, talks: int, per_event: int = 40) -> None:
    for event in range(-(-talks // per_event)):
        folder = root / f"bench-pyvideo-{event:04d}"
        (folder / "videos").mkdir(parents=True)
        (folder / "category.json").write_text(json.dumps({"title": f"Bench event {event}"}))
        for n in range(min(per_event, talks - event * per_event)):
            record = {
                "title": f"Catalogue talk {event}-{n}",
                "speakers": [f"Catalogue Person {(event * 13 + n) % 10000:05d}"],
                "recorded": "2019-05-04",
                "duration": 1800,
                "language": "eng",
                "tags": ["python", f"topic{n % 20}"],
                "videos": [{"type": "youtube", "url": f"https://youtu.be/bench{event}x{n}"}],
            }
            (folder / "videos" / f"talk-{n:03d}.json").write_text(json.dumps(record))


def time_frab(events: int) -> tuple[float, float]:
    from conference.models import Conference
    from talks.interchange.imports import parse_schedule_xml, schedule_import

    Conference.objects.filter(slug="bench-frab").delete()
    data = frab_xml_with_events(events)
    started = time.perf_counter()
    schedule_import(parsed=parse_schedule_xml(data), conference_slug="bench-frab")
    first = time.perf_counter() - started
    started = time.perf_counter()
    schedule_import(parsed=parse_schedule_xml(data), conference_slug="bench-frab")
    return first, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--catalogue", type=int, default=0, help="pyvideo talks (e.g. 20000)")
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    import django

    django.setup()
    from django.db import connection

    first, again = time_frab(options.events)
    print(
        f"frab schedule.xml, {options.events} events on {connection.vendor}: "
        f"import {first:.2f}s, re-import {again:.2f}s"
    )
    if options.catalogue:
        from django.core.management import call_command

        from conference.models import Conference

        Conference.objects.filter(slug__startswith="bench-pyvideo-").delete()
        with tempfile.TemporaryDirectory() as folder:
            pyvideo_tree(Path(folder), options.catalogue)
            started = time.perf_counter()
            call_command("import_pyvideo", folder, "--quiet-report", stdout=io.StringIO())
            elapsed = time.perf_counter() - started
        print(f"pyvideo catalogue, {options.catalogue} talks: import {elapsed:.1f}s")


if __name__ == "__main__":
    main()

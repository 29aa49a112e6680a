"""The URLs `make bench` measures, built from the loaded data.

Each row is a name and candidate paths, tried in order: the first that answers 200 is
measured; a row whose candidates all fail is skipped with a note (a URL that moved shows
up there rather than silently dropping out of the report).
"""

from dataclasses import dataclass
from typing import Any

LARGE_CONFERENCE = "gen-large-000"


@dataclass(frozen=True)
class BenchUrl:
    name: str
    candidates: tuple[str, ...]
    # Measured against the minimal view: the throughput target applies.
    target: bool = False
    # Paths wrk rotates over (the first is candidates[0]), so that the figure is not
    # one hot cache entry's.
    rotation: tuple[str, ...] = ()


ROTATING_TALKS = 200


def _talks(conference: Any) -> list[Any]:
    from talks.models import Talk

    talks = list(
        Talk.objects.filter(conference=conference)
        .select_related("conference")
        .order_by("slug")[:ROTATING_TALKS]
    )
    if not talks:
        raise SystemExit("The large demo has no talks: run loaddemo --size large.")
    return talks


def bench_urls() -> list[BenchUrl]:
    """Rows for the large generated conference (loaddemo --size large)."""
    from conference.models import Conference
    from talks.models import TalkSpeaker

    conference = Conference.objects.get(slug=LARGE_CONFERENCE)
    talks = _talks(conference)
    talk = talks[0]
    rotation = tuple(t.get_absolute_url() for t in talks)
    speaker_slug = (
        TalkSpeaker.objects.filter(talk=talk).values_list("speaker__slug", flat=True).first()
    )
    tag_slug = talk.tags.values_list("slug", flat=True).first() or "python"
    conf = f"/conferences/{conference.slug}"
    day = conference.start_date.isoformat()
    return [
        BenchUrl("minimal view (/healthz)", ("/healthz",)),
        BenchUrl("home", ("/",)),
        BenchUrl("conference home", (f"{conf}/",)),
        BenchUrl(
            "schedule day grid (60 rooms)",
            (f"{conf}/schedule/day/{day}/",),
            target=True,
        ),
        BenchUrl("schedule list", (f"{conf}/schedule/list/",)),
        BenchUrl("talk page", (f"{conf}/talks/{talk.slug}/",), target=True),
        BenchUrl(
            f"talk pages, {len(rotation)} rotating",
            (rotation[0],),
            target=True,
            rotation=rotation,
        ),
        BenchUrl("speaker page", (f"/speakers/{speaker_slug}/",)),
        BenchUrl("tag page", (f"/tags/{tag_slug}/",)),
        BenchUrl("speaker catalogue", (f"{conf}/speakers/",)),
        BenchUrl("search", ("/search/?q=python+data",)),
        BenchUrl("conference catalogue", ("/conferences/",)),
        BenchUrl("schedule changes", (f"{conf}/schedule/changes/",)),
        BenchUrl("sitemap", ("/sitemap.xml",)),
        BenchUrl("now & next", (f"{conf}/now/",)),
        BenchUrl(
            "API talk list (page of 50)",
            (f"/api/v1/conferences/{conference.slug}/talks/?page_size=50",),
        ),
        BenchUrl(
            "API speakers list (page of 50)",
            (f"/api/v1/conferences/{conference.slug}/speakers/?page_size=50",),
        ),
        BenchUrl(
            "API whole schedule, expanded",
            (f"/api/v1/conferences/{conference.slug}/schedule/?expand=talk,speakers,room",),
            target=True,
        ),
        BenchUrl("frab XML", (f"{conf}/schedule/export/schedule.xml",), target=True),
        BenchUrl("frab JSON", (f"{conf}/schedule/export/schedule.json",), target=True),
        BenchUrl(
            "whole-conference iCal",
            (f"{conf}/schedule.ics",),
        ),
    ]

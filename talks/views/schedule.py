"""The schedule pages: the day grid, the filterable list, and now & next."""

import datetime as dt
import zoneinfo
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from conference.colours import DARK_PAGE, marker_colour
from conference.infrastructure.page_cache import cached_page
from conference.models import Conference
from conference.selectors import conference_detail_parts
from talks.models import Slot
from talks.page_scopes import conference_pages
from talks.selectors import room_list_for_schedule, slot_list_for_schedule, slot_list_not_over
from talks.views.common import (
    COMMON_TIMEZONES,
    VIEWER_PARAMS,
    conference_day_or_404,
    conference_for_viewer,
    viewer_timezone,
)
from talks.views.filters import DayGridFilter, SlotFilter
from talks.views.schedule_grid import day_grid

# How many room columns a laptop shows at once (72rem of page, 9rem a room): the scroll
# cue counts the rest until the script measures the real width.
GRID_ROOMS_IN_VIEW = 7
# Real zones lie between UTC-12 and UTC+14; PostgreSQL refuses offsets beyond ±15:59.
MAX_UTC_OFFSET = dt.timedelta(hours=14)
BAD_MOMENT = "at must be a date and time such as 2015-02-07T10:00."


def _moment(request: HttpRequest, conference: Conference) -> dt.datetime | None:
    """Now, or the moment ?at= names (venue time unless it carries an offset), for
    checking a hallway screen or the grid's now line before the day; None if unreadable."""
    at = request.GET.get("at")
    if not at:
        return timezone.now()
    try:
        parsed = dt.datetime.fromisoformat(at)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=conference.tzinfo)
        offset = parsed.utcoffset()
        if offset is None or abs(offset) > MAX_UTC_OFFSET:
            return None
        return parsed.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return None


def _tz_context(conference: Conference, tz: zoneinfo.ZoneInfo) -> dict[str, object]:
    """The zone switch's choices: common zones, and the venue's first."""
    zones = (
        COMMON_TIMEZONES
        if conference.timezone in COMMON_TIMEZONES
        else [conference.timezone, *COMMON_TIMEZONES]
    )
    return {"display_tz": tz, "timezones": zones, "is_local_tz": str(tz) == conference.timezone}


def _chosen_day(conference: Conference, day: str | None, now: dt.datetime) -> dt.date:
    if day is None:
        today = conference.day_of(now)
        return today if today in conference.days else conference.start_date
    return conference_day_or_404(conference, day)


# The now line moves: a cached grid is redrawn at least once a minute (clock).
@cached_page(conference_pages, params=[*VIEWER_PARAMS, "at", *DayGridFilter.base_filters], clock=60)
def schedule_day(request: HttpRequest, slug: str, day: str | None = None) -> HttpResponse:
    view = conference_for_viewer(request, slug)
    conference = view.conference
    now = _moment(request, conference)
    if now is None:
        return HttpResponse(BAD_MOMENT, status=400)
    chosen = _chosen_day(conference, day, now)
    start, end = conference.day_bounds(chosen)
    filterset = DayGridFilter(
        request.GET or None,
        queryset=slot_list_for_schedule(
            schedule=view.schedule, start=start, end=end, preview=view.preview
        ),
        conference=conference,
        preview=view.preview,
    )
    valid = not filterset.is_bound or filterset.is_valid()
    slots = list(filterset.qs) if valid else []
    parts = conference_detail_parts(conference=conference)
    tz = viewer_timezone(request, conference)
    grid = day_grid(
        slots=slots,
        rooms=room_list_for_schedule(conference=conference, schedule=view.schedule),
        now=now,
    )
    context = {
        "conference": conference,
        "preview": view.preview,
        "schedule": view.schedule,
        "day": chosen,
        "days": conference.days,
        "grid": grid,
        "filter": filterset,
        "filtered": any(request.GET.get(name) for name in ("room", "track", "tag")),
        # Clearing the filters keeps the zone and the moment the page is shown for.
        "show_all_url": "?"
        + urlencode({k: v for k, v in request.GET.items() if k in ("tz", "at")}),
        "hidden_rooms": max(0, len(grid.rooms) - GRID_ROOMS_IN_VIEW),
        "tracks": parts["tracks"],
        **_tz_context(conference, tz),
    }
    with timezone.override(tz):
        return render(request, "talks/schedule_day.html", context, status=200 if valid else 400)


@cached_page(conference_pages, params=[*VIEWER_PARAMS, *SlotFilter.base_filters])
def schedule_list(request: HttpRequest, slug: str) -> HttpResponse:
    view = conference_for_viewer(request, slug)
    conference = view.conference
    filterset = SlotFilter(
        request.GET or None,
        queryset=slot_list_for_schedule(schedule=view.schedule, preview=view.preview),
        conference=conference,
        preview=view.preview,
    )
    valid = not filterset.is_bound or filterset.is_valid()
    slots = list(filterset.qs) if valid else []
    days: dict[dt.date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(conference.day_of(slot.start), []).append(slot)
    tz = viewer_timezone(request, conference)
    context = {
        "conference": conference,
        "preview": view.preview,
        "schedule": view.schedule,
        "filter": filterset,
        "days": sorted(days.items()),
        "count": len(slots),
        **_tz_context(conference, tz),
    }
    with timezone.override(tz):
        return render(request, "talks/schedule_list.html", context, status=200 if valid else 400)


# ?at= shows another moment; ?screen=1 is the hallway screen (reloads itself).
@cached_page(conference_pages, params=[*VIEWER_PARAMS, "at", "screen"], clock=20)
def now_and_next(request: HttpRequest, slug: str) -> HttpResponse:
    """What is on in each room now and what comes next; ?at=2015-02-07T10:00 (venue time)
    shows another moment, for checking a hallway screen before the day."""
    view = conference_for_viewer(request, slug)
    conference = view.conference
    now = _moment(request, conference)
    if now is None:
        return HttpResponse(BAD_MOMENT, status=400)
    first, _ = conference.day_bounds(conference.start_date)
    _, last = conference.day_bounds(conference.end_date)
    slots = slot_list_not_over(schedule=view.schedule, now=now, preview=view.preview)
    rows = []
    _, day_end = conference.day_bounds(conference.day_of(now))
    for room in room_list_for_schedule(conference=conference, schedule=view.schedule):
        # A room with nothing on now and nothing more today takes no row.
        here = [s for s in slots if s.room_id in (room.pk, None)]
        current = next((s for s in here if s.start <= now < s.end), None)
        upcoming = next((s for s in here if now <= s.start < day_end), None)
        if current or upcoming:
            rows.append({"room": room, "current": current, "next": upcoming})
    state = "before" if now < first else "after" if now >= last else "during"
    tz = viewer_timezone(request, conference)
    context = {
        "conference": conference,
        "preview": view.preview,
        "schedule": view.schedule,
        "now": now,
        "state": state,
        "rows": rows,
        **_tz_context(conference, tz),
    }
    with timezone.override(tz):
        return render(request, "talks/now_next.html", context)


@require_GET
@cache_control(max_age=300, public=True)
def tracks_css(request: HttpRequest, slug: str) -> HttpResponse:
    """Track colours as a stylesheet, because the CSP forbids style attributes; each one
    darkened (or, in dark mode, lightened) where needed so its marker stands out 3:1."""
    view = conference_for_viewer(request, slug)
    tracks = conference_detail_parts(conference=view.conference)["tracks"]
    light = [f".track-{t.slug}{{--track:{marker_colour(t.colour)}}}" for t in tracks]
    dark = [f".track-{t.slug}{{--track:{marker_colour(t.colour, page=DARK_PAGE)}}}" for t in tracks]
    css = "\n".join([*light, "@media (prefers-color-scheme: dark) {", *dark, "}"])
    return HttpResponse(css + "\n", content_type="text/css; charset=utf-8")

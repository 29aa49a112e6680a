"""The schedule editor: organizers build the work in progress on a rooms × time grid.

The page and its board (the grid, the talks still to place, the conflicts) are rendered
here; the editor's script (static/js/schedule-editor.js) writes through the API's slot
endpoints (If-Match on every change) and polls the board, which answers 304 while
nothing changed. Releasing is a form here, calling the same service as the API and
the admin. Leads and organizers edit; volunteers see the board read-only.
"""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from conference.models import Conference
from conference.selectors import conference_detail_parts, conference_get_any
from talks.api.conditional import slot_etags
from talks.forms import ReleaseForm
from talks.models import Schedule, Talk
from talks.scheduling import Conflict, Window, schedule_conflicts, talk_windows
from talks.selectors import schedule_latest_release, slot_list_for_schedule
from talks.selectors.editor import (
    schedule_editor_version,
    speaker_windows,
    talk_list_unscheduled,
)
from talks.services import schedule_changelog, schedule_get_work_in_progress
from talks.views.changes import changes_for_display
from talks.views.common import conference_day_or_404
from talks.views.editor_filters import UnscheduledTalkFilter
from talks.views.schedule_grid import ROW_MINUTES
from talks.views.schedule_grid_editor import editor_grid, editor_row_count, editor_window

DEFAULT_MINUTES = 30  # a talk without a planned length is placed for this long


def _conference_for_editor(request: HttpRequest, slug: str) -> Conference:
    conference = conference_get_any(slug=slug)
    if not request.user.has_perm("talks.view_schedule_wip", conference):
        raise PermissionDenied("Only this conference's organizers see its schedule editor.")
    return conference


def _chosen_day(request: HttpRequest, conference: Conference) -> dt.date:
    raw = request.GET.get("day")
    return conference_day_or_404(conference, raw) if raw else conference.start_date


def _minutes(duration: dt.timedelta | None) -> int:
    return int(duration.total_seconds() // 60) if duration else DEFAULT_MINUTES


def _available(talk: Talk | None, windows: dict[int, list[Window]]) -> str | None:
    """The talk's data-available: "start/end" stretches (ISO, space-separated) where all
    its speakers said they can be; None when none of them said (the script shades nothing)."""
    if talk is None:
        return None
    stretches = talk_windows([ts.speaker_id for ts in talk.speakers_in_order()], windows)
    if stretches is None:
        return None
    return " ".join(f"{start.isoformat()}/{end.isoformat()}" for start, end in stretches)


def _board(request: HttpRequest, conference: Conference, schedule: Schedule) -> dict[str, Any]:
    """What the board shows for one day: grid, talks to place, conflicts."""
    day = _chosen_day(request, conference)
    bounds = conference.day_bounds(day)
    slots = list(
        slot_list_for_schedule(schedule=schedule, start=bounds[0], end=bounds[1], preview=True)
    )
    for slot in slots:
        slot.schedule = schedule  # one object for all: the ETags read its conference
    origin, until = editor_window(slots=slots, day=day, bounds=bounds, tz=conference.tzinfo)
    # Every room, used or not: the editor is where talks go into empty rooms.
    rooms = list(conference_detail_parts(conference=conference)["rooms"])
    conflicts = schedule_conflicts(schedule=schedule, slots=slots, among=slots)
    by_slot: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        for slot_id in conflict.slot_ids:
            by_slot[slot_id].append(conflict)
    etags = slot_etags(slots)
    grid = editor_grid(slots=slots, rooms=rooms, origin=origin, until=until)
    windows = speaker_windows(conference_id=conference.pk)
    cards = [
        {
            "cell": cell,
            "etag": etags[cell.slot.pk],
            "conflicts": by_slot.get(cell.slot.pk, []),
            "available": _available(cell.slot.talk, windows),
        }
        for cell in grid.cells
    ]
    talks = UnscheduledTalkFilter(
        request.GET or None,
        queryset=talk_list_unscheduled(schedule=schedule),
        conference=conference,
    )
    unscheduled = [
        {"talk": talk, "minutes": _minutes(talk.duration), "available": _available(talk, windows)}
        for talk in (talks.qs if not talks.is_bound or talks.is_valid() else [])
    ]
    return {
        "day": day,
        "days": conference.days,
        "grid": grid,
        "cards": cards,
        "rows": editor_row_count(origin=origin, until=until),
        "origin": origin,
        "row_minutes": ROW_MINUTES,
        "default_minutes": DEFAULT_MINUTES,
        "conflicts": conflicts,
        "talk_filter": talks,
        "unscheduled": unscheduled,
    }


def _editor_context(request: HttpRequest, conference: Conference) -> dict[str, Any]:
    schedule = schedule_get_work_in_progress(conference=conference)
    return {
        "conference": conference,
        "schedule": schedule,
        "may_edit": request.user.has_perm("talks.change_slot", conference),
        "may_release": request.user.has_perm("talks.release_schedule", conference),
        **_board(request, conference, schedule),
    }


@login_required
def schedule_editor(request: HttpRequest, slug: str) -> HttpResponse:
    """The editor page for one day (?day=), with the side list's filters (?track= …)."""
    conference = _conference_for_editor(request, slug)
    context = _editor_context(request, conference)
    with timezone.override(conference.tzinfo):
        return render(request, "talks/editor/editor.html", context)


@login_required
def schedule_editor_board(request: HttpRequest, slug: str) -> HttpResponse:
    """The board alone, for the script's polling: 304 while the schedule is unchanged."""
    conference = _conference_for_editor(request, slug)
    schedule = schedule_get_work_in_progress(conference=conference)
    may_edit = request.user.has_perm("talks.change_slot", conference)
    version = schedule_editor_version(schedule=schedule)
    etag = f'"{version}-{int(may_edit)}-{abs(hash(request.GET.urlencode())) % 10**8}"'
    sent = request.headers.get("If-None-Match", "")
    if etag in [tag.strip().removeprefix("W/") for tag in sent.split(",")]:
        response = HttpResponse(status=304)
    else:
        context = {"conference": conference, "schedule": schedule, "may_edit": may_edit}
        context.update(_board(request, conference, schedule))
        with timezone.override(conference.tzinfo):
            response = render(request, "talks/editor/_board.html", context)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _next_version(previous: Schedule | None) -> str:
    """A suggestion for the release's name: 1.0 first, then the minor number plus one."""
    if previous is None:
        return "1.0"
    major, _, minor = previous.version.partition(".")
    if major.isdigit() and minor.isdigit():
        return f"{major}.{int(minor) + 1}"
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def schedule_editor_release(request: HttpRequest, slug: str) -> HttpResponse:
    """What a release would change, the conflicts left, and the release form."""
    conference = _conference_for_editor(request, slug)
    if not request.user.has_perm("talks.release_schedule", conference):
        raise PermissionDenied("Only this conference's leads and organizers release.")
    wip = schedule_get_work_in_progress(conference=conference)
    previous = schedule_latest_release(conference=conference)
    data = request.POST if request.method == "POST" else None  # an empty POST is refused
    form = ReleaseForm(data, initial={"version": _next_version(previous)})
    if request.method == "POST" and form.is_valid():
        release = form.release(conference=conference, user=request.user)
        if release is not None:
            messages.success(request, f"Released version {release.version}.")
            return redirect(reverse("conference:schedule_edit", kwargs={"slug": conference.slug}))
    changes = changes_for_display(
        schedule_changelog(previous=previous, current=wip), conference.tzinfo
    )
    context = {
        "conference": conference,
        "previous": previous,
        "changes": changes,
        "conflicts": schedule_conflicts(schedule=wip),
        "form": form,
    }
    with timezone.override(conference.tzinfo):
        return render(
            request, "talks/editor/release.html", context, status=400 if form.errors else 200
        )

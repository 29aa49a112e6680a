"""What every website view needs: who may see a conference, and in which time zone."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import cache

from django.http import Http404, HttpRequest

from conference.models import Conference
from conference.selectors import conference_get_any
from talks.models import Schedule
from talks.selectors import schedule_latest_release
from talks.selectors.visibility import release_public

TZ_SESSION_KEY = "viewer_timezone"
# The query parameters conference_for_viewer and viewer_timezone read (for cached_page).
VIEWER_PARAMS = ("preview", "tz")


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@dataclass(frozen=True)
class ConferenceView:
    """A conference as one viewer sees it.

    preview: an organizer is looking at what the public cannot see yet (an unpublished
    conference or the work-in-progress schedule), and the page says so.
    """

    conference: Conference
    preview: bool
    schedule: Schedule | None


def conference_for_viewer(request: HttpRequest, slug: str) -> ConferenceView:
    """The conference for this request, or 404 when the viewer may not see it.

    The public sees published conferences and their latest released schedule. The
    conference's organizers also see it unpublished, and with ?preview=1 the work in
    progress.
    """
    conference = conference_get_any(slug=slug)
    may_preview = request.user.has_perm("conference.view_conference", conference)
    if not conference.published and not may_preview:
        raise Http404("No such conference.")
    wants_wip = may_preview and (not conference.published or request.GET.get("preview") == "1")
    if wants_wip:
        schedule = conference.schedules.work_in_progress().first()
        schedule = schedule or schedule_latest_release(conference=conference)
    else:
        schedule = release_public(conference=conference)
    return ConferenceView(conference=conference, preview=wants_wip, schedule=schedule)


def conference_day_or_404(conference: Conference, raw: str) -> dt.date:
    """One of the conference's days from ?day=YYYY-MM-DD; anything else is a 404."""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise Http404("Give the day as YYYY-MM-DD.") from None
    if day not in conference.days:
        raise Http404("That is not a day of this conference.")
    return day


def viewer_timezone(request: HttpRequest, conference: Conference) -> zoneinfo.ZoneInfo:
    """The zone to show times in: ?tz=Zone (remembered in the session) or the venue's.

    ?tz= with an empty value or "local" goes back to the conference's zone. An unknown
    zone is ignored rather than failing the page.
    """
    requested = request.GET.get("tz")
    if requested is not None:
        if requested in ("", "local", conference.timezone):
            request.session.pop(TZ_SESSION_KEY, None)
        elif requested in _known_zones():
            request.session[TZ_SESSION_KEY] = requested
    remembered = request.session.get(TZ_SESSION_KEY) if hasattr(request, "session") else None
    return zoneinfo.ZoneInfo(remembered) if remembered else conference.tzinfo


COMMON_TIMEZONES = [
    "UTC",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Helsinki",
    "Africa/Lagos",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
]

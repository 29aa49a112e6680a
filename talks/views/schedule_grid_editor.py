"""The schedule editor's grid: every room, and the day's working hours whether used or not.

The public grid (schedule_grid.day_grid) shows only the rooms and hours that hold slots;
the editor needs empty rooms and hours too, to drop talks on. Same rows, columns and CSS
classes (gr-N, gre-N, gc-N), so the editor's script places a card with the same classes.
"""

import datetime as dt

from conference.models import Room
from talks.models import Slot
from talks.views.schedule_grid import ROW_MINUTES, DayGrid, place_slots

WORKDAY = (dt.time(8, 0), dt.time(20, 0))  # shown even when empty, in the venue's zone


def _floor(moment: dt.datetime, minutes: int) -> dt.datetime:
    moment = moment.astimezone(dt.UTC)
    return moment.replace(minute=moment.minute - moment.minute % minutes, second=0, microsecond=0)


def editor_window(
    *, slots: list[Slot], day: dt.date, bounds: tuple[dt.datetime, dt.datetime], tz: dt.tzinfo
) -> tuple[dt.datetime, dt.datetime]:
    """From 08:00 to 20:00 local, widened to the day's slots, within the conference day."""
    first = dt.datetime.combine(day, WORKDAY[0], tzinfo=tz).astimezone(dt.UTC)
    last = dt.datetime.combine(day, WORKDAY[1], tzinfo=tz).astimezone(dt.UTC)
    if slots:
        first = min(first, min(s.start for s in slots))
        last = max(last, max(s.end for s in slots))
    return max(_floor(first, 30), bounds[0]), min(last, bounds[1])


def editor_grid(
    *, slots: list[Slot], rooms: list[Room], origin: dt.datetime, until: dt.datetime
) -> DayGrid:
    """Every room as a column, five-minute rows from ``origin`` to ``until`` (UTC)."""
    grid = DayGrid(rooms=list(rooms))
    place_slots(grid, slots, origin=origin, until=until)
    return grid


def editor_row_count(*, origin: dt.datetime, until: dt.datetime) -> int:
    """Rows of five minutes from origin to until: the drop area's height."""
    return int((until - origin).total_seconds() // (ROW_MINUTES * 60))

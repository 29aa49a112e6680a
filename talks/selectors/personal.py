"""The personal schedule: what a user is going to, by day, with clashes marked."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from talks.models import Slot, Talk
from talks.selectors import slot_list_released_for_talks
from talks.selectors.visibility import talks_public


@dataclass
class PersonalDay:
    conference_name: str
    day: dt.date
    slots: list[Slot] = field(default_factory=list)
    conference_slug: str = ""
    timezone: str = ""  # the conference's: each day is shown in its venue's time


@dataclass
class PersonalSchedule:
    days: list[PersonalDay]
    clashing_slot_ids: set[int]
    unscheduled: list[Talk]

    @property
    def conference_slugs(self) -> list[str]:
        """The conferences on the page, for their track colours (tracks.css)."""
        return sorted({d.conference_slug for d in self.days})

    @property
    def single_timezone(self) -> str | None:
        """The one zone every day is in, to say once per page; None when they differ."""
        zones = {d.timezone for d in self.days}
        return zones.pop() if len(zones) == 1 else None


def personal_talks(*, user: Any) -> Any:
    """The talks the user bookmarked that the public may still see (talks.selectors.visibility)."""
    return talks_public().filter(bookmarks__user=user)


def find_clashes(slots: list[Slot]) -> set[int]:
    """Ids of slots that overlap another of the given slots in time."""
    clashing: set[int] = set()
    ordered = sorted(slots, key=lambda s: s.start)
    for index, slot in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.start >= slot.end:
                break
            clashing.update({slot.pk, other.pk})
    return clashing


def personal_schedule(*, user: Any) -> PersonalSchedule:
    talks = personal_talks(user=user)
    slots = slot_list_released_for_talks(talks=talks)
    scheduled_ids = {s.talk_id for s in slots}
    unscheduled = [
        t for t in talks.select_related("conference").order_by("title") if t.pk not in scheduled_ids
    ]
    days: dict[tuple[int, dt.date], PersonalDay] = {}
    for slot in slots:
        conference = slot.schedule.conference
        day = conference.day_of(slot.start)
        key = (conference.pk, day)
        if key not in days:
            days[key] = PersonalDay(
                conference_name=conference.name,
                day=day,
                conference_slug=conference.slug,
                timezone=conference.timezone,
            )
        days[key].slots.append(slot)
    ordered = sorted(days.values(), key=lambda d: (d.day, d.conference_name))
    return PersonalSchedule(
        days=ordered, clashing_slot_ids=find_clashes(slots), unscheduled=unscheduled
    )

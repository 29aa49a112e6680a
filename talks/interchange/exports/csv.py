"""CSV of a conference's talks and of its released schedule, for spreadsheets.

Public data only (never e-mails). Cells that a spreadsheet would run as a formula
(starting with = + - @, tab or CR) get a leading apostrophe (OWASP "CSV injection").
"""

import csv
import io
from collections.abc import Iterable

from conference.models import Conference
from talks.interchange.conventions import ALL_ROOMS_NAME
from talks.interchange.exports.frab import hhmm
from talks.models import Slot, Talk

TALK_COLUMNS = [
    "guid",
    "slug",
    "title",
    "kind",
    "state",
    "track",
    "speakers",
    "tags",
    "language",
    "duration",
    "abstract",
]
SCHEDULE_COLUMNS = [
    "day",
    "start",
    "end",
    "duration",
    "room",
    "title",
    "kind",
    "track",
    "speakers",
    "guid",
]
# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as a CSV cell a spreadsheet shows as text: a would-be formula gets a
    leading apostrophe. Every CSV that Hallway writes passes its cells through here."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def unquote_cell(text: str) -> str:
    """The inverse of safe_cell() for a cell read back in (surrounding blanks stripped)."""
    text = text.strip()
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _write(columns: list[str], rows: Iterable[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    # A byte-order mark so spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def _speaker_names(talk: Talk) -> str:
    return "; ".join(ts.speaker.name for ts in talk.speakers_in_order())


def talks_csv(*, talks: Iterable[Talk]) -> bytes:
    return _write(
        TALK_COLUMNS,
        (
            [
                talk.uuid,
                talk.slug,
                talk.title,
                talk.kind,
                talk.state,
                talk.track.name if talk.track else "",
                _speaker_names(talk),
                "; ".join(tag.name for tag in talk.tags.all()),
                talk.language,
                hhmm(talk.duration) if talk.duration else "",
                talk.abstract,
            ]
            for talk in talks
        ),
    )


def schedule_csv(*, conference: Conference, slots: Iterable[Slot]) -> bytes:
    """Every slot of the release, breaks included; times in the conference's time zone."""
    tz = conference.tzinfo

    def row(slot: Slot) -> list[object]:
        talk = slot.talk
        return [
            conference.day_of(slot.start).isoformat(),
            slot.start.astimezone(tz).isoformat(),
            slot.end.astimezone(tz).isoformat(),
            hhmm(slot.end - slot.start),
            slot.room.name if slot.room else ALL_ROOMS_NAME,
            slot.display_title,
            talk.kind if talk else "break",
            talk.track.name if talk and talk.track else "",
            _speaker_names(talk) if talk else "",
            talk.uuid if talk else "",
        ]

    return _write(SCHEDULE_COLUMNS, (row(slot) for slot in slots))

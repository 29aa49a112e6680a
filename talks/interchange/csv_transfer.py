"""CSV import and export of a conference's talks, speakers and slots (the admin's bulk).

An import is all or nothing: every row is applied inside one transaction, each in its
own savepoint so that a refused row (validation or a database constraint) is reported
with its line number; if any row is refused, or for a preview, everything is rolled back.
Rows are applied in order, so later rows see earlier ones (a slot may follow the slot
that made room for it). Each row goes through the service every other writer uses
(speaker_save, talk_save, slot_save), so it is validated alike and announced ("talk.changed"
per talk row) only once the import commits; a preview announces nothing.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conference.models import Conference
from talks.interchange.exports.csv import safe_cell, unquote_cell
from talks.models import Slot, Speaker, Tag, Talk
from talks.rules import attach_refused_message
from talks.services import schedule_get_work_in_progress, slot_save, speaker_save, talk_save

KINDS = ("talks", "speakers", "slots")
MAX_ROWS = 5000
COLUMNS = {
    "speakers": ["slug", "name", "affiliation", "bio", "website", "mastodon", "twitter", "github"],
    "talks": [
        "slug",
        "title",
        "kind",
        "state",
        "track",
        "tags",
        "speakers",
        "duration_minutes",
        "language",
        "abstract",
        "cancellation_note",
    ],
    "slots": ["talk", "title", "room", "start", "end"],
}
# Read on import, never exported: e-mail addresses are private (used for invitations).
IMPORT_ONLY = {"speakers": ["email"], "talks": [], "slots": []}
REQUIRED = {"speakers": {"slug", "name"}, "talks": {"slug", "title"}, "slots": {"start", "end"}}
LOCAL_FORMAT = "%Y-%m-%d %H:%M"


def _write(columns: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()


def export_csv(*, conference: Conference, kind: str) -> str:
    """The conference's talks, speakers or work-in-progress slots as CSV (no e-mails)."""
    tz = conference.tzinfo
    if kind == "speakers":
        speakers = Speaker.objects.filter(talks__conference=conference).distinct()
        return _write(
            COLUMNS[kind],
            (
                [s.slug, s.name, s.affiliation, s.bio, s.website, s.mastodon, s.twitter, s.github]
                for s in speakers.order_by("slug")
            ),
        )
    if kind == "talks":
        talks = (
            conference.talks.select_related("track")
            .prefetch_related("tags", "talk_speakers__speaker")
            .order_by("slug")
        )
        return _write(
            COLUMNS[kind],
            (
                [
                    t.slug,
                    t.title,
                    t.kind,
                    t.state,
                    t.track.slug if t.track else "",
                    ";".join(sorted(tag.slug for tag in t.tags.all())),
                    ";".join(
                        ts.speaker.slug
                        for ts in sorted(t.talk_speakers.all(), key=lambda ts: ts.position)
                    ),
                    int(t.duration.total_seconds() // 60) if t.duration else "",
                    t.language,
                    t.abstract,
                    t.cancellation_note,
                ]
                for t in talks
            ),
        )
    if kind == "slots":
        wip = schedule_get_work_in_progress(conference=conference)
        slots = wip.slots.select_related("room", "talk").order_by("start", "room__position")
        return _write(
            COLUMNS[kind],
            (
                [
                    s.talk.slug if s.talk else "",
                    s.title,
                    s.room.name if s.room else "",
                    s.start.astimezone(tz).strftime(LOCAL_FORMAT),
                    s.end.astimezone(tz).strftime(LOCAL_FORMAT),
                ]
                for s in slots
            ),
        )
    raise ValueError(f"Unknown CSV kind {kind!r}; use one of {', '.join(KINDS)}.")


@dataclass
class RowResult:
    line: int
    action: str = ""  # "create", "update"
    label: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    rows: list[RowResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the file as a whole
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and all(not r.errors for r in self.rows)

    @property
    def bad_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.errors]


class RowError(Exception):
    pass


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _import_speaker(conference: Conference, row: dict[str, str], user: Any) -> tuple[str, str]:
    speaker = Speaker.objects.filter(slug=row["slug"]).first()
    action = "update" if speaker else "create"
    if speaker is None:
        speaker = Speaker(slug=row["slug"])
    elif not user.has_perm("talks.change_speaker", speaker):
        raise RowError(f"{speaker} also speaks at conferences you do not organize.")
    for name in [*COLUMNS["speakers"][1:], *IMPORT_ONLY["speakers"]]:
        if name in row:
            setattr(speaker, name, row[name])
    speaker_save(speaker=speaker)
    return action, speaker.name


def _import_talk(conference: Conference, row: dict[str, str], user: Any) -> tuple[str, str]:
    talk = conference.talks.filter(slug=row["slug"]).first()
    action = "update" if talk else "create"
    talk = talk or Talk(conference=conference, slug=row["slug"])
    for name in ("title", "kind", "state", "language", "abstract", "cancellation_note"):
        if row.get(name):
            setattr(talk, name, row[name])
    if "track" in row:
        talk.track = None
        if row["track"]:
            talk.track = conference.tracks.filter(slug=row["track"]).first()
            if talk.track is None:
                raise RowError(f"track: {conference} has no track “{row['track']}”.")
    if row.get("duration_minutes"):
        try:
            talk.duration = dt.timedelta(minutes=int(row["duration_minutes"]))
        except ValueError:
            raise RowError("duration_minutes: write a whole number of minutes.") from None
    tags = None
    if "tags" in row:
        slugs = _split(row["tags"])
        tags = list(Tag.objects.filter(slug__in=slugs))
        missing = set(slugs) - {t.slug for t in tags}
        if missing:
            raise RowError(f"tags: no tag {', '.join(sorted(missing))}.")
    speakers = None
    if "speakers" in row:
        slugs = _split(row["speakers"])
        found = {s.slug: s for s in Speaker.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise RowError(f"speakers: no speaker {', '.join(unknown)} (import speakers first).")
        # Those already on the talk stay; anyone new needs talks.attach_speaker.
        current = set(talk.talk_speakers.values_list("speaker_id", flat=True)) if talk.pk else set()
        refused = [
            slug
            for slug in dict.fromkeys(slugs)
            if found[slug].pk not in current
            and not user.has_perm("talks.attach_speaker", found[slug])
        ]
        if refused:
            raise RowError(f"speakers: {attach_refused_message(refused)}")
        speakers = [found[slug] for slug in dict.fromkeys(slugs)]
    # The one write path: validation, speakers and tags, "talk.changed" after commit.
    talk_save(talk=talk, speakers=speakers, tags=tags)
    return action, talk.title


def _local_time(conference: Conference, name: str, value: str) -> dt.datetime:
    try:
        naive = dt.datetime.strptime(value, LOCAL_FORMAT)
    except ValueError:
        raise RowError(f"{name}: write local time as YYYY-MM-DD HH:MM, not “{value}”.") from None
    return naive.replace(tzinfo=conference.tzinfo)


def _import_slot(conference: Conference, row: dict[str, str], user: Any) -> tuple[str, str]:
    wip = schedule_get_work_in_progress(conference=conference)
    talk = None
    if row.get("talk"):
        talk = conference.talks.filter(slug=row["talk"]).first()
        if talk is None:
            raise RowError(f"talk: {conference} has no talk “{row['talk']}”.")
    room = None
    if row.get("room"):
        room = conference.rooms.filter(name=row["room"]).first()
        if room is None:
            raise RowError(f"room: {conference} has no room “{row['room']}”.")
    start = _local_time(conference, "start", row["start"])
    end = _local_time(conference, "end", row["end"])
    if talk is not None:
        slot = wip.slots.filter(talk=talk).first()
    else:
        slot = wip.slots.filter(talk=None, title=row.get("title", ""), start=start).first()
    action = "update" if slot else "create"
    slot = slot or Slot(schedule=wip)
    slot.talk, slot.room, slot.start, slot.end = talk, room, start, end
    slot.title = row.get("title", "")
    slot_save(slot=slot)
    return action, slot.display_title


IMPORTERS: dict[str, Callable[[Conference, dict[str, str], Any], tuple[str, str]]] = {
    "speakers": _import_speaker,
    "talks": _import_talk,
    "slots": _import_slot,
}


def _read(text: str, kind: str, report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = REQUIRED[kind] - set(header)
    unknown = set(header) - set(COLUMNS[kind]) - set(IMPORT_ONLY[kind])
    if missing:
        report.errors.append(f"Missing column(s): {', '.join(sorted(missing))}.")
    if unknown:
        report.errors.append(f"Unknown column(s): {', '.join(sorted(unknown))}.")
    if report.errors:
        return []
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for raw in reader:
            if len(rows) >= MAX_ROWS:
                report.errors.append(f"More than {MAX_ROWS} rows; split the file.")
                return []
            if None in raw:
                report.errors.append(f"Line {reader.line_num}: more cells than columns.")
                return []
            row = {k.strip(): unquote_cell(v or "") for k, v in raw.items()}
            if any(row.values()):
                rows.append((reader.line_num, row))
    except csv.Error as error:
        report.errors.append(f"Line {reader.line_num}: not valid CSV ({error}).")
        return []
    if not rows:
        report.errors.append("The file has no rows.")
    return rows


def import_csv(
    *, conference: Conference, kind: str, text: str, user: Any, commit: bool
) -> ImportReport:
    """Check (commit=False) or apply (commit=True, only if every row is good) a CSV file."""
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown CSV kind {kind!r}; use one of {', '.join(KINDS)}.")
    report = ImportReport(kind=kind)
    rows = _read(text, kind, report)
    if report.errors:
        return report
    importer = IMPORTERS[kind]
    with transaction.atomic():
        for line, row in rows:
            result = RowResult(line=line)
            try:
                with transaction.atomic():
                    result.action, result.label = importer(conference, row, user)
            except RowError as error:
                result.errors.append(str(error))
            except ValidationError as error:
                result.errors.extend(_messages(error))
            except IntegrityError:
                result.errors.append("Refused by the database (it clashes with another row).")
            report.rows.append(result)
        report.committed = commit and report.ok
        if not report.committed:
            transaction.set_rollback(True)
    return report

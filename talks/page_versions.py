"""What each public page depends on, read in one query (for conference.caching.cached_page).

Each function returns a ContentVersion whose parts change whenever the page's content
does: the latest released schedule (id and time), counts (so additions and deletions
show) and max(updated_at) of the rows the page shows. None means "no such public page"
(talks.visibility's rule: a draft's page, a speaker or tag with no public talk): the
view then answers 404 itself, and never a 304. Indexes on the foreign keys keep these queries to
index scans (checked by tests/talks/test_explain.py).

Plain SQL on purpose: this runs on every request, cached or not, and building the same
query with annotated subqueries through the ORM cost ten times the query itself.
Table names come from the models, so the SQL follows any db_table change.

Not covered (no updated_at on the model): renaming a room, a track, a tag or a venue.
Saving the talks or conference concerned, or a new release, refreshes the pages.
"""

import datetime as dt
from typing import Any

from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from conference.caching import ContentVersion, latest
from conference.models import Conference
from talks.models import Schedule, Speaker, Tag, Talk, TalkSpeaker
from talks.visibility import talk_public_sql

CONFERENCE = Conference._meta.db_table
SCHEDULE = Schedule._meta.db_table
SPEAKER = Speaker._meta.db_table
TAG = Tag._meta.db_table
TALK = Talk._meta.db_table
TALK_SPEAKER = TalkSpeaker._meta.db_table
TALK_TAGS = Talk.tags.through._meta.db_table


def _latest_release(conference_id: str) -> str:
    """Two columns: the id and time of the conference's latest released schedule."""
    latest_release = (
        f"FROM {SCHEDULE} s WHERE s.conference_id = {conference_id} AND s.version <> '' "
        "ORDER BY s.released_at DESC, s.id DESC LIMIT 1"
    )
    return f"(SELECT s.id {latest_release}), (SELECT s.released_at {latest_release})"


def _moment(value: Any) -> dt.datetime | None:
    """A database timestamp as an aware datetime (SQLite returns text from raw SQL)."""
    if value is None or isinstance(value, dt.datetime):
        moment = value
    else:
        moment = parse_datetime(str(value))
    if moment is not None and timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def _row(model: type[Any], sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return tuple(row) if row is not None else None


def _version(row: tuple[Any, ...] | None, *moment_columns: int) -> ContentVersion | None:
    if row is None:
        return None
    moments = [_moment(row[i]) for i in moment_columns]
    parts = tuple(_moment(v) if i in moment_columns else v for i, v in enumerate(row))
    return ContentVersion(parts, latest(*moments))


HOME_SQL = f"SELECT COUNT(*), MAX(updated_at) FROM {CONFERENCE} WHERE published = %s"  # noqa: S608


def home_version(request: HttpRequest) -> ContentVersion:
    version = _version(_row(Conference, HOME_SQL, [True]), 1)
    if version is None:  # an aggregate always returns a row
        raise AssertionError(HOME_SQL)
    return version


CONFERENCE_SQL = f"""
SELECT c.id, c.updated_at, {_latest_release("c.id")},
  (SELECT COUNT(*) FROM {TALK} t WHERE t.conference_id = c.id),
  (SELECT MAX(t.updated_at) FROM {TALK} t WHERE t.conference_id = c.id),
  (SELECT MAX(sp.updated_at) FROM {TALK} t
     JOIN {TALK_SPEAKER} ts ON ts.talk_id = t.id JOIN {SPEAKER} sp ON sp.id = ts.speaker_id
     WHERE t.conference_id = c.id),
  (SELECT COUNT(*) FROM {TALK} t JOIN {TALK_SPEAKER} ts ON ts.talk_id = t.id
     WHERE t.conference_id = c.id)
FROM {CONFERENCE} c WHERE c.slug = %s AND c.published = %s
"""  # noqa: S608 - table names from the models; values are parameters


def conference_version(request: HttpRequest, slug: str, **_: Any) -> ContentVersion | None:
    """A conference's pages, its schedule pages, exports and calendar: all show the
    conference, its latest release, its talks and their speakers. Extra URL arguments
    (the day, the export's name) are in the path, which the page cache keys on."""
    return _version(_row(Conference, CONFERENCE_SQL, [slug, True]), 1, 3, 5, 6)


def api_conference_version(
    request: HttpRequest, conference_slug: str, **_: Any
) -> ContentVersion | None:
    """The same, for the API's /conferences/<conference_slug>/… routes."""
    return conference_version(request, conference_slug)


def now_version(request: HttpRequest, slug: str) -> ContentVersion | None:
    """Now & next changes with the clock as well: a new rendering each minute at most."""
    version = conference_version(request, slug)
    if version is None:
        return None
    minute = int(timezone.now().timestamp() // 60)
    return ContentVersion((*version.parts, minute), version.last_modified)


TALK_SQL = f"""
SELECT t.id, t.updated_at, c.updated_at, {_latest_release("c.id")},
  (SELECT COUNT(*) FROM {TALK_SPEAKER} ts WHERE ts.talk_id = t.id),
  (SELECT MAX(sp.updated_at) FROM {TALK_SPEAKER} ts
     JOIN {SPEAKER} sp ON sp.id = ts.speaker_id WHERE ts.talk_id = t.id),
  (SELECT COUNT(*) FROM {TALK_TAGS} tt WHERE tt.talk_id = t.id)
FROM {TALK} t JOIN {CONFERENCE} c ON c.id = t.conference_id
WHERE c.slug = %s AND t.slug = %s AND {talk_public_sql("t", "c")}
"""  # noqa: S608 - table names from the models; values are parameters


def talk_version(request: HttpRequest, conference: str, slug: str) -> ContentVersion | None:
    return _version(_row(Talk, TALK_SQL, [conference, slug]), 1, 2, 4, 6)


SPEAKER_SQL = f"""
SELECT sp.id, sp.updated_at,
  (SELECT COUNT(*) FROM {TALK_SPEAKER} ts WHERE ts.speaker_id = sp.id),
  (SELECT MAX(t.updated_at) FROM {TALK_SPEAKER} ts
     JOIN {TALK} t ON t.id = ts.talk_id WHERE ts.speaker_id = sp.id),
  (SELECT MAX(c.updated_at) FROM {TALK_SPEAKER} ts JOIN {TALK} t ON t.id = ts.talk_id
     JOIN {CONFERENCE} c ON c.id = t.conference_id WHERE ts.speaker_id = sp.id)
FROM {SPEAKER} sp WHERE sp.slug = %s AND EXISTS (
  SELECT 1 FROM {TALK_SPEAKER} ts JOIN {TALK} t ON t.id = ts.talk_id
    JOIN {CONFERENCE} c ON c.id = t.conference_id
  WHERE ts.speaker_id = sp.id AND {talk_public_sql("t", "c")})
"""  # noqa: S608 - table names from the models; values are parameters


def speaker_version(request: HttpRequest, slug: str) -> ContentVersion | None:
    return _version(_row(Speaker, SPEAKER_SQL, [slug]), 1, 3, 4)


TAG_SQL = f"""
SELECT g.id, g.name,
  (SELECT COUNT(*) FROM {TALK_TAGS} tt WHERE tt.tag_id = g.id),
  (SELECT MAX(t.updated_at) FROM {TALK_TAGS} tt
     JOIN {TALK} t ON t.id = tt.talk_id WHERE tt.tag_id = g.id),
  (SELECT MAX(c.updated_at) FROM {TALK_TAGS} tt JOIN {TALK} t ON t.id = tt.talk_id
     JOIN {CONFERENCE} c ON c.id = t.conference_id WHERE tt.tag_id = g.id)
FROM {TAG} g WHERE g.slug = %s AND EXISTS (
  SELECT 1 FROM {TALK_TAGS} tt JOIN {TALK} t ON t.id = tt.talk_id
    JOIN {CONFERENCE} c ON c.id = t.conference_id
  WHERE tt.tag_id = g.id AND {talk_public_sql("t", "c")})
"""  # noqa: S608 - table names from the models; values are parameters


def tag_version(request: HttpRequest, slug: str) -> ContentVersion | None:
    return _version(_row(Tag, TAG_SQL, [slug]), 3, 4)


CATALOGUE_SQL = f"""
SELECT (SELECT COUNT(*) FROM {CONFERENCE}), (SELECT MAX(updated_at) FROM {CONFERENCE}),
  (SELECT COUNT(*) FROM {TALK}), (SELECT MAX(updated_at) FROM {TALK}),
  (SELECT COUNT(*) FROM {SPEAKER}), (SELECT MAX(updated_at) FROM {SPEAKER}),
  (SELECT COUNT(*) FROM {TALK_SPEAKER})
"""  # noqa: S608 - table names from the models


def catalogue_version(request: HttpRequest) -> ContentVersion:
    """Search looks across every conference, talk and speaker: any change to them."""
    version = _version(_row(Talk, CATALOGUE_SQL, []), 1, 3, 5)
    if version is None:  # aggregates always return a row
        raise AssertionError(CATALOGUE_SQL)
    return version

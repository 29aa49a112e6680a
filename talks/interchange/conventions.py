"""Identifiers and conventions shared by the schedule exports and imports.

Kept in one place so that what an export writes, an import reads back as the same thing
(the round trip: export → import into an empty database → export gives the same document).
"""

import re
import uuid

from django.utils.encoding import iri_to_uri
from django.utils.text import slugify

from conference.models import Conference

# Namespace for identifiers Hallway derives (rooms, speakers, talks without a guid).
INTERCHANGE_NAMESPACE = uuid.UUID("0b3a9a57-5c3e-4f0e-8d8f-6e1f5a2c7d41")

# frab events need a room; a Hallway slot without one spans every room (the evening
# social). Exports list such talks under this pseudo-room, after the real rooms, and
# imports read a room of this exact name back as "no room".
ALL_ROOMS_NAME = "All rooms"

# Speaker identifiers stored by imports (SpeakerIdentifier.scheme).
SCHEME_GUID = "guid"

_JSON_TIMEZONE = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def conference_acronym(conference: Conference) -> str:
    """A frab acronym from the slug: lowercase letters, digits and underscores, 4+ long.

    Hyphens become underscores because the JSON schema only allows a hyphen in the
    "-2024-xyz" suffix shape.
    """
    acronym = re.sub(r"[^a-z0-9_]", "_", conference.slug.lower())
    return acronym.ljust(4, "_")


# schedule.xml wants at least 4 characters after the acronym, schedule.json a slug
# ending in a letter or digit: shorter talk slugs get leading underscores, which
# slugify() never leaves at the start of a slug, so imports strip them back off.
XML_SLUG_MIN = 4


def event_slug(conference: Conference, talk_slug: str) -> str:
    """The frab event slug: acronym-talkslug, which imports strip back to the talk slug."""
    tail = re.sub(r"[^a-z0-9_-]", "-", talk_slug.lower()).rjust(XML_SLUG_MIN, "_")
    return f"{conference_acronym(conference)}-{tail}"


def talk_slug_from_event_slug(acronym: str, value: str) -> str:
    prefix = f"{acronym}-"
    if acronym and value.startswith(prefix) and len(value) > len(prefix):
        value = value[len(prefix) :]
    if len(value.lstrip("_")) < XML_SLUG_MIN:
        value = value.lstrip("_")
    return slugify(value)[:120]


def escaped_uri(url: str) -> str:
    """A URL as a strict "uri" (RFC 3986): IRI characters percent-encoded, and any "#"
    after the first (a fragment cannot hold one) as %23."""
    uri = iri_to_uri(url)
    head, hash_mark, fragment = uri.partition("#")
    return head + hash_mark + fragment.replace("#", "%23")


def speaker_guid(slug: str) -> uuid.UUID:
    """A stable person id derived from the speaker's public slug (never from an e-mail)."""
    return uuid.uuid5(INTERCHANGE_NAMESPACE, f"speaker/{slug}")


def room_guid(conference: Conference, room_name: str) -> uuid.UUID:
    return uuid.uuid5(INTERCHANGE_NAMESPACE, f"room/{conference.slug}/{room_name}")


def derived_talk_uuid(conference_slug: str, key: str) -> uuid.UUID:
    """A talk uuid for a source without guids (pentabarf, pyvideo): stable across imports."""
    return uuid.uuid5(INTERCHANGE_NAMESPACE, f"talk/{conference_slug}/{key}")


def json_time_zone_name(name: str) -> str | None:
    """The time zone as schedule.json allows it (its pattern rejects e.g. "Etc/GMT+5")."""
    return name if _JSON_TIMEZONE.match(name) else None

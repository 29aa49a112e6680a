"""Match the people in a file to Hallway's speakers, so the catalogue grows one person
at a time across conferences.

In order: a stored identifier (the person's guid, or the source's id scoped to the
source's host, "id@fosdem.org"; for a source that names people only, the normalised
name scoped to the source, "name@pyvideo.org"); else the normalised name
(Speaker.name_key, the one talks.names.normalise_name), accepted when exactly one
speaker has it and no link or e-mail on both sides disagrees; else a new speaker.
The identifier is stored (unique per scheme and value), so a second import of the same
source finds the same speaker whatever the name matching found the first time.
Every match and every new record goes into the report (a dry run lists them all).
"""

import uuid

from django.utils.text import slugify

from talks.interchange.conventions import INTERCHANGE_NAMESPACE, SCHEME_GUID
from talks.interchange.imports.parsed import ParsedPerson
from talks.interchange.imports.report import ImportReport, validated
from talks.models import Speaker, SpeakerIdentifier
from talks.names import normalise_name
from talks.services import speakers_import_bulk

CHUNK = 500


def _agrees(person: ParsedPerson, speaker: Speaker) -> bool:
    if person.email and speaker.email and person.email.lower() != speaker.email.lower():
        return False
    return not (
        person.website
        and speaker.website
        and person.website.rstrip("/") != speaker.website.rstrip("/")
    )


class SpeakerResolver:
    def __init__(self, *, report: ImportReport, source_host: str) -> None:
        self.report = report
        self.source_host = source_host

    def identifiers(self, person: ParsedPerson) -> list[tuple[str, str]]:
        found = []
        if person.guid:
            found.append((SCHEME_GUID, person.guid))
        if person.source_id and self.source_host:
            found.append((f"id@{self.source_host}", person.source_id))
        if person.code and self.source_host:
            found.append((f"code@{self.source_host}", person.code))
        if not found:
            # A person known only by name: the name is the source's identity for them.
            found.append((f"name@{self.source_host or 'file'}", normalise_name(person.name)))
        return found

    def key(self, person: ParsedPerson) -> str:
        ids = self.identifiers(person)
        return f"{ids[0][0]}:{ids[0][1]}"

    def resolve(self, persons: list[ParsedPerson]) -> dict[str, Speaker]:
        """One Speaker per distinct person key, created where nothing matches."""
        unique: dict[str, ParsedPerson] = {}
        for person in persons:
            unique.setdefault(self.key(person), person)
        result: dict[str, Speaker] = {}
        by_identifier = self._by_identifier(list(unique.values()))
        by_name = self._by_name([p for k, p in unique.items() if k not in by_identifier])
        new: list[tuple[str, ParsedPerson, Speaker]] = []
        for key, person in unique.items():
            speaker = by_identifier.get(key)
            how = "by name" if key.startswith("name@") else "by id"
            if speaker is None:
                candidates = by_name.get(normalise_name(person.name), [])
                agreeing = [s for s in candidates if _agrees(person, s)]
                speaker = agreeing[0] if len(agreeing) == 1 else None
                how = "by name"
            if speaker is not None:
                result[key] = speaker
                self.report.add(
                    "matched", f"person {person.name!r}", f"speaker {speaker.slug} {how}"
                )
                continue
            speaker = Speaker(
                name=person.name,
                bio=person.biography,
                email=person.email,
                website=person.website,
            )
            new.append((key, person, speaker))
        self._create(new, result)
        self._remember(unique, result)
        return result

    def _by_identifier(self, persons: list[ParsedPerson]) -> dict[str, Speaker]:
        wanted = {pair: self.key(p) for p in persons for pair in self.identifiers(p)}
        values_by_scheme: dict[str, list[str]] = {}
        for scheme, value in wanted:
            values_by_scheme.setdefault(scheme, []).append(value)
        found: dict[str, Speaker] = {}
        for scheme, values in values_by_scheme.items():
            for start in range(0, len(values), CHUNK):
                identifiers = SpeakerIdentifier.objects.filter(
                    scheme=scheme, value__in=values[start : start + CHUNK]
                ).select_related("speaker")
                for identifier in identifiers:
                    key = wanted[(identifier.scheme, identifier.value)]
                    found.setdefault(key, identifier.speaker)
        return found

    def _by_name(self, persons: list[ParsedPerson]) -> dict[str, list[Speaker]]:
        keys = sorted({normalise_name(p.name) for p in persons})
        found: dict[str, list[Speaker]] = {}
        for start in range(0, len(keys), CHUNK):
            for speaker in Speaker.objects.filter(name_key__in=keys[start : start + CHUNK]):
                found.setdefault(speaker.name_key, []).append(speaker)
        return found

    def _create(
        self, new: list[tuple[str, ParsedPerson, Speaker]], result: dict[str, Speaker]
    ) -> None:
        bases = {slugify(p.name)[:80] or "speaker" for _, p, _ in new}
        taken = set(Speaker.objects.filter(slug__in=bases).values_list("slug", flat=True))
        for key, person, speaker in new:
            slug = slugify(person.name)[:80] or "speaker"
            if slug in taken:
                # Deterministic, so a dry run and the real run name the same slug.
                slug = base = f"{slug[:73]}-{uuid.uuid5(INTERCHANGE_NAMESPACE, key).hex[:6]}"
                number = 2
                while slug in taken or Speaker.objects.filter(slug=slug).exists():
                    slug, number = f"{base}-{number}", number + 1
            taken.add(slug)
            speaker.slug = slug
            validated(speaker, f"person {person.name!r}", ["user", "photo"])
            result[key] = speaker
            self.report.add("created", f"person {person.name!r}", f"new speaker {slug}")
        speakers_import_bulk(speakers=[speaker for _, _, speaker in new])

    def _remember(self, unique: dict[str, ParsedPerson], result: dict[str, Speaker]) -> None:
        SpeakerIdentifier.objects.bulk_create(
            [
                SpeakerIdentifier(speaker=result[key], scheme=scheme, value=value)
                for key, person in unique.items()
                for scheme, value in self.identifiers(person)
            ],
            ignore_conflicts=True,
        )

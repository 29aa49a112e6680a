"""A pyvideo catalogue of a few hundred events, with the shapes the real one has (accent
and case variants of one person's name, NFD spellings, the dotted İ, float durations,
records without a title), beside the two real events in ../shared/formats: every valid
record goes in, and a second run changes nothing and creates no speaker."""

import io
import json
import random
import shutil
import unicodedata

import pytest
from django.core.management import call_command
from django.db.models import Max

from talks.models import Resource, Speaker, Talk
from talks.names import normalise_name
from tests.talks.formats import EXAMPLES, needs_formats

pytestmark = pytest.mark.django_db

EVENTS = 200
PEOPLE = ["Gaël Varoquaux", "İlker Kaya", "Zoë Ünal", "José Pérez", "Ann Lee", "Łukasz Nowak"]


def _spelling(rng: random.Random, name: str) -> str:
    """One of the ways a real catalogue writes the same name."""
    return rng.choice(
        [
            name,
            name.upper(),
            name.lower(),
            unicodedata.normalize("NFD", name),
            normalise_name(name).title(),
            f" {name}  ",
        ]
    )


def _generate(root, rng: random.Random) -> tuple[int, int]:
    """Write the catalogue; returns (valid records, invalid records)."""
    valid = invalid = 0
    for number in range(EVENTS):
        event = root / f"generated-{number:03d}"
        (event / "videos").mkdir(parents=True)
        (event / "category.json").write_text(json.dumps({"title": f"Generated {number}"}))
        for talk in range(2):
            record: dict = {
                "title": f"Talk {talk} of event {number}",
                "speakers": [_spelling(rng, rng.choice(PEOPLE)), f"Speaker {number}-{talk}"],
                "duration": rng.choice([1800, 2223.0, None]),
                "videos": [{"type": "youtube", "url": f"https://youtu.be/v{number}x{talk}"}],
                "recorded": "2019-05-04",
            }
            if number % 40 == 7 and talk == 1:
                del record["title"]  # the real catalogue's record without a title
                invalid += 1
            else:
                valid += 1
            (event / "videos" / f"talk-{talk}.json").write_text(json.dumps(record))
    return valid, invalid


@needs_formats
def test_catalogue_imports_every_valid_record_and_a_second_run_changes_nothing(tmp_path):
    valid, invalid = _generate(tmp_path, random.Random(15))  # noqa: S311 - test data, not secrets
    for real in ("pycon-us-2015", "pytennessee-2017"):
        shutil.copytree(EXAMPLES / "pyvideo" / real, tmp_path / real)
    out = io.StringIO()
    call_command("import_pyvideo", str(tmp_path), stdout=out)

    assert Talk.objects.count() == valid + 134 + 1
    assert "<title> is missing or empty: video left out" in out.getvalue()
    # Each person of the list is one speaker however the records spell them.
    for person in PEOPLE:
        assert Speaker.objects.filter(name_key=normalise_name(person)).count() == 1
    before = (
        Talk.objects.count(),
        Speaker.objects.count(),
        Resource.objects.count(),
        Talk.objects.aggregate(Max("updated_at")),
        Speaker.objects.aggregate(Max("updated_at")),
    )

    again = io.StringIO()
    call_command("import_pyvideo", str(tmp_path), stdout=again)
    after = (
        Talk.objects.count(),
        Speaker.objects.count(),
        Resource.objects.count(),
        Talk.objects.aggregate(Max("updated_at")),
        Speaker.objects.aggregate(Max("updated_at")),
    )
    assert after == before
    lines = again.getvalue().splitlines()
    assert [line for line in lines if line.startswith(("created", "updated"))] == []
    assert invalid == len([line for line in lines if "video left out" in line])

"""Control characters: refused in every text field that is written, removed from output.

A control character (ESC, NUL, a bell, …) in a title or comment is never what a person
meant to write, and some formats cannot hold it at all: XML 1.0 (the Atom feed) refuses
it, and a raw ESC in an .ics reaches a calendar app as a terminal escape. Tab, line feed
and carriage return are the only ones allowed, as in any multi-line text field.

``refuse_control_characters_in_text_fields`` runs once at start-up (ConferenceConfig.ready)
and adds ``validate_no_control_characters`` to every CharField and TextField of Hallway's
own models, so each service's full_clean(), the admin and the API's model serializers
refuse them with a field message: one rule, one place, no per-field repetition.
"""

import unicodedata

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

ALLOWED_CONTROLS = frozenset("\t\n\r")
HALLWAY_APPS = ("conference", "talks")


def is_control_character(char: str) -> bool:
    return char not in ALLOWED_CONTROLS and unicodedata.category(char) == "Cc"


def validate_no_control_characters(value: object) -> None:
    if not isinstance(value, str):
        return
    bad = sorted({char for char in value if is_control_character(char)})
    if bad:
        raise ValidationError(
            "Remove the control characters %(chars)s; they cannot be shown or exported.",
            code="control_characters",
            params={"chars": " ".join(f"U+{ord(char):04X}" for char in bad)},
        )


def without_control_characters(text: str) -> str:
    """Text for output formats that cannot hold control characters (rows written earlier)."""
    if not any(is_control_character(char) for char in text):
        return text
    return "".join(char for char in text if not is_control_character(char))


def refuse_control_characters_in_text_fields() -> None:
    # Appended to the field's cached validator list, not to its constructor arguments, so
    # migrations do not see a change (the rule is behaviour, not schema).
    for label in HALLWAY_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                text = isinstance(field, models.CharField | models.TextField)
                if text and validate_no_control_characters not in field.validators:
                    field.validators.append(validate_no_control_characters)

"""The official schedule schemas and example files, read in place from ../shared/formats/.

They are not copied into the repository: the schemas are EUPL-1.2 and the real
exports belong to their conferences; CI clones the repo beside a copy of shared/.
HALLWAY_FORMATS_DIR points elsewhere (e.g. a worktree not beside shared/).
"""

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
from django.conf import settings
from lxml import etree

FORMATS_DIR = Path(
    os.environ.get("HALLWAY_FORMATS_DIR") or settings.BASE_DIR.parent / "shared" / "formats"
)
EXAMPLES = FORMATS_DIR / "examples"

needs_formats = pytest.mark.skipif(
    not (FORMATS_DIR / "schedule.xml.xsd").is_file(),
    reason=f"schedule schemas not found at {FORMATS_DIR} (clone beside shared/ or set "
    "HALLWAY_FORMATS_DIR)",
)


@cache
def _xml_schemas() -> tuple[Any, Any]:
    xsd = FORMATS_DIR / "schedule.xml.xsd"
    return xmlschema.XMLSchema10(str(xsd)), etree.XMLSchema(etree.parse(str(xsd)))


@cache
def _json_validator() -> Any:
    schema = json.loads((FORMATS_DIR / "schedule.schema.json").read_text())
    return jsonschema.Draft6Validator(
        schema,
        format_checker=jsonschema.FormatChecker(),  # every known format: date, uuid, color too
    )


def xml_errors(document: bytes) -> list[str]:
    """Schema errors from both xmlschema and lxml (libxml2), which catch different things."""
    by_xmlschema, by_lxml = _xml_schemas()
    tree = etree.fromstring(document)
    errors = [f"{e.path}: {e.reason}" for e in by_xmlschema.iter_errors(tree)]
    if not by_lxml.validate(tree):
        errors += [f"line {e.line}: {e.message}" for e in by_lxml.error_log]
    return errors


def json_errors(document: bytes) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
        for e in _json_validator().iter_errors(json.loads(document))
    ]

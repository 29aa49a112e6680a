"""The export files of a conference, for the conference page and the API to list."""

from dataclasses import dataclass

from django.urls import reverse

from conference.models import Conference


@dataclass(frozen=True)
class ExportLink:
    name: str  # file name, e.g. "schedule.xml"
    label: str
    media_type: str
    url: str


_EXPORTS = [
    ("schedule.xml", "Schedule (frab XML)", "application/xml", True),
    ("schedule.json", "Schedule (frab JSON)", "application/json", True),
    ("schedule.csv", "Schedule (CSV)", "text/csv", True),
    ("talks.csv", "Talks (CSV)", "text/csv", False),
]


def export_links(*, conference: Conference, released: bool) -> list[ExportLink]:
    """The exports that answer 200: schedule files only once a schedule is released."""
    return [
        ExportLink(
            name,
            label,
            media_type,
            reverse(f"exports:{name.replace('.', '_')}", kwargs={"slug": conference.slug}),
        )
        for name, label, media_type, needs_release in _EXPORTS
        if released or not needs_release
    ]

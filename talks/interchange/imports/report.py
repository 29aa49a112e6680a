"""What an import did, element by element, and the error that stops one."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError


class ImportFailed(Exception):
    """The file cannot be used; nothing was written. Names the element at fault."""

    def __init__(self, element: str, message: str) -> None:
        super().__init__(f"{element}: {message}")
        self.element = element
        self.message = message


@dataclass(frozen=True)
class ReportLine:
    action: str  # created, updated, matched, cancelled, skipped, note
    element: str
    message: str

    def __str__(self) -> str:
        return f"{self.action:<9} {self.element}: {self.message}"


@dataclass
class ImportReport:
    lines: list[ReportLine] = field(default_factory=list)
    dry_run: bool = False

    def add(self, action: str, element: str, message: str) -> None:
        self.lines.append(ReportLine(action, element, message))

    def skip(self, element: str, message: str) -> None:
        self.add("skipped", element, message)

    def note(self, element: str, message: str) -> None:
        self.add("note", element, message)

    def extend(self, other: "ImportReport") -> None:
        self.lines.extend(other.lines)

    def of(self, action: str) -> list[ReportLine]:
        return [line for line in self.lines if line.action == action]

    @property
    def counts(self) -> Counter[str]:
        return Counter(line.action for line in self.lines)

    def summary(self) -> str:
        counts = self.counts
        parts = [f"{counts[action]} {action}" for action in sorted(counts)]
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        return prefix + (", ".join(parts) or "nothing to do")


def validated(instance: Any, element: str, exclude: list[str]) -> None:
    """clean_fields() with the model's messages turned into an ImportFailed naming element."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        details = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
        raise ImportFailed(element, details) from error

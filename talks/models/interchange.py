"""Identifiers other systems give to Hallway's records, so a re-import finds them again."""

from django.db import models

from talks.models.catalogue import Speaker


class SpeakerIdentifier(models.Model):
    """An id a schedule source uses for a speaker: a frab/pretalx person guid, or an id
    scoped to the system that issued it ("id@fosdem.org")."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=200, help_text='"guid", or "id@<source host>".')
    value = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["speaker", "scheme"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "value"], name="speaker_identifier_unique_per_scheme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value} → {self.speaker_id}"

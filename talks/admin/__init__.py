"""The organizer admin for the catalogue, split by what it holds."""

from talks.admin import catalogue, schedule

__all__ = ["catalogue", "schedule"]

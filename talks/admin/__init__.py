"""The organizer admin for the catalogue, one module per entity; importing them registers
their ModelAdmins."""

from talks.admin import followups, resources, schedule, speakers, talks, webhooks

__all__ = ["followups", "resources", "schedule", "speakers", "talks", "webhooks"]
